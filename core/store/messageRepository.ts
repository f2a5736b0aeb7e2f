// Conversations and their messages in the profile's database. An incoming batch is written in one
// transaction, and a message already stored (same storage hash, or same author and sent time) is
// dropped, so a poll repeated after a crash or from a second swarm member adds nothing twice.
import type { SqliteDatabase } from './database';

export interface IncomingMessageRecord {
  /** The other party, who is also the author of an incoming message. */
  readonly conversationId: string;
  readonly author: string;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly body: string | null;
  readonly storageHash: string;
  /** The conversation's state if this message starts it: a request unless the sender is known. */
  readonly newConversationState: 'accepted' | 'request';
}

export interface StoredMessage {
  readonly id: number;
  readonly conversationId: string;
  readonly author: string;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly direction: 'incoming' | 'outgoing';
  readonly body: string | null;
  readonly storageHash: string | null;
}

export interface ConversationRecord {
  readonly id: string;
  readonly state: 'accepted' | 'request' | 'declined' | 'blocked';
  readonly unreadCount: number;
  readonly lastMessageAt: number | null;
}

/** Where a page of history ends: the oldest message shown so far. */
export interface PageCursor {
  readonly sentAt: number;
  readonly id: number;
}

interface MessageRow {
  id: number;
  conversation_id: string;
  author: string;
  sent_at: number;
  received_at: number;
  direction: 'incoming' | 'outgoing';
  body: string | null;
  storage_hash: string | null;
}

const toMessage = (row: MessageRow): StoredMessage => ({
  id: row.id,
  conversationId: row.conversation_id,
  author: row.author,
  sentAt: row.sent_at,
  receivedAt: row.received_at,
  direction: row.direction,
  body: row.body,
  storageHash: row.storage_hash,
});

export class MessageRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      createConversation: database.prepare(
        `INSERT INTO conversations (id, state, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      insertIncoming: database.prepare(
        `INSERT INTO messages (conversation_id, author, sent_at, received_at, direction, body, storage_hash)
         VALUES (?, ?, ?, ?, 'incoming', ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
      ),
      noteIncoming: database.prepare(
        `UPDATE conversations SET unread_count = unread_count + 1,
           last_message_at = max(coalesce(last_message_at, 0), ?) WHERE id = ?`,
      ),
      conversation: database.prepare(
        `SELECT id, state, unread_count AS unreadCount, last_message_at AS lastMessageAt
         FROM conversations WHERE id = ?`,
      ),
      newestPage: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      olderPage: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? AND (sent_at, id) < (?, ?)
         ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
    };
  }

  /** Stores new messages in one transaction; returns those that were not already stored. */
  insertIncoming(batch: readonly IncomingMessageRecord[]): StoredMessage[] {
    return this.database.transaction(() =>
      batch.flatMap((message) => {
        this.statements.createConversation.run(
          message.conversationId,
          message.newConversationState,
          message.receivedAt,
        );
        const row = this.statements.insertIncoming.get(
          message.conversationId,
          message.author,
          message.sentAt,
          message.receivedAt,
          message.body,
          message.storageHash,
        ) as MessageRow | undefined;
        if (!row) return [];
        this.statements.noteIncoming.run(message.sentAt, message.conversationId);
        return [toMessage(row)];
      }),
    )();
  }

  conversation(id: string): ConversationRecord | undefined {
    return this.statements.conversation.get(id) as ConversationRecord | undefined;
  }

  /** A page of history, newest first; pass the last page's oldest message to go further back. */
  page(conversationId: string, limit: number, before?: PageCursor): StoredMessage[] {
    const rows = before
      ? this.statements.olderPage.all(conversationId, before.sentAt, before.id, limit)
      : this.statements.newestPage.all(conversationId, limit);
    return (rows as MessageRow[]).map(toMessage);
  }
}
