// The pages of a conversation's history that do not start from its newest message: those newer than
// a cursor, and a window around one message. A search result may lie 100,000 messages back; the UI
// opens it with the window and pages from there in both directions, instead of paging back to it.
import type { MessageCursor } from '../../shared/contract/views';
import type { SqliteDatabase } from './database';
import { type MessageRow, type StoredMessage, toMessage } from './messageRepository';

export interface HistoryWindow {
  /** Newest first, as every page. */
  readonly messages: readonly StoredMessage[];
  /** Where the next older page starts; null when the oldest message is in this one. */
  readonly before: MessageCursor | null;
  /** Where the next newer page starts; null when the newest message is in this one. */
  readonly after: MessageCursor | null;
}

const cursorOf = (message: StoredMessage): MessageCursor => ({ sentAt: message.sentAt, id: message.id });

export class HistoryPages {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      byId: database.prepare(`SELECT * FROM messages WHERE id = ? AND conversation_id = ?`),
      older: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? AND (sent_at, id) < (?, ?)
         ORDER BY sent_at DESC, id DESC LIMIT ?`,
      ),
      newer: database.prepare(
        `SELECT * FROM messages WHERE conversation_id = ? AND (sent_at, id) > (?, ?)
         ORDER BY sent_at, id LIMIT ?`,
      ),
    };
  }

  /**
   * Up to `limit` messages newer than `after`, newest first. One more row than asked is read, so
   * `after` of the answer is null exactly when the newest message is in it.
   */
  newer(conversationId: string, limit: number, after: MessageCursor): Omit<HistoryWindow, 'before'> {
    const rows = (
      this.statements.newer.all(conversationId, after.sentAt, after.id, limit + 1) as MessageRow[]
    ).map(toMessage);
    const page = rows.slice(0, limit);
    return { messages: page.reverse(), after: rows.length > limit ? cursorOf(page[0]!) : null };
  }

  /**
   * The message and the messages around it, `limit` in all (half older, the rest newer, more of
   * one side where the other runs out); undefined when the conversation holds no such message.
   */
  around(conversationId: string, messageId: number, limit: number): HistoryWindow | undefined {
    const row = this.statements.byId.get(messageId, conversationId) as MessageRow | undefined;
    if (!row) return undefined;
    const target = toMessage(row);
    const read = (statement: 'older' | 'newer', count: number): StoredMessage[] =>
      (
        this.statements[statement].all(conversationId, target.sentAt, target.id, count + 1) as MessageRow[]
      ).map(toMessage);
    const wanted = Math.max(0, limit - 1);
    const olderRows = read('older', wanted);
    const newerRows = read('newer', wanted);
    // Half each side, and what one side lacks goes to the other.
    let olderCount = Math.min(olderRows.length, Math.floor(wanted / 2));
    const newerCount = Math.min(newerRows.length, wanted - olderCount);
    olderCount = Math.min(olderRows.length, wanted - newerCount);
    const older = olderRows.slice(0, olderCount);
    const newer = newerRows.slice(0, newerCount);
    const oldest = older.at(-1) ?? target;
    const newestShown = newer.at(-1) ?? target;
    return {
      messages: [...[...newer].reverse(), target, ...older],
      before: olderRows.length > olderCount ? cursorOf(oldest) : null,
      after: newerRows.length > newerCount ? cursorOf(newestShown) : null,
    };
  }
}
