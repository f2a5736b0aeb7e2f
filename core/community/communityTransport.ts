// Community posts (protocol-messages.md §6.4): one copy, the padded Content unencrypted, posted to
// the room by the outbox (communityPoster.ts signs it then). In a community we are known by our
// blinded ID for its server, so a quote of our own message names that ID, not our Session ID.
import { encodeContent } from '../../shared/protocol/messages/codec';
import { padMessage } from '../../shared/protocol/messages/sessionProtocol';
import type { ConversationTransport, OutgoingMessage } from '../messaging/conversationTransport';
import { MessengerError } from '../messaging/messengerError';
import type { NewOutboxEntry } from '../store/outboxRepository';

/** pysogs takes posts far larger, but a message is text and file pointers: this bounds a flood. */
const maximumPostBytes = 64 * 1024;

export class CommunityTransport implements ConversationTransport {
  readonly sendsReceipts = false;

  constructor(
    private readonly options: {
      readonly ownSessionId: string;
      /** We take no blinded DMs from strangers: our posts say so (DataMessage 106, §3). */
      readonly refusesRequests?: (() => boolean) | undefined;
      /** Our blinded ID in a joined room; undefined when the room is not joined. */
      readonly ownIdIn: (conversationId: string) => Promise<string | undefined>;
      /** Whether the room counts us among its moderators (pollInfo, §6.5). */
      readonly moderatorIn: (conversationId: string) => boolean;
    },
  ) {}

  async entries(message: OutgoingMessage): Promise<NewOutboxEntry[]> {
    const ownId = await this.options.ownIdIn(message.conversationId);
    if (ownId === undefined) {
      throw new MessengerError('conversationMissing', 'You are not in this community: join it first.');
    }
    // Only what people see goes to a room: receipts, typing and settings mean nothing there.
    if (message.purpose !== 'message') return [];
    // §6.7: only moderators whisper; refused here, before anything is kept.
    if (message.whisper && !this.options.moderatorIn(message.conversationId)) {
      throw new MessengerError('notGroupAdmin', 'Only the room’s moderators can whisper.');
    }
    const content = message.content(undefined);
    // The sent time rides in the post itself (§6.4, as desktop sends it): the poll that brings our
    // post back before the server's answer to it recognises it by this.
    if (content.dataMessage) content.dataMessage.timestamp = message.sentAt;
    if (content.dataMessage && this.options.refusesRequests?.()) {
      content.dataMessage.blocksCommunityMessageRequests = true;
    }
    const quote = content.dataMessage?.quote;
    if (quote?.author === this.options.ownSessionId) quote.author = ownId;
    // A room's messages do not disappear (§6: the server keeps them).
    delete content.expirationType;
    delete content.expirationTimer;
    const data = padMessage(encodeContent(content));
    if (data.length > maximumPostBytes) {
      throw new MessengerError('messageTooLong', 'This message is too long for a community: shorten it.');
    }
    return [
      {
        messageId: message.messageId,
        purpose: message.purpose,
        destination: message.conversationId,
        data,
        ttlMs: message.ttlMs,
        ...(message.whisper ? { whisper: message.whisper } : {}),
      },
    ];
  }
}
