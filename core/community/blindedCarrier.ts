// The outbox's carrier for blinded DMs (design.md "Pipelines"): the sealed message goes to
// `POST /inbox/<15…>` of the recipient's server (protocol-messages.md §6.6). A 404 means the
// member never used that server: nothing will change that, so the message fails at once, in words.
import { toBase64 } from '../../shared/protocol/base64';
import type { OutboxCarrier } from '../messaging/outbox';
import { NetworkError } from '../network/onionClient';
import type { BlindedRepository } from '../store/blindedRepository';
import type { OutboxEntry } from '../store/outboxRepository';
import { CommunityError, type CommunityClient } from './communityClient';
import { isFinalRefusal } from './communityPoster';

export const notOnServer = 'This person has not used this community, so it cannot take a message for them.';

export class BlindedCarrier implements OutboxCarrier {
  constructor(
    private readonly options: {
      readonly client: CommunityClient;
      readonly repository: BlindedRepository;
    },
  ) {}

  async deliver(entry: OutboxEntry): Promise<void> {
    const contact = this.options.repository.contact(entry.destination);
    if (!contact) throw new NetworkError('storeRefused', 'This conversation no longer exists.');
    try {
      await this.options.client.send(
        { baseUrl: contact.baseUrl, publicKey: contact.serverKey },
        {
          method: 'POST',
          path: `/inbox/${contact.blindedId}`,
          json: { message: toBase64(entry.data) },
        },
        'your message',
      );
    } catch (error) {
      if (error instanceof CommunityError && error.status === 404) {
        throw new NetworkError('storeRefused', notOnServer);
      }
      if (isFinalRefusal(error)) throw new NetworkError('storeRefused', (error as Error).message);
      throw error;
    }
  }
}
