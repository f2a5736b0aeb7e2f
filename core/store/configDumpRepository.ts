// The dumps of the account's config objects (migration 5; protocol-config-groups.md §3 "Dump
// format"). A dump holds the config's current message, state and hashes: enough to resume exactly.
import type { UserConfigKind } from '../../shared/protocol/config/configKinds';
import type { SqliteDatabase } from './database';

export class ConfigDumpRepository {
  private readonly statements;

  constructor(database: SqliteDatabase) {
    this.statements = {
      get: database.prepare(`SELECT dump FROM config_dumps WHERE kind = ?`),
      put: database.prepare(
        `INSERT INTO config_dumps (kind, dump) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET dump = excluded.dump`,
      ),
    };
  }

  get(kind: UserConfigKind): Uint8Array | undefined {
    const row = this.statements.get.get(kind) as { dump: Uint8Array } | undefined;
    return row ? new Uint8Array(row.dump) : undefined;
  }

  put(kind: UserConfigKind, dump: Uint8Array): void {
    this.statements.put.run(kind, dump);
  }
}
