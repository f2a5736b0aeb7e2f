// Blinded DMs (protocol-messages.md §6.6; design.md "Conversation kinds"): a conversation with a
// community member known by their 15… ID. Each message is padded Content sealed for that ID
// (blindedMessages.ts) and left in the inbox of the one server the ID belongs to, by the outbox
// (blindedCarrier.ts). There is no copy for our other devices: they read it from the server's
// outbox (§6.6 "For outbox items swap roles").
import { encryptForBlindedRecipient } from '../../shared/protocol/community/blindedMessages';
import { encodeContent } from '../../shared/protocol/messages/codec';
import { padMessage } from '../../shared/protocol/messages/sessionProtocol';
import type { ConversationTransport, OutgoingMessage } from '../messaging/conversationTransport';
import { MessengerError } from '../messaging/messengerError';
import type { BlindedRepository } from '../store/blindedRepository';
import type { NewOutboxEntry } from '../store/outboxRepository';

/** The same bound as a room's post: a DM is text and file pointers. */
const maximumMessageBytes = 64 * 1024;

export class BlindedTransport implements ConversationTransport {
  // Desktop sends neither receipts nor typing through an inbox.
  readonly sendsReceipts = false;

  constructor(
    private readonly options: {
      readonly repository: BlindedRepository;
      readonly ed25519SecretKey: Uint8Array;
      /** Whether we refuse blinded DMs ourselves (the "community message requests" setting off). */
      readonly refusesRequests: () => boolean;
    },
  ) {}

  async entries(message: OutgoingMessage): Promise<NewOutboxEntry[]> {
    const contact = this.options.repository.contact(message.conversationId);
    if (!contact) {
      throw new MessengerError(
        'conversationMissing',
        'A community member is messaged from their room: choose Message on their name there.',
      );
    }
    const content = message.content(undefined);
    if (content.dataMessage) {
      // The sent time rides in the message (an inbox item has only the server's time): our other
      // devices, reading the server's outbox, name the message as we do, and see it once.
      content.dataMessage.timestamp = message.sentAt;
      // §3 DataMessage 106: tells the member that we take no blinded DMs from strangers.
      if (this.options.refusesRequests()) content.dataMessage.blocksCommunityMessageRequests = true;
    }
    const padded = padMessage(encodeContent(content));
    if (padded.length > maximumMessageBytes) {
      throw new MessengerError('messageTooLong', 'This message is too long for a community: shorten it.');
    }
    const data = await encryptForBlindedRecipient(
      padded,
      this.options.ed25519SecretKey,
      contact.serverKey,
      contact.blindedId,
    );
    return [
      {
        messageId: message.messageId,
        purpose: message.purpose,
        destination: message.conversationId,
        data,
        ttlMs: message.ttlMs,
      },
    ];
  }
}
