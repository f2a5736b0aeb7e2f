// The outbox: every store still to make, saved before the first attempt so that a restart resumes it,
// removed only once the swarm confirmed it (core/messaging/outbox.ts runs it).
import type { SqliteDatabase } from './database';

/** message: the recipient's copy; syncCopy: the copy for our other devices; control: receipts etc. */
export type OutboxPurpose = 'message' | 'syncCopy' | 'control';

export interface NewOutboxEntry {
  readonly messageId: number | null;
  readonly purpose: OutboxPurpose;
  /** The swarm owner to store in: a `05…` recipient (namespace 0) or a `03…` group (namespace 11). */
  readonly destination: string;
  /** The namespace to store in; 0 when omitted. */
  readonly namespace?: number;
  /** The exact frame to store: a retry stores the same bytes, so the swarm sees the same hash. */
  readonly data: Uint8Array;
  readonly ttlMs: number;
  /** A community post that is a whisper (§6.4): to one member (15…/05…), to the moderators, or both. */
  readonly whisper?: CommunityWhisper | undefined;
}

export interface CommunityWhisper {
  readonly to: string | null;
  readonly moderators: boolean;
}

export interface OutboxEntry extends NewOutboxEntry {
  readonly id: number;
  readonly namespace: number;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly failed: boolean;
  readonly lastError: string | null;
}

interface OutboxRow {
  id: number;
  message_id: number | null;
  purpose: OutboxPurpose;
  destination: string;
  namespace: number;
  data: Uint8Array;
  ttl_ms: number;
  attempts: number;
  next_attempt_at: number;
  failed: number;
  last_error: string | null;
  whisper_to: string | null;
  whisper_mods: number;
}

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  messageId: row.message_id,
  purpose: row.purpose,
  destination: row.destination,
  namespace: row.namespace,
  data: new Uint8Array(row.data),
  ttlMs: row.ttl_ms,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  failed: row.failed === 1,
  lastError: row.last_error,
  ...(row.whisper_to !== null || row.whisper_mods === 1
    ? { whisper: { to: row.whisper_to, moderators: row.whisper_mods === 1 } }
    : {}),
});

export class OutboxRepository {
  private readonly statements;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = {
      add: database.prepare(
        `INSERT INTO outbox (message_id, purpose, destination, namespace, data, ttl_ms, next_attempt_at, created_at,
           whisper_to, whisper_mods)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      due: database.prepare(
        `SELECT * FROM outbox WHERE failed = 0 AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      nextDue: database.prepare(`SELECT min(next_attempt_at) AS next FROM outbox WHERE failed = 0`),
      remove: database.prepare(`DELETE FROM outbox WHERE id = ?`),
      postpone: database.prepare(
        `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`,
      ),
      fail: database.prepare(
        `UPDATE outbox SET attempts = attempts + 1, failed = 1, last_error = ? WHERE id = ?`,
      ),
      retry: database.prepare(
        `UPDATE outbox SET failed = 0, attempts = 0, next_attempt_at = ? WHERE message_id = ? AND failed = 1`,
      ),
      forMessage: database.prepare(`SELECT * FROM outbox WHERE message_id = ?`),
      removeForMessage: database.prepare(`DELETE FROM outbox WHERE message_id = ?`),
    };
  }

  add(entries: readonly NewOutboxEntry[], now: number): void {
    this.database.transaction(() => {
      for (const entry of entries) {
        this.statements.add.run(
          entry.messageId,
          entry.purpose,
          entry.destination,
          entry.namespace ?? 0,
          entry.data,
          entry.ttlMs,
          now,
          now,
          entry.whisper?.to ?? null,
          entry.whisper?.moderators ? 1 : 0,
        );
      }
    })();
  }

  /** Entries whose time has come, oldest first. */
  due(now: number, limit: number): OutboxEntry[] {
    return (this.statements.due.all(now, limit) as OutboxRow[]).map(toEntry);
  }

  /** When the next pending entry is due, if any is pending. */
  nextDue(): number | null {
    return (this.statements.nextDue.get() as { next: number | null }).next;
  }

  remove(id: number): void {
    this.statements.remove.run(id);
  }

  postpone(id: number, until: number, error: string): void {
    this.statements.postpone.run(until, error, id);
  }

  fail(id: number, error: string): void {
    this.statements.fail.run(error, id);
  }

  /** Puts a message's failed stores back in line; returns how many there were. */
  retry(messageId: number, now: number): number {
    return this.statements.retry.run(now, messageId).changes;
  }

  forMessage(messageId: number): OutboxEntry[] {
    return (this.statements.forMessage.all(messageId) as OutboxRow[]).map(toEntry);
  }

  /** Drops what is still waiting for a message (it was unsent or deleted before it left). */
  removeForMessage(messageId: number): void {
    this.statements.removeForMessage.run(messageId);
  }
}
