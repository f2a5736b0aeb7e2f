// The messages of conversations, with their reactions. An incoming batch is written in one
// transaction, and a message already stored (same storage hash, or same author and sent time) is
// dropped, so a poll repeated after a crash or from a second swarm member adds nothing twice.
import type { DeliveryState, MessageCursor, MessageView } from '../../shared/contract/views';
import { AttachmentRepository, type LocalAttachment, type RemoteAttachment } from './attachmentRepository';
import type { SqliteDatabase } from './database';
import { controlView, decodeControl, encodeControl, type StoredControl } from './groupControl';
import { indexPendingWords } from './searchIndex';

export type ExpirationMode = 'afterSend' | 'afterRead';

export interface NewMessageRecord {
  readonly conversationId: string;
  readonly author: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly body: string | null;
  /** Our own swarm's hash of this message (incoming, or a copy of our own), if known yet. */
  readonly storageHash: string | null;
  readonly state: DeliveryState | null;
  readonly quote?: { readonly author: string; readonly sentAt: number } | undefined;
  readonly expiration?: { readonly mode: ExpirationMode; readonly seconds: number } | undefined;
  /** Set for messages that count as read when stored (our own, from any device). */
  readonly readAt?: number | undefined;
  /** The conversation's state if this message starts it. */
  readonly newConversationState: 'accepted' | 'request';
  /** A group's control message (groupControl.ts); the body is then null. */
  readonly control?: StoredControl | undefined;
  /** The message's files: received pointers, or ours in the vault waiting for their upload. */
  readonly attachments?: readonly (RemoteAttachment | LocalAttachment)[] | undefined;
}

export interface StoredMessage {
  readonly id: number;
  readonly conversationId: string;
  readonly author: string;
  readonly direction: 'incoming' | 'outgoing';
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly body: string | null;
  readonly storageHash: string | null;
  readonly recipientHash: string | null;
  readonly state: DeliveryState | null;
  readonly failure: string | null;
  readonly readAt: number | null;
  readonly quote: { readonly author: string; readonly sentAt: number } | null;
  readonly expiration: { readonly mode: ExpirationMode; readonly seconds: number } | null;
  readonly expiresAt: number | null;
  readonly unsent: boolean;
  readonly control: StoredControl | undefined;
}

/** A row of the messages table, as SQLite returns it. */
export interface MessageRow {
  id: number;
  conversation_id: string;
  author: string;
  sent_at: number;
  received_at: number;
  direction: 'incoming' | 'outgoing';
  body: string | null;
  storage_hash: string | null;
  recipient_hash: string | null;
  state: DeliveryState | null;
  failure: string | null;
  read_at: number | null;
  quote_author: string | null;
  quote_sent_at: number | null;
  expiration_mode: ExpirationMode | null;
  expiration_seconds: number | null;
  expires_at: number | null;
  unsent: number;
  control: string | null;
}

export const toMessage = (row: MessageRow): StoredMessage => ({
  id: row.id,
  conversationId: row.conversation_id,
  author: row.author,
  sentAt: row.sent_at,
  receivedAt: row.received_at,
  direction: row.direction,
  body: row.body,
  storageHash: row.storage_hash,
  recipientHash: row.recipient_hash,
  state: row.state,
  failure: row.failure,
  readAt: row.read_at,
  quote:
    row.quote_author !== null && row.quote_sent_at !== null
      ? { author: row.quote_author, sentAt: row.quote_sent_at }
      : null,
  expiration:
    row.expiration_mode !== null && row.expiration_seconds !== null
      ? { mode: row.expiration_mode, seconds: row.expiration_seconds }
      : null,
  expiresAt: row.expires_at,
  unsent: row.unsent === 1,
  control: decodeControl(row.control),
});

/** A message disappearing after send starts its clock at the sent time; after read, when read. */
export function expiresAt(
  expiration: NewMessageRecord['expiration'],
  sentAt: number,
  readAt: number | null | undefined,
): number | null {
  if (!expiration) return null;
  const start = expiration.mode === 'afterSend' ? sentAt : readAt;
  return start === null || start === undefined ? null : start + expiration.seconds * 1000;
}

/** Swarms keep a message at most 14 days from its store (§2.3); a day more covers clock skew. */
export const droppedMemoryMs = 15 * 24 * 3600 * 1000;

export class MessageRepository {
  private readonly statements;
  /** The files of the messages, stored and removed with them. */
  readonly attachments: AttachmentRepository;

  constructor(private readonly database: SqliteDatabase) {
    this.attachments = new AttachmentRepository(database);
    this.statements = {
      createConversation: database.prepare(
        `INSERT INTO conversations (id, state, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      insert: database.prepare(
        `INSERT INTO messages (conversation_id, author, sent_at, received_at, direction, body, storage_hash,
           state, read_at, quote_author, quote_sent_at, expiration_mode, expiration_seconds, expires_at, control)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
      ),
      noteMessage: database.prepare(
        `UPDATE conversations SET unread_count = unread_count + ?,
           last_message_at = max(coalesce(last_message_at, 0), ?) WHERE id = ?`,
      ),
      byId: database.prepare(`SELECT * FROM messages WHERE id = ?`),
      nameOf: database.prepare(
        `SELECT coalesce(nickname, display_name) AS name FROM contacts WHERE session_id = ?`,
      ),
      byAuthor: database.prepare(`SELECT * FROM messages WHERE author = ? AND sent_at = ?`),
      newestPage: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      olderPage: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? AND (sent_at, id) < (?, ?)
         ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      drop: database.prepare(
        `INSERT INTO dropped_messages (storage_hash, forget_after) VALUES (?, ?)
         ON CONFLICT (storage_hash) DO UPDATE SET forget_after = max(forget_after, excluded.forget_after)`,
      ),
      dropped: database.prepare(`SELECT 1 FROM dropped_messages WHERE storage_hash = ?`),
      droppedAmong: database.prepare(
        `SELECT storage_hash FROM dropped_messages WHERE storage_hash IN (SELECT value FROM json_each(?))`,
      ),
      forgetDropped: database.prepare(`DELETE FROM dropped_messages WHERE forget_after < ?`),
      rememberUnsent: database.prepare(
        `INSERT INTO unsent_messages (author, sent_at, forget_after) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      wasUnsent: database.prepare(`SELECT 1 FROM unsent_messages WHERE author = ? AND sent_at = ?`),
      forgetUnsent: database.prepare(`DELETE FROM unsent_messages WHERE forget_after < ?`),
      dropConversation: database.prepare(
        `INSERT INTO dropped_messages (storage_hash, forget_after)
         SELECT storage_hash, sent_at + ? FROM messages WHERE conversation_id = ? AND storage_hash IS NOT NULL
         ON CONFLICT (storage_hash) DO NOTHING`,
      ),
      latestSentAt: database.prepare(
        `SELECT max(sent_at) AS latest FROM messages WHERE author = ? AND conversation_id = coalesce(?, conversation_id)`,
      ),
      lastMessage: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? ORDER BY sent_at DESC, id DESC LIMIT 1`,
      ),
      storageHashes: database.prepare(
        `SELECT storage_hash FROM messages WHERE conversation_id = ? AND storage_hash IS NOT NULL`,
      ),
      setState: database.prepare(
        `UPDATE messages SET state = ?, failure = ? WHERE id = ? AND coalesce(state, '') <> 'read'`,
      ),
      setStorageHash: database.prepare(
        `UPDATE messages SET storage_hash = coalesce(storage_hash, ?) WHERE id = ?`,
      ),
      setRecipientHash: database.prepare(`UPDATE messages SET recipient_hash = ? WHERE id = ?`),
      unread: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? AND direction = 'incoming' AND read_at IS NULL
         ORDER BY sent_at`,
      ),
      markRead: database.prepare(`UPDATE messages SET read_at = ?, expires_at = ? WHERE id = ?`),
      markOutgoingRead: database.prepare(
        `UPDATE messages SET state = 'read', failure = NULL
         WHERE conversation_id = ? AND direction = 'outgoing' AND sent_at = ? AND state IN ('sending', 'sent')
         RETURNING *`,
      ),
      addReaction: database.prepare(
        `INSERT INTO reactions (message_id, author, emoji, reacted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      removeReaction: database.prepare(
        `DELETE FROM reactions WHERE message_id = ? AND author = ? AND emoji = ?`,
      ),
      reactions: database.prepare(
        `SELECT emoji, author FROM reactions WHERE message_id = ? ORDER BY reacted_at, author`,
      ),
      unsend: database.prepare(
        `UPDATE messages SET body = NULL, unsent = 1, quote_author = NULL, quote_sent_at = NULL WHERE id = ?`,
      ),
      clearReactions: database.prepare(`DELETE FROM reactions WHERE message_id = ?`),
      remove: database.prepare(`DELETE FROM messages WHERE id = ? RETURNING direction, read_at`),
      expired: database.prepare(`SELECT * FROM messages WHERE expires_at <= ?`),
      nextExpiry: database.prepare(
        `SELECT min(expires_at) AS next FROM messages WHERE expires_at IS NOT NULL`,
      ),
      setUnreadCount: database.prepare(`UPDATE conversations SET unread_count = ? WHERE id = ?`),
      forgetUnread: database.prepare(
        `UPDATE conversations SET unread_count = max(unread_count - 1, 0) WHERE id = ?`,
      ),
    };
  }

  /** Stores new messages in one transaction; returns those that were not already stored. */
  insert(batch: readonly NewMessageRecord[]): StoredMessage[] {
    return this.database.transaction(() => {
      const stored = batch.flatMap((message) => this.insertWithin(message) ?? []);
      this.indexPendingWords();
      return stored;
    })();
  }

  /**
   * Stores one message, for callers that already hold a transaction (the receive pipeline: a
   * savepoint per message would cost more than the insert). `conversationExists` skips creating it.
   * The caller ends its transaction with indexPendingWords, which makes the batch's words findable.
   */
  insertWithin(message: NewMessageRecord, conversationExists = false): StoredMessage | undefined {
    if (!conversationExists) {
      this.statements.createConversation.run(
        message.conversationId,
        message.newConversationState,
        message.receivedAt,
      );
    }
    const row = this.statements.insert.get(
      message.conversationId,
      message.author,
      message.sentAt,
      message.receivedAt,
      message.direction,
      message.body,
      message.storageHash,
      message.state,
      message.readAt ?? null,
      message.quote?.author ?? null,
      message.quote?.sentAt ?? null,
      message.expiration?.mode ?? null,
      message.expiration?.seconds ?? null,
      expiresAt(message.expiration, message.sentAt, message.readAt),
      encodeControl(message.control),
    ) as MessageRow | undefined;
    if (!row) return undefined;
    if (message.attachments && message.attachments.length > 0) {
      this.attachments.insertWithin(row.id, message.attachments);
      // Our own files are uploaded first; the message's content is built once they are
      // (core/attachments/outgoingAttachments.ts).
      if (
        message.direction === 'outgoing' &&
        message.state === 'sending' &&
        'localName' in message.attachments[0]!
      )
        this.attachments.setContentQueued(row.id, false);
    }
    const unread = message.direction === 'incoming' && message.readAt === undefined ? 1 : 0;
    this.statements.noteMessage.run(unread, message.sentAt, message.conversationId);
    return toMessage(row);
  }

  /** Puts the words of the messages stored in this transaction into the search index (migration 14). */
  indexPendingWords(): void {
    indexPendingWords(this.database);
  }

  byId(id: number): StoredMessage | undefined {
    const row = this.statements.byId.get(id) as MessageRow | undefined;
    return row && toMessage(row);
  }

  /** A message as the protocol names it (quotes, reactions, receipts, unsend: §3). */
  byAuthorAndSentAt(author: string, sentAt: number): StoredMessage | undefined {
    const row = this.statements.byAuthor.get(author, sentAt) as MessageRow | undefined;
    return row && toMessage(row);
  }

  /** A page of history, newest first; pass the last page's oldest message to go further back. */
  page(conversationId: string, limit: number, before?: MessageCursor): StoredMessage[] {
    const rows = before
      ? this.statements.olderPage.all(conversationId, before.sentAt, before.id, limit)
      : this.statements.newestPage.all(conversationId, limit);
    return (rows as MessageRow[]).map(toMessage);
  }

  /** The sent time of `author`'s newest message here (in one conversation, if named), if any. */
  latestSentAt(author: string, conversationId?: string): number | null {
    return (this.statements.latestSentAt.get(author, conversationId ?? null) as { latest: number | null })
      .latest;
  }

  lastMessage(conversationId: string): StoredMessage | undefined {
    const row = this.statements.lastMessage.get(conversationId) as MessageRow | undefined;
    return row && toMessage(row);
  }

  /** Moves an outgoing message's delivery state; a message already read stays read. */
  setState(id: number, state: DeliveryState, failure: string | null = null): void {
    this.statements.setState.run(state, failure, id);
  }

  setStorageHash(id: number, hash: string): void {
    this.statements.setStorageHash.run(hash, id);
  }

  setRecipientHash(id: number, hash: string): void {
    this.statements.setRecipientHash.run(hash, id);
  }

  /**
   * Marks unread incoming messages read, starting after-read timers; returns them. With
   * `upToSentAt`, only those sent at or before it (another device read up to there, §5.3).
   */
  markRead(conversationId: string, readAt: number, upToSentAt = Number.POSITIVE_INFINITY): StoredMessage[] {
    return this.database.transaction(() => {
      const unread = (this.statements.unread.all(conversationId) as MessageRow[]).map(toMessage);
      const unreadBefore = unread.length;
      const read = unread.filter((message) => message.sentAt <= upToSentAt);
      for (const message of read) {
        this.statements.markRead.run(
          readAt,
          message.expiresAt ?? expiresAt(message.expiration ?? undefined, message.sentAt, readAt),
          message.id,
        );
      }
      // What was unread and is not now is all there is left unread: counted without a second pass
      // over the conversation (migration 15 took the index of unread messages away).
      this.statements.setUnreadCount.run(unreadBefore - read.length, conversationId);
      return read.map((message) => this.byId(message.id)!);
    })();
  }

  /** A read receipt from the other party: our messages sent at these times were read. */
  markOutgoingRead(conversationId: string, sentAts: readonly number[]): StoredMessage[] {
    return this.database.transaction(() =>
      sentAts.flatMap((sentAt) =>
        (this.statements.markOutgoingRead.all(conversationId, sentAt) as MessageRow[]).map(toMessage),
      ),
    )();
  }

  react(messageId: number, author: string, emoji: string, add: boolean, at: number): void {
    if (add) this.statements.addReaction.run(messageId, author, emoji, at);
    else this.statements.removeReaction.run(messageId, author, emoji);
  }

  reactions(messageId: number): { emoji: string; author: string }[] {
    return this.statements.reactions.all(messageId) as { emoji: string; author: string }[];
  }

  /** Unsent for everyone: the content and reactions go, the message keeps its place. */
  unsend(id: number): void {
    this.database.transaction(() => {
      this.statements.unsend.run(id);
      this.statements.clearReactions.run(id);
      this.attachments.removeForMessage(id);
    })();
  }

  /** Deletes a message for good: a copy polled again later is recognised and dropped. */
  remove(message: StoredMessage): void {
    this.database.transaction(() => {
      if (message.storageHash) this.drop(message.storageHash, message.sentAt + droppedMemoryMs);
      const removed = this.statements.remove.get(message.id) as
        { direction: 'incoming' | 'outgoing'; read_at: number | null } | undefined;
      // The row as it was, not as the caller last saw it: it may have been read since.
      if (removed?.direction === 'incoming' && removed.read_at === null) {
        this.statements.forgetUnread.run(message.conversationId);
      }
    })();
  }

  /** Remembers a swarm copy that must not be stored, until `forgetAfter` (ms) when the swarm has dropped it. */
  drop(storageHash: string, forgetAfter: number): void {
    this.statements.drop.run(storageHash, forgetAfter);
  }

  isDropped(storageHash: string): boolean {
    return this.statements.dropped.get(storageHash) !== undefined;
  }

  /** Which of these hashes were dropped: one query for a whole poll. */
  droppedAmong(storageHashes: readonly string[]): Set<string> {
    if (storageHashes.length === 0) return new Set();
    const rows = this.statements.droppedAmong.all(JSON.stringify(storageHashes)) as {
      storage_hash: string;
    }[];
    return new Set(rows.map((row) => row.storage_hash));
  }

  /** Forgets dropped hashes and early unsend requests that no swarm can still hold. */
  forgetDropped(now: number): void {
    this.statements.forgetDropped.run(now);
    this.statements.forgetUnsent.run(now);
  }

  /** An unsend request for a message not here (yet): the message is dropped if it comes later. */
  rememberUnsent(author: string, sentAt: number): void {
    this.statements.rememberUnsent.run(author, sentAt, sentAt + droppedMemoryMs);
  }

  wasUnsent(author: string, sentAt: number): boolean {
    return this.statements.wasUnsent.get(author, sentAt) !== undefined;
  }

  /**
   * Remembers every swarm copy of a conversation as dropped, before the conversation is deleted;
   * returns their hashes (to delete from the swarm too).
   */
  dropConversation(conversationId: string): string[] {
    return this.database.transaction(() => {
      const hashes = (this.statements.storageHashes.all(conversationId) as { storage_hash: string }[]).map(
        (row) => row.storage_hash,
      );
      this.statements.dropConversation.run(droppedMemoryMs, conversationId);
      return hashes;
    })();
  }

  /** Removes the messages whose time is up; returns them. */
  removeExpired(now: number): StoredMessage[] {
    return this.database.transaction(() => {
      const expired = (this.statements.expired.all(now) as MessageRow[]).map(toMessage);
      for (const message of expired) this.remove(message);
      return expired;
    })();
  }

  /** When the next message disappears, if any will. */
  nextExpiry(): number | null {
    return (this.statements.nextExpiry.get() as { next: number | null }).next;
  }

  /** The message as the UI sees it: its reactions grouped by emoji, its quote resolved. */
  view(message: StoredMessage): MessageView {
    const reactions = new Map<string, string[]>();
    for (const { emoji, author } of this.reactions(message.id)) {
      reactions.set(emoji, [...(reactions.get(emoji) ?? []), author]);
    }
    // A quote names its message only by author and sent time, so anyone could name a message of
    // another conversation: only one of this conversation is shown.
    const quoted = message.quote && this.byAuthorAndSentAt(message.quote.author, message.quote.sentAt);
    const quotedBody = quoted?.conversationId === message.conversationId ? quoted.body : null;
    return {
      id: message.id,
      conversationId: message.conversationId,
      author: message.author,
      direction: message.direction,
      body: message.body,
      sentAt: message.sentAt,
      receivedAt: message.receivedAt,
      state: message.state,
      failure: message.failure,
      quote: message.quote && { ...message.quote, body: quotedBody },
      reactions: [...reactions].map(([emoji, authors]) => ({ emoji, authors })),
      attachments: this.attachments.views(message.id),
      expiresAt: message.expiresAt,
      unsent: message.unsent,
      read: message.direction === 'outgoing' ? message.state === 'read' : message.readAt !== null,
      ...(message.control ? { control: controlView(message.control, (id) => this.nameOf(id)) } : {}),
    };
  }

  /** The name a person goes by here (their nickname, or their own), for control messages. */
  private nameOf(sessionId: string): string | null {
    return (this.statements.nameOf.get(sessionId) as { name: string | null } | undefined)?.name ?? null;
  }
}
