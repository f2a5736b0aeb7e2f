// The pollers' last_hash values (protocol-network.md §11) in the profile's database: written together
// after each round, so a restarted engine asks each node only for what is new.
import type { PollStateStore } from '../polling/pollState';
import type { SqliteDatabase } from './database';

export function databasePollState(database: SqliteDatabase): PollStateStore {
  const read = database.prepare(
    `SELECT last_hash FROM poll_state WHERE node = ? AND owner = ? AND namespace = ?`,
  );
  const write = database.prepare(
    `INSERT INTO poll_state (node, owner, namespace, last_hash) VALUES (?, ?, ?, ?)
     ON CONFLICT (node, owner, namespace) DO UPDATE SET last_hash = excluded.last_hash`,
  );
  const pending = new Map<string, [string, string, number, string]>();
  const writeAll = database.transaction(() => {
    for (const values of pending.values()) write.run(...values);
    pending.clear();
  });
  return {
    lastHash(node, owner, namespace) {
      const waiting = pending.get(`${node}|${owner}|${namespace}`);
      if (waiting) return waiting[3];
      return (read.get(node, owner, namespace) as { last_hash: string } | undefined)?.last_hash;
    },
    setLastHash(node, owner, namespace, hash) {
      pending.set(`${node}|${owner}|${namespace}`, [node, owner, namespace, hash]);
    },
    save: async () => {
      if (pending.size > 0) writeAll();
    },
  };
}
