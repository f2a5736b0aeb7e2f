// The words of messages just stored go into the search index in one statement at the end of the
// transaction that stored them (migration 14: one FTS5 write a batch, not one a message). Every
// writer of messages calls this before its transaction ends; the search calls it before it reads,
// so that a message is found even if a writer did not get there.
import type { SqliteDatabase } from './database';

interface Statements {
  readonly waiting: { get(): unknown };
  readonly index: { run(): unknown };
  readonly clear: { run(): unknown };
}

const statements = new WeakMap<SqliteDatabase, Statements>();

/** Indexes the messages waiting for it (the body they have now, if still findable). */
export function indexPendingWords(database: SqliteDatabase): void {
  let prepared = statements.get(database);
  if (!prepared) {
    prepared = {
      waiting: database.prepare(`SELECT 1 FROM message_search_pending LIMIT 1`),
      index: database.prepare(
        `INSERT INTO message_search (rowid, body)
         SELECT messages.id, messages.body FROM message_search_pending
           JOIN messages ON messages.id = message_search_pending.id
         WHERE messages.body IS NOT NULL AND messages.unsent = 0 AND messages.control IS NULL`,
      ),
      clear: database.prepare(`DELETE FROM message_search_pending`),
    };
    statements.set(database, prepared);
  }
  // Nothing waiting (a search, most of the time): no write at all.
  if (prepared.waiting.get() === undefined) return;
  // Both or neither: a message left waiting after it was indexed would be indexed twice.
  const { index, clear } = prepared;
  database.transaction(() => {
    index.run();
    clear.run();
  })();
}
