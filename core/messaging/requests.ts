// Message requests (conversations started by someone not accepted yet) and blocking: declining
// and blocking one or many, and the limit of what an unaccepted sender may store here (issue 12,
// "Flooding"). Accepting stays in messenger.ts: it sends a message. A bulk action is one database
// transaction and one 'conversations.changed' event, whatever the number of requests.
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type { BulkRequestResult, ValidClientRequest } from '../../shared/contract/clientApi';
import type { ConversationView } from '../../shared/contract/views';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { MessageRepository } from '../store/messageRepository';
import { type RequestLimits, RequestRepository } from '../store/requestRepository';
import type { SqliteDatabase } from '../store/database';
import { MessengerError } from './messengerError';

/**
 * What an unaccepted sender may store here. 50 messages are more than a person reads to decide
 * whether to accept; 256 KiB holds the newest message whatever its size (a message must fit the
 * 76,800-byte store limit, protocol-messages.md §2.3) and a few more of the longest. Over all requests, 64 MiB: 256 requests at
 * their full size, or 200,000 ordinary messages of 300 bytes, so that thousands of throwaway IDs
 * cannot grow the database without end. The oldest go first, so a real person who writes again
 * stays.
 */
export const requestLimits: RequestLimits = {
  messages: 50,
  bytes: 256 * 1024,
  totalBytes: 64 * 1024 * 1024,
};

type Emit = <Name extends keyof ClientEvents>(name: Name, event: ClientEvents[Name]) => void;

export class MessageRequests {
  private readonly requests: RequestRepository;

  constructor(
    private readonly options: {
      readonly database: SqliteDatabase;
      readonly messages: MessageRepository;
      readonly conversations: ConversationRepository;
      readonly now: () => number;
      readonly emit: Emit;
      readonly view: (record: ConversationRecord) => ConversationView;
      /** Deletes messages from our own swarm, in the background. */
      readonly deleteOwnCopies: (hashes: readonly string[]) => void;
    },
  ) {
    this.requests = new RequestRepository(options.database);
  }

  private requestOrThrow(id: string): ConversationRecord {
    const conversation = this.options.conversations.get(id);
    if (!conversation) {
      throw new MessengerError(
        'conversationMissing',
        `There is no conversation with ${abbreviateSessionId(id)}.`,
      );
    }
    if (conversation.state !== 'request') {
      throw new MessengerError('notARequest', 'This conversation is not a message request.');
    }
    return conversation;
  }

  private changed(id: string): ConversationView {
    const conversation = this.options.view(this.options.conversations.get(id)!);
    this.options.emit('conversation.updated', { conversation });
    return conversation;
  }

  /**
   * Declining removes the request and its messages, here and in our swarm (or a member not yet
   * polled would bring the request back); the sender is not told.
   */
  decline(request: ValidClientRequest<'declineRequest'>): { declined: true } {
    const conversation = this.requestOrThrow(request.conversationId);
    const hashes = this.options.messages.dropConversation(conversation.id);
    this.options.conversations.remove(conversation.id);
    if (hashes.length > 0) this.options.deleteOwnCopies(hashes);
    this.options.emit('conversation.removed', { conversationId: conversation.id });
    return { declined: true };
  }

  /** Declines many requests as one: one transaction, one swarm delete, one event. */
  declineMany(request: ValidClientRequest<'declineRequests'>): BulkRequestResult {
    return this.declineAmong(request.conversationIds);
  }

  declineAll(): BulkRequestResult {
    return this.declineAmong(this.requests.allRequests());
  }

  private declineAmong(conversationIds: readonly string[]): BulkRequestResult {
    const named = new Set(conversationIds).size;
    const { declined, hashes } = this.requests.decline(conversationIds);
    if (hashes.length > 0) this.options.deleteOwnCopies(hashes);
    if (declined.length > 0) this.options.emit('conversations.changed', { updated: [], removed: declined });
    return { done: declined.length, skipped: named - declined.length };
  }

  /** Blocked senders' messages are dropped unread; nothing is sent to them. */
  block(request: ValidClientRequest<'block'>): ConversationView {
    const { conversations } = this.options;
    conversations.ensure(request.conversationId, 'blocked', this.options.now());
    conversations.setState(request.conversationId, 'blocked');
    return this.changed(request.conversationId);
  }

  /** Blocks the senders of many requests as one: one transaction, one event. */
  blockMany(request: ValidClientRequest<'blockRequests'>): BulkRequestResult {
    const named = new Set(request.conversationIds).size;
    const blocked = this.requests.block(request.conversationIds);
    if (blocked.length > 0) {
      const updated = blocked.flatMap((id) => {
        const record = this.options.conversations.get(id);
        return record ? [this.options.view(record)] : [];
      });
      this.options.emit('conversations.changed', { updated, removed: [] });
    }
    return { done: blocked.length, skipped: named - blocked.length };
  }

  unblock(request: ValidClientRequest<'unblock'>, ownSessionId: string): ConversationView {
    const conversation = this.options.conversations.get(request.conversationId);
    if (!conversation) {
      throw new MessengerError(
        'conversationMissing',
        `There is no conversation with ${abbreviateSessionId(request.conversationId)}.`,
      );
    }
    if (conversation.state === 'blocked') {
      // Back to a chat if we ever wrote in it, else back to a request: unblocking is not accepting.
      const wroteToThem = this.options.messages.latestSentAt(ownSessionId, conversation.id) !== null;
      this.options.conversations.setState(conversation.id, wroteToThem ? 'accepted' : 'request');
    }
    return this.changed(conversation.id);
  }
}
