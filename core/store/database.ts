// The profile's database: one SQLite file encrypted with SQLCipher's format (stack.md:
// better-sqlite3-multiple-ciphers), keyed by a key derived from the profile's vault key, in WAL
// mode, brought up to date by numbered migrations. A wrong key or a damaged file is refused with a
// clear error before anything is read.
// The typings shim must come with this file into every program that compiles it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../types/betterSqlite3.d.ts" />
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { StarlingError } from '../../shared/errors';
import { toHex } from '../../shared/protocol/bytes';

export type SqliteDatabase = InstanceType<typeof Database>;

/** One step of the schema; `version` numbers run 1, 2, 3… and are never reused or edited. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (database: SqliteDatabase) => void;
}

export type DatabaseErrorCode = 'databaseLocked' | 'databaseTooNew' | 'databaseDamaged';

export class DatabaseError extends StarlingError<DatabaseErrorCode> {}

export const databaseKeyLength = 32;

/**
 * The database file exists, readable and writable by its owner only, before SQLite opens it: SQLite
 * gives its -wal and -shm files the mode of the database file, so they are the owner's only too.
 * Files made by an older Starling with the default mode are narrowed.
 */
function restrictToOwner(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

export function openDatabase(options: {
  readonly file: string;
  readonly key: Uint8Array;
  readonly migrations: readonly Migration[];
}): SqliteDatabase {
  if (options.key.length !== databaseKeyLength) throw new RangeError('a database key has 32 bytes');
  checkMigrations(options.migrations);
  restrictToOwner(options.file);
  const database = new Database(options.file);
  try {
    // SQLCipher 4 settings, and the raw key (no passphrase KDF: the key is random, derived from
    // the vault key). The key must be set before the first read.
    database.pragma(`cipher='sqlcipher'`);
    database.pragma('legacy=4');
    database.pragma(`key="x'${toHex(options.key)}'"`);
    try {
      database.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new DatabaseError(
        'databaseLocked',
        'The message database cannot be opened with this profile’s key: it is damaged or belongs to another profile.',
      );
    }
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    // WAL with NORMAL sync is durable across application crashes and much faster than FULL.
    database.pragma('synchronous = NORMAL');
    // Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: a poll's inserts touch index pages all
    // over the file (hashes are random), and each checkpoint re-writes (and SQLCipher re-encrypts)
    // them; fewer checkpoints write each hot page once for many batches. This halves the cost of an
    // insert (measured: 110–140 → 55–70 µs). Closing the database checkpoints what is left.
    database.pragma('wal_autocheckpoint = 10000');
    migrate(database, options.migrations);
    return database;
  } catch (error) {
    database.close();
    throw error;
  }
}

function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new RangeError(`migration ${index + 1} is numbered ${migration.version}`);
    }
  });
}

/** Applies the migrations the file has not seen yet, each in its own transaction. */
function migrate(database: SqliteDatabase, migrations: readonly Migration[]): void {
  const current = Number(database.pragma('user_version', { simple: true }));
  if (current > migrations.length) {
    throw new DatabaseError(
      'databaseTooNew',
      `The message database was written by a newer Starling (schema ${current}); update Starling to open it.`,
    );
  }
  for (const migration of migrations.slice(current)) {
    database.transaction(() => {
      migration.up(database);
      database.pragma(`user_version = ${migration.version}`);
    })();
  }
}
