// Message requests in bulk, and the limit of what an unaccepted sender may store here (issue 12,
// "Flooding"): declining or blocking many requests in one transaction, and dropping a request's
// oldest messages beyond a count and a size. Every message deleted here has its swarm hash kept
// as dropped (as messageRepository.remove does), so that a swarm member polled later cannot bring
// it back.
import type { SqliteDatabase } from './database';
import { droppedMemoryMs } from './messageRepository';

export interface RequestLimits {
  /** The newest messages kept per request. */
  readonly messages: number;
  /** The bytes of body text (UTF-8) kept per request, newest first. */
  readonly bytes: number;
  /** The bytes of body text kept over all requests together, newest first. */
  readonly totalBytes: number;
}

/** A message deleted over a request's limit. */
export interface TrimmedMessage {
  readonly id: number;
  readonly conversationId: string;
  readonly storageHash: string | null;
}

/** The newest messages first, with their rank and the bytes up to each, in one conversation or all requests. */
const rankedRequestMessages = (scope: string): string => `
  SELECT messages.id, messages.conversation_id, messages.storage_hash, messages.sent_at,
    row_number() OVER newest AS position,
    sum(coalesce(length(CAST(messages.body AS BLOB)), 0)) OVER newest AS bytes
  FROM messages JOIN conversations ON conversations.id = messages.conversation_id
  WHERE conversations.state = 'request' AND ${scope}
  WINDOW newest AS (ORDER BY messages.sent_at DESC, messages.id DESC)`;

export class RequestRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    const among = `(SELECT value FROM json_each(?))`;
    this.statements = {
      requestsAmong: database.prepare(
        `SELECT id FROM conversations WHERE state = 'request' AND id IN ${among}`,
      ),
      allRequests: database.prepare(`SELECT id FROM conversations WHERE state = 'request'`),
      storageHashes: database.prepare(
        `SELECT storage_hash FROM messages WHERE conversation_id IN ${among} AND storage_hash IS NOT NULL`,
      ),
      dropConversations: database.prepare(
        `INSERT INTO dropped_messages (storage_hash, forget_after)
         SELECT storage_hash, sent_at + ? FROM messages
         WHERE conversation_id IN ${among} AND storage_hash IS NOT NULL
         ON CONFLICT (storage_hash) DO UPDATE SET forget_after = max(forget_after, excluded.forget_after)`,
      ),
      removeConversations: database.prepare(`DELETE FROM conversations WHERE id IN ${among}`),
      block: database.prepare(
        `UPDATE conversations SET state = 'blocked' WHERE state = 'request' AND id IN ${among} RETURNING id`,
      ),
      overConversationLimit: database.prepare(
        `SELECT id, conversation_id, storage_hash, sent_at FROM (${rankedRequestMessages('messages.conversation_id = ?')})
         WHERE position > ? OR bytes > ?`,
      ),
      // What a request holds (migration 13's counts, kept by triggers): the window queries above
      // read every message they rank, so they run only for what is over a limit.
      requestHolds: database.prepare(
        `SELECT stored_messages, stored_bytes FROM conversations WHERE id = ? AND state = 'request'`,
      ),
      requestsBytes: database.prepare(
        `SELECT coalesce(sum(stored_bytes), 0) AS bytes FROM conversations WHERE state = 'request'`,
      ),
      overTotalLimit: database.prepare(
        `SELECT id, conversation_id, storage_hash, sent_at FROM (${rankedRequestMessages('1')}) WHERE bytes > ?`,
      ),
      drop: database.prepare(
        `INSERT INTO dropped_messages (storage_hash, forget_after) VALUES (?, ?)
         ON CONFLICT (storage_hash) DO UPDATE SET forget_after = max(forget_after, excluded.forget_after)`,
      ),
      remove: database.prepare(`DELETE FROM messages WHERE id = ?`),
      noteNotKept: database.prepare(
        `UPDATE conversations SET messages_not_kept = messages_not_kept + ?,
           unread_count = (SELECT count(*) FROM messages
             WHERE conversation_id = conversations.id AND direction = 'incoming' AND read_at IS NULL)
         WHERE id = ?`,
      ),
    };
  }

  /** Which of these conversations are requests, each once. */
  requestsAmong(conversationIds: readonly string[]): string[] {
    const rows = this.statements.requestsAmong.all(JSON.stringify([...new Set(conversationIds)]));
    return (rows as { id: string }[]).map((row) => row.id);
  }

  allRequests(): string[] {
    return (this.statements.allRequests.all() as { id: string }[]).map((row) => row.id);
  }

  /**
   * Deletes these requests with their messages in one transaction, remembering every swarm copy
   * as dropped; returns the hashes (to delete from the swarm too). Conversations that are not
   * requests are left alone.
   */
  decline(conversationIds: readonly string[]): { declined: string[]; hashes: string[] } {
    return this.database.transaction(() => {
      const declined = this.requestsAmong(conversationIds);
      if (declined.length === 0) return { declined, hashes: [] };
      const list = JSON.stringify(declined);
      const hashes = (this.statements.storageHashes.all(list) as { storage_hash: string }[]).map(
        (row) => row.storage_hash,
      );
      this.statements.dropConversations.run(droppedMemoryMs, list);
      this.statements.removeConversations.run(list);
      return { declined, hashes };
    })();
  }

  /** Blocks the senders of these requests in one transaction; returns those blocked. */
  block(conversationIds: readonly string[]): string[] {
    return this.database.transaction(() =>
      (this.statements.block.all(JSON.stringify([...new Set(conversationIds)])) as { id: string }[]).map(
        (row) => row.id,
      ),
    )();
  }

  /**
   * Drops what is over the limits: in each of these requests, the messages after the newest
   * `limits.messages` or beyond `limits.bytes`; then, over all requests, the oldest beyond
   * `limits.totalBytes`. Call it inside the transaction that stored the messages.
   */
  enforceLimits(conversationIds: Iterable<string>, limits: RequestLimits): TrimmedMessage[] {
    const over: { id: number; conversation_id: string; storage_hash: string | null; sent_at: number }[] = [];
    for (const conversationId of conversationIds) {
      const holds = this.statements.requestHolds.get(conversationId) as
        { stored_messages: number; stored_bytes: number } | undefined;
      if (!holds || (holds.stored_messages <= limits.messages && holds.stored_bytes <= limits.bytes))
        continue;
      over.push(
        ...(this.statements.overConversationLimit.all(
          conversationId,
          limits.messages,
          limits.bytes,
        ) as typeof over),
      );
    }
    // Over all requests as they are before anything above is deleted, as the ranking does.
    const { bytes } = this.statements.requestsBytes.get() as { bytes: number };
    if (bytes > limits.totalBytes) {
      const seen = new Set(over.map((row) => row.id));
      for (const row of this.statements.overTotalLimit.all(limits.totalBytes) as typeof over) {
        if (!seen.has(row.id)) over.push(row);
      }
    }
    const perConversation = new Map<string, number>();
    for (const row of over) {
      if (row.storage_hash) this.statements.drop.run(row.storage_hash, row.sent_at + droppedMemoryMs);
      this.statements.remove.run(row.id);
      perConversation.set(row.conversation_id, (perConversation.get(row.conversation_id) ?? 0) + 1);
    }
    for (const [conversationId, count] of perConversation)
      this.statements.noteNotKept.run(count, conversationId);
    return over.map((row) => ({
      id: row.id,
      conversationId: row.conversation_id,
      storageHash: row.storage_hash,
    }));
  }
}
