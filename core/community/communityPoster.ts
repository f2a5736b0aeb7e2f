// The outbox's carrier for community rooms (design.md "Pipelines"): an entry's padded Content is
// signed with our blinded key for the room's server (§6.4) and posted to the room. What the server
// answers (the post's ID, seqno, time) is recorded with the message, so that the poll that brings
// the post back recognises it as ours. A refusal that will not pass (banned, no write permission,
// the room gone) fails the message at once; a busy or unreachable server is tried again.
import { signBlinded } from '../../shared/protocol/community/blinding';
import { toBase64 } from '../../shared/protocol/base64';
import { readRoomUpdate, type RoomUpdate } from '../../shared/protocol/community/roomUpdates';
import type { Logger } from '../logging/logger';
import type { OutboxCarrier } from '../messaging/outbox';
import { NetworkError } from '../network/onionClient';
import type { CommunityRecord, CommunityRepository } from '../store/communityRepository';
import type { OutboxEntry } from '../store/outboxRepository';
import { CommunityError, type CommunityClient } from './communityClient';

/** What the server said of a post just made, for the receiver to record (communityReceiver.ts). */
export interface PostedMessage {
  readonly messageId: number;
  readonly room: CommunityRecord;
  readonly update: RoomUpdate;
  readonly data: Uint8Array;
  readonly signature: Uint8Array;
}

/** Refusals that a retry cannot change (§6.2 errors); 425 (clock) and 429 (too fast) pass. */
export function isFinalRefusal(error: unknown): boolean {
  if (!(error instanceof CommunityError)) return false;
  if (error.code === 'communityClockOrNonce' || error.code === 'communityRateLimited') return false;
  return error.status !== undefined && error.status >= 400 && error.status < 500;
}

export class CommunityPoster implements OutboxCarrier {
  constructor(
    private readonly options: {
      readonly client: CommunityClient;
      readonly communities: CommunityRepository;
      readonly ed25519SecretKey: Uint8Array;
      readonly logger: Logger;
      /** Records a post the server took. */
      readonly posted: (post: PostedMessage) => Promise<void>;
      /** The room files a message carries (roomFiles.ts), to list in its post. */
      readonly filesOf?: ((messageId: number, room: CommunityRecord) => number[]) | undefined;
    },
  ) {}

  async deliver(entry: OutboxEntry): Promise<void> {
    const room = this.options.communities.get(entry.destination);
    if (!room) throw new NetworkError('storeRefused', 'You are no longer in this community.');
    const signature = await signBlinded(entry.data, this.options.ed25519SecretKey, room.publicKey);
    // §5.3: uploads a post does not list are let go after an hour.
    const files = entry.messageId === null ? [] : (this.options.filesOf?.(entry.messageId, room) ?? []);
    let body: unknown;
    try {
      const reply = await this.options.client.send(
        { baseUrl: room.baseUrl, publicKey: room.publicKey },
        {
          method: 'POST',
          path: `/room/${encodeURIComponent(room.room)}/message`,
          json: {
            data: toBase64(entry.data),
            signature: toBase64(signature),
            // §6.4: a whisper is seen by its one member and/or the moderators (and us).
            ...(entry.whisper?.to ? { whisper_to: entry.whisper.to } : {}),
            ...(entry.whisper?.moderators ? { whisper_mods: true } : {}),
            ...(files.length > 0 ? { files } : {}),
          },
        },
        'your message',
      );
      body = reply.body;
    } catch (error) {
      if (isFinalRefusal(error)) throw new NetworkError('storeRefused', (error as Error).message);
      throw error;
    }
    const update = readRoomUpdate(body);
    // The server took the post: posting it again would show it twice. Without a usable answer, the
    // next poll recognises it by its sent time instead.
    if (update?.posted === undefined) {
      this.options.logger.warn('a community took a post but answered without its ID');
      return;
    }
    if (entry.messageId !== null) {
      await this.options.posted({ messageId: entry.messageId, room, update, data: entry.data, signature });
    }
  }
}
