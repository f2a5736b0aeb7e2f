// The messages and revoked subaccount tokens of one devnet service node, in SQLite (protocol-network.md
// §4.5, §4.6, §8). The file lives in the devnet directory, so a restarted node keeps its data. The RPC
// layer (rpc.ts) validates everything; this class only stores, and trusts its arguments.
// The typings shim must come with this file into every program that compiles it, tests included, and
// an ambient module declaration cannot be imported.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../types/betterSqlite3.d.ts" />
import Database from 'better-sqlite3-multiple-ciphers';
import {
  allNamespaces,
  isPublicOutbox,
  type NamespaceSelector,
} from '../../shared/protocol/storage/namespaces';

export interface StoredMessage {
  /** §4.5: 43 characters of unpadded base64, unique in the whole database. */
  readonly hash: string;
  /** The storage pubkey: 66 lowercase hex characters, prefix included. */
  readonly owner: string;
  readonly namespace: number;
  /** The storer's timestamp, in ms. */
  readonly timestamp: number;
  readonly expiry: number;
  readonly data: Uint8Array;
}

export interface StoreOutcome {
  /** §4.5: the same hash was already stored; its expiry became the later of the two. */
  readonly already: boolean;
  readonly expiry: number;
}

export interface RetrieveQuery {
  readonly owner: string;
  readonly namespace: number;
  /** §4.6: rows inserted after this one on this node; an unknown hash means from the start. */
  readonly lastHash?: string | undefined;
  /** Messages whose expiry is not after this are left out. */
  readonly now: number;
  readonly maxCount?: number | undefined;
  /** In bytes as retrieveCost counts them. */
  readonly maxSize?: number | undefined;
}

export interface RetrieveResult {
  readonly messages: readonly StoredMessage[];
  /** Rows were left out by a limit: the client should poll again at once. */
  readonly more: boolean;
}

export interface AffectedMessage {
  readonly hash: string;
  readonly namespace: number;
}

export interface ExpiryUpdate {
  readonly hash: string;
  readonly expiry: number;
}

/** How `expire` may move an expiry (§4.6): anywhere, only later, or only earlier. */
export type ExpiryChange = 'set' | 'extend' | 'shorten';

/** §4.2: a group keeps at most this many revoked subaccount tokens; older ones are forgotten. */
export const maximumRevokedSubaccounts = 50;

/** §4.4: what retrieve's size limit counts: the data as base64 plus about 100 bytes per message. */
export function retrieveCost(dataLength: number): number {
  return Math.ceil(dataLength / 3) * 4 + 100;
}

interface MessageRow {
  readonly hash: string;
  readonly owner: string;
  readonly namespace: number;
  readonly timestamp: number;
  readonly expiry: number;
  readonly data: Buffer;
}

const messageColumns = 'hash, owner, namespace, timestamp, expiry, data';

const schema = `
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  hash TEXT NOT NULL UNIQUE,
  owner TEXT NOT NULL,
  namespace INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  expiry INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_owner ON messages (owner, namespace, id);
CREATE INDEX IF NOT EXISTS messages_by_expiry ON messages (expiry);
CREATE TABLE IF NOT EXISTS revoked_subaccounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner TEXT NOT NULL,
  token BLOB NOT NULL,
  UNIQUE (owner, token)
);
`;

function toMessage(row: MessageRow): StoredMessage {
  return {
    hash: row.hash,
    owner: row.owner,
    namespace: row.namespace,
    timestamp: row.timestamp,
    expiry: row.expiry,
    data: new Uint8Array(row.data),
  };
}

// better-sqlite3 binds Buffers as blobs, not plain Uint8Arrays.
function blob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class MessageStore {
  private readonly database: Database.Database;
  private readonly statements;
  private readonly storeTransaction;
  private readonly bulkInsertTransaction;
  private readonly deleteByHashesTransaction;
  private readonly expireTransaction;
  private readonly revokeTransaction;
  private readonly unrevokeTransaction;

  constructor(file: string) {
    this.database = new Database(file);
    // WAL: readers never wait for the writer, and a crash loses no committed store.
    this.database.pragma('journal_mode = WAL');
    this.database.pragma('synchronous = NORMAL');
    this.database.exec(schema);
    const prepare = <Result = unknown>(sql: string) => this.database.prepare<unknown[], Result>(sql);
    // Statements that use a value twice take named parameters (better-sqlite3 has no ?NNN).
    const prepareNamed = <Result = unknown>(sql: string) =>
      this.database.prepare<[Record<string, string | number | Buffer>], Result>(sql);
    this.statements = {
      expiryOfHash: prepare<{ expiry: number }>('SELECT expiry FROM messages WHERE hash = ?'),
      raiseExpiry: prepareNamed(
        'UPDATE messages SET expiry = @expiry WHERE hash = @hash AND expiry < @expiry',
      ),
      insert: prepare(`INSERT INTO messages (${messageColumns}) VALUES (?, ?, ?, ?, ?, ?)`),
      insertIfNew: prepare(`INSERT OR IGNORE INTO messages (${messageColumns}) VALUES (?, ?, ?, ?, ?, ?)`),
      deleteOthersInNamespace: prepare(
        'DELETE FROM messages WHERE owner = ? AND namespace = ? AND hash <> ?',
      ),
      newestTimestampInNamespace: prepare<{ timestamp: number | null }>(
        'SELECT MAX(timestamp) AS timestamp FROM messages WHERE owner = ? AND namespace = ?',
      ),
      positionOfHash: prepare<{ id: number }>(
        'SELECT id FROM messages WHERE hash = ? AND owner = ? AND namespace = ?',
      ),
      page: prepare<MessageRow>(
        `SELECT ${messageColumns} FROM messages
         WHERE owner = ? AND namespace = ? AND id > ? AND expiry > ? ORDER BY id`,
      ),
      deleteHash: prepare('DELETE FROM messages WHERE hash = ? AND owner = ?'),
      deleteNamespace: prepare<AffectedMessage>(
        'DELETE FROM messages WHERE owner = ? AND namespace = ? RETURNING hash, namespace',
      ),
      deleteOwner: prepare<AffectedMessage>('DELETE FROM messages WHERE owner = ? RETURNING hash, namespace'),
      deleteNamespaceBefore: prepare<AffectedMessage>(
        'DELETE FROM messages WHERE owner = ? AND namespace = ? AND timestamp <= ? RETURNING hash, namespace',
      ),
      deleteOwnerBefore: prepare<AffectedMessage>(
        'DELETE FROM messages WHERE owner = ? AND timestamp <= ? RETURNING hash, namespace',
      ),
      // An expired row is gone, even before the sweep removes it.
      setExpiry: prepareNamed<{ expiry: number }>(
        `UPDATE messages SET expiry = @expiry
         WHERE hash = @hash AND owner = @owner AND expiry > @now RETURNING expiry`,
      ),
      extendExpiry: prepareNamed<{ expiry: number }>(
        `UPDATE messages SET expiry = @expiry
         WHERE hash = @hash AND owner = @owner AND expiry > @now AND expiry < @expiry RETURNING expiry`,
      ),
      shortenExpiry: prepareNamed<{ expiry: number }>(
        `UPDATE messages SET expiry = @expiry
         WHERE hash = @hash AND owner = @owner AND expiry > @now AND expiry > @expiry RETURNING expiry`,
      ),
      shortenNamespace: prepareNamed<AffectedMessage>(
        `UPDATE messages SET expiry = @expiry
         WHERE owner = @owner AND namespace = @namespace AND expiry > @expiry RETURNING hash, namespace`,
      ),
      shortenOwner: prepareNamed<AffectedMessage>(
        'UPDATE messages SET expiry = @expiry WHERE owner = @owner AND expiry > @expiry RETURNING hash, namespace',
      ),
      liveExpiry: prepare<{ expiry: number }>(
        'SELECT expiry FROM messages WHERE hash = ? AND owner = ? AND expiry > ?',
      ),
      sweep: prepare('DELETE FROM messages WHERE expiry <= ?'),
      everyLiveMessage: prepare<MessageRow>(
        `SELECT ${messageColumns} FROM messages WHERE expiry > ? ORDER BY id`,
      ),
      forgetRevocation: prepare('DELETE FROM revoked_subaccounts WHERE owner = ? AND token = ?'),
      addRevocation: prepare('INSERT INTO revoked_subaccounts (owner, token) VALUES (?, ?)'),
      trimRevocations: prepareNamed(
        `DELETE FROM revoked_subaccounts WHERE owner = @owner AND id NOT IN (
           SELECT id FROM revoked_subaccounts WHERE owner = @owner ORDER BY id DESC LIMIT @keep)`,
      ),
      isRevoked: prepare('SELECT 1 FROM revoked_subaccounts WHERE owner = ? AND token = ?'),
    };

    this.storeTransaction = this.database.transaction((message: StoredMessage): StoreOutcome => {
      const existing = this.statements.expiryOfHash.get(message.hash);
      if (existing) {
        this.statements.raiseExpiry.run({ expiry: message.expiry, hash: message.hash });
        return { already: true, expiry: Math.max(existing.expiry, message.expiry) };
      }
      // §4.3: a public outbox holds only its latest message.
      if (isPublicOutbox(message.namespace)) {
        this.statements.deleteOthersInNamespace.run(message.owner, message.namespace, message.hash);
      }
      this.insertRow(this.statements.insert, message);
      return { already: false, expiry: message.expiry };
    });

    this.bulkInsertTransaction = this.database.transaction((messages: readonly StoredMessage[]): number => {
      let inserted = 0;
      for (const message of messages) {
        if (isPublicOutbox(message.namespace)) {
          // Copies from several peers arrive in any order: the outbox keeps the newest by timestamp.
          const newest = this.statements.newestTimestampInNamespace.get(message.owner, message.namespace);
          const newestTimestamp = newest?.timestamp ?? undefined;
          if (newestTimestamp !== undefined && newestTimestamp >= message.timestamp) continue;
          this.statements.deleteOthersInNamespace.run(message.owner, message.namespace, message.hash);
        }
        inserted += this.insertRow(this.statements.insertIfNew, message);
      }
      return inserted;
    });

    this.deleteByHashesTransaction = this.database.transaction(
      (owner: string, hashes: readonly string[]): string[] =>
        hashes.filter((hash) => this.statements.deleteHash.run(hash, owner).changes > 0),
    );

    this.expireTransaction = this.database.transaction(
      (
        owner: string,
        updates: readonly ExpiryUpdate[],
        change: ExpiryChange,
        now: number,
      ): ExpiryUpdate[] => {
        const statement =
          change === 'extend'
            ? this.statements.extendExpiry
            : change === 'shorten'
              ? this.statements.shortenExpiry
              : this.statements.setExpiry;
        return updates.flatMap((update) => {
          const row = statement.get({ expiry: update.expiry, hash: update.hash, owner, now });
          return row ? [{ hash: update.hash, expiry: row.expiry }] : [];
        });
      },
    );

    this.revokeTransaction = this.database.transaction((owner: string, tokens: readonly Uint8Array[]) => {
      for (const token of tokens) {
        // Revoking again makes the token the most recent one, so the cap forgets it last.
        this.statements.forgetRevocation.run(owner, blob(token));
        this.statements.addRevocation.run(owner, blob(token));
      }
      this.statements.trimRevocations.run({ owner, keep: maximumRevokedSubaccounts });
    });

    this.unrevokeTransaction = this.database.transaction(
      (owner: string, tokens: readonly Uint8Array[]): number =>
        tokens.reduce(
          (count, token) => count + this.statements.forgetRevocation.run(owner, blob(token)).changes,
          0,
        ),
    );
  }

  /**
   * Stores a message. §4.5: storing the same hash again keeps the later expiry and reports `already`;
   * §4.3: a message in a public outbox replaces the one there.
   */
  store(message: StoredMessage): StoreOutcome {
    return this.storeTransaction(message);
  }

  /**
   * Messages copied from swarm peers (§8); duplicates are ignored. Returns how many were new.
   */
  bulkInsert(messages: readonly StoredMessage[]): number {
    return this.bulkInsertTransaction(messages);
  }

  /**
   * §4.6: one namespace's live messages in this node's insertion order, after `lastHash`, within the
   * count and size limits, but always at least one message when there is one.
   */
  retrieve(query: RetrieveQuery): RetrieveResult {
    const after =
      query.lastHash === undefined
        ? undefined
        : this.statements.positionOfHash.get(query.lastHash, query.owner, query.namespace);
    const messages: StoredMessage[] = [];
    let size = 0;
    let more = false;
    for (const row of this.statements.page.iterate(query.owner, query.namespace, after?.id ?? 0, query.now)) {
      if (query.maxCount !== undefined && messages.length >= query.maxCount) {
        more = true;
        break;
      }
      size += retrieveCost(row.data.length);
      if (query.maxSize !== undefined && messages.length > 0 && size > query.maxSize) {
        more = true;
        break;
      }
      messages.push(toMessage(row));
    }
    return { messages, more };
  }

  /** Deletes the owner's messages with these hashes, in any namespace; returns the deleted hashes. */
  deleteByHashes(owner: string, hashes: readonly string[]): string[] {
    return this.deleteByHashesTransaction(owner, hashes);
  }

  deleteAll(owner: string, namespace: NamespaceSelector): AffectedMessage[] {
    return namespace === allNamespaces
      ? this.statements.deleteOwner.all(owner)
      : this.statements.deleteNamespace.all(owner, namespace);
  }

  /** Deletes the messages whose (storer's) timestamp is at or before `before`. */
  deleteBefore(owner: string, namespace: NamespaceSelector, before: number): AffectedMessage[] {
    return namespace === allNamespaces
      ? this.statements.deleteOwnerBefore.all(owner, before)
      : this.statements.deleteNamespaceBefore.all(owner, namespace, before);
  }

  /**
   * Sets the expiry of the owner's live messages, each to its own value, as `change` allows.
   * Returns the messages that changed, with their new expiry.
   */
  expire(owner: string, updates: readonly ExpiryUpdate[], change: ExpiryChange, now: number): ExpiryUpdate[] {
    return this.expireTransaction(owner, updates, change, now);
  }

  /** §4.6 expire_all: brings every later expiry down to `expiry`; never extends. */
  shortenAll(owner: string, namespace: NamespaceSelector, expiry: number): AffectedMessage[] {
    return namespace === allNamespaces
      ? this.statements.shortenOwner.all({ expiry, owner })
      : this.statements.shortenNamespace.all({ expiry, owner, namespace });
  }

  /** The expiry of each of the owner's live messages among `hashes`; others are left out. */
  getExpiries(owner: string, hashes: readonly string[], now: number): Map<string, number> {
    const expiries = new Map<string, number>();
    for (const hash of hashes) {
      const row = this.statements.liveExpiry.get(hash, owner, now);
      if (row) expiries.set(hash, row.expiry);
    }
    return expiries;
  }

  /** §4.4: removes expired messages (a node does this every 10 s); returns how many. */
  sweepExpired(now: number): number {
    return this.statements.sweep.run(now).changes;
  }

  /** Every live message in insertion order: what a node pushes to a new swarm member (§8). */
  liveMessages(now: number): StoredMessage[] {
    return this.statements.everyLiveMessage.all(now).map(toMessage);
  }

  /** §4.2: records revoked tokens (36 bytes each), keeping the latest 50 per owner. */
  revokeSubaccounts(owner: string, tokens: readonly Uint8Array[]): void {
    this.revokeTransaction(owner, tokens);
  }

  /** Forgets revocations; returns how many tokens were revoked before. */
  unrevokeSubaccounts(owner: string, tokens: readonly Uint8Array[]): number {
    return this.unrevokeTransaction(owner, tokens);
  }

  isSubaccountRevoked(owner: string, token: Uint8Array): boolean {
    return this.statements.isRevoked.get(owner, blob(token)) !== undefined;
  }

  close(): void {
    this.database.close();
  }

  private insertRow(statement: Database.Statement, message: StoredMessage): number {
    return statement.run(
      message.hash,
      message.owner,
      message.namespace,
      message.timestamp,
      message.expiry,
      blob(message.data),
    ).changes;
  }
}
