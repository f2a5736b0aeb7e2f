// How a conversation's messages travel, one implementation per conversation kind (design.md
// "Conversation kinds"): a one-to-one chat stores each message in the recipient's swarm with a copy
// in ours (directTransport.ts); a closed group stores one message in the group's swarm, which every
// member's devices poll (core/groups/groupTransport.ts). The messenger builds the Content and keeps
// the shared part (the message model, the outbox, receipts of reading); the transport says where
// the bytes go and in what envelope.
import type { CommunityWhisper } from '../store/outboxRepository';
import type { Content } from '../../shared/protocol/messages/codec';
import type { NewOutboxEntry, OutboxPurpose } from '../store/outboxRepository';

export { type ConversationKind, conversationKindOf } from '../../shared/protocol/identity/conversationId';

export interface OutgoingMessage {
  readonly conversationId: string;
  readonly sentAt: number;
  /**
   * The Content for one copy; `syncTarget` is set on the copy that a one-to-one message leaves in
   * our own swarm for our other devices (protocol-messages.md §3).
   */
  readonly content: (syncTarget: string | undefined) => Content;
  readonly messageId: number | null;
  readonly purpose: Exclude<OutboxPurpose, 'syncCopy'>;
  readonly ttlMs: number;
  /** Whether our other devices need a copy (a one-to-one chat's only; a group's devices poll it). */
  readonly copyToSelf: boolean;
  /** A community post that is a whisper (only a room's transport carries one). */
  readonly whisper?: CommunityWhisper | undefined;
}

export interface ConversationTransport {
  /** The outbox entries that carry the message; throws a MessengerError when it cannot be sent. */
  entries(message: OutgoingMessage): Promise<NewOutboxEntry[]>;
  /** Whether read receipts and typing indicators are sent (one-to-one chats only, as desktop). */
  readonly sendsReceipts: boolean;
}
