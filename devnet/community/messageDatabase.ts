// The open group server's messages in SQLite (DIR/community.sqlite, plain SQLite: no key), so that a
// room of 100,000 messages is paged by index rather than scanned (protocol-messages.md §6.4, §6.5):
// `recent` and `before/<id>` walk a room's messages by ID downwards, `since/<seqno>` by seqno upwards,
// a single message is its primary key, and a purge finds a poster's messages by their room and ID.
// Each message is one row; its reactions and file IDs are JSON columns of that row, because they are
// only ever read and changed with their message. Every write is synchronous and committed before the
// reply goes out (WAL), so a crash loses nothing a client was told.
// The typings shim must come with this file into every program that compiles it, tests included, and
// an ambient module declaration cannot be imported.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../types/betterSqlite3.d.ts" />
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Message, Reaction } from './communityData';

/** Who lists a room's messages, as `canSee` (views.ts) decides for one message. */
export interface MessageViewer {
  /** The caller's 15… ID; undefined for a request without X-SOGS-* headers. */
  readonly sessionId: string | undefined;
  /** Whether the caller may read the room; without read pysogs lists only the whispers to them. */
  readonly read: boolean;
  /** Moderators also see the whispers to the moderators and their own whispers. */
  readonly moderator: boolean;
}

interface MessageRow {
  readonly id: number;
  readonly room: string;
  readonly session_id: string;
  readonly posted: number;
  readonly edited: number | null;
  readonly seqno: number;
  readonly data_seqno: number;
  readonly created_seqno: number;
  readonly data: string | null;
  readonly signature: string | null;
  readonly whisper_to: string | null;
  readonly whisper_mods: number;
  readonly files: string;
  readonly reactions: string;
}

type Parameters = Record<string, string | number | null>;

// IDs are global across rooms and never reused (pysogs): a deleted message stays as its stub, so the
// highest ID is the last one given out.
const schema = `
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY,
  room TEXT NOT NULL,
  session_id TEXT NOT NULL,
  posted REAL NOT NULL,
  edited REAL,
  seqno INTEGER NOT NULL,
  data_seqno INTEGER NOT NULL,
  created_seqno INTEGER NOT NULL,
  data TEXT,
  signature TEXT,
  whisper_to TEXT,
  whisper_mods INTEGER NOT NULL,
  files TEXT NOT NULL,
  reactions TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_id ON messages (room, id);
CREATE INDEX IF NOT EXISTS messages_by_seqno ON messages (room, seqno);
CREATE INDEX IF NOT EXISTS messages_by_poster ON messages (room, session_id);
CREATE INDEX IF NOT EXISTS messages_whispered ON messages (room, whisper_to, id)
  WHERE whisper_to IS NOT NULL;
`;

/**
 * Where a listing looks, and the SQL of `canSee` (views.ts) for a caller who may read: public
 * messages; whispers to the caller; and for a moderator, whispers to the moderators and the
 * moderator's own.
 */
const readableMessages = {
  table: 'messages',
  visible: `(
    (whisper_to IS NULL AND whisper_mods = 0)
    OR whisper_to = @viewer
    OR (@moderator = 1 AND (whisper_mods = 1 OR session_id = @viewer))
  )`,
};
/**
 * A caller without read sees only the whispers to them: the partial index finds those without
 * walking the room (SQLite would otherwise take the seqno index for `since` and walk it all).
 */
const whispersToViewer = { table: 'messages INDEXED BY messages_whispered', visible: 'whisper_to = @viewer' };

const columns = `id, room, session_id, posted, edited, seqno, data_seqno, created_seqno, data, signature,
  whisper_to, whisper_mods, files, reactions`;

function messageOf(row: MessageRow): Message {
  return {
    id: row.id,
    token: row.room,
    sessionId: row.session_id,
    posted: row.posted,
    edited: row.edited,
    seqno: row.seqno,
    dataSeqno: row.data_seqno,
    createdSeqno: row.created_seqno,
    data: row.data,
    signature: row.signature,
    whisperTo: row.whisper_to,
    whisperMods: row.whisper_mods === 1,
    files: JSON.parse(row.files) as number[],
    reactions: JSON.parse(row.reactions) as Reaction[],
  };
}

function rowOf(message: Message): Parameters {
  return {
    id: message.id,
    room: message.token,
    session_id: message.sessionId,
    posted: message.posted,
    edited: message.edited,
    seqno: message.seqno,
    data_seqno: message.dataSeqno,
    created_seqno: message.createdSeqno,
    data: message.data,
    signature: message.signature,
    whisper_to: message.whisperTo,
    whisper_mods: message.whisperMods ? 1 : 0,
    files: JSON.stringify(message.files),
    reactions: JSON.stringify(message.reactions),
  };
}

/** The file, readable and writable by its owner only, before SQLite makes its -wal and -shm beside it. */
function restrictToOwner(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

export class MessageDatabase {
  private readonly database: Database.Database;
  private readonly statements;
  private readonly readable;
  private readonly whispersOnly;
  private nextIdValue: number;

  private constructor(file: string) {
    restrictToOwner(file);
    this.database = new Database(file);
    try {
      // WAL with NORMAL sync: a committed write survives the process dying, and readers never wait.
      this.database.pragma('journal_mode = WAL');
      this.database.pragma('synchronous = NORMAL');
      this.database.exec(schema);
    } catch (error) {
      this.database.close();
      throw error;
    }
    const prepare = <Result = unknown>(sql: string) => this.database.prepare<[Parameters], Result>(sql);
    this.statements = {
      byId: prepare<MessageRow>(`SELECT ${columns} FROM messages WHERE id = @id`),
      insert: prepare(
        `INSERT INTO messages (${columns}) VALUES (@id, @room, @session_id, @posted, @edited, @seqno,
         @data_seqno, @created_seqno, @data, @signature, @whisper_to, @whisper_mods, @files, @reactions)`,
      ),
      update: prepare(
        `UPDATE messages SET edited = @edited, seqno = @seqno, data_seqno = @data_seqno, data = @data,
         signature = @signature, files = @files, reactions = @reactions WHERE id = @id`,
      ),
      livePostsOf: prepare<MessageRow>(
        `SELECT ${columns} FROM messages
         WHERE room = @room AND session_id = @session_id AND data IS NOT NULL ORDER BY id`,
      ),
      highestSeqno: prepare<{ seqno: number | null }>(
        'SELECT max(seqno) AS seqno FROM messages WHERE room = @room',
      ),
      highestId: prepare<{ id: number | null }>('SELECT max(id) AS id FROM messages'),
    };
    this.readable = this.listings(readableMessages);
    this.whispersOnly = this.listings(whispersToViewer);
    this.nextIdValue = (this.statements.highestId.get({})?.id ?? 0) + 1;
  }

  static open(file: string): MessageDatabase {
    return new MessageDatabase(file);
  }

  /** The three listings of §6.5 for callers who see what `visible` lets through. */
  private listings({ table, visible }: { readonly table: string; readonly visible: string }) {
    const prepare = (sql: string) => this.database.prepare<[Parameters], MessageRow>(sql);
    return {
      recent: prepare(
        `SELECT ${columns} FROM ${table}
         WHERE room = @room AND data IS NOT NULL AND ${visible} ORDER BY id DESC LIMIT @limit`,
      ),
      before: prepare(
        `SELECT ${columns} FROM ${table}
         WHERE room = @room AND id < @before AND data IS NOT NULL AND ${visible}
         ORDER BY id DESC LIMIT @limit`,
      ),
      // Any change gives a message a seqno at least its data seqno, so `seqno > @seqno` bounds the
      // walk of the index in both forms. pysogs sends no deletion stub for a message the poller never
      // had (posted after its seqno).
      since: prepare(
        `SELECT ${columns} FROM ${table}
         WHERE room = @room AND seqno > @seqno AND (@reactions = 1 OR data_seqno > @seqno)
           AND (data IS NOT NULL OR created_seqno <= @seqno) AND ${visible}
         ORDER BY seqno LIMIT @limit`,
      ),
    };
  }

  private listingsFor(viewer: MessageViewer) {
    return viewer.read ? this.readable : this.whispersOnly;
  }

  private viewerParameters(viewer: MessageViewer): Parameters {
    return { viewer: viewer.sessionId ?? null, moderator: viewer.moderator ? 1 : 0 };
  }

  /** The ID the next message added gets. */
  get nextId(): number {
    return this.nextIdValue;
  }

  message(id: number): Message | undefined {
    const row = this.statements.byId.get({ id });
    return row ? messageOf(row) : undefined;
  }

  /** Adds a message: a new one carries `nextId`; one moved from an earlier state keeps its own. */
  add(message: Message): void {
    this.statements.insert.run(rowOf(message));
    this.nextIdValue = Math.max(this.nextIdValue, message.id + 1);
  }

  /** Writes what may change of a message: its data, edit time, seqnos, files and reactions. */
  save(message: Message): void {
    this.statements.update.run(rowOf(message));
  }

  /** A room's newest live messages, newest first. */
  recent(room: string, viewer: MessageViewer, limit: number): Message[] {
    const parameters = { room, limit, ...this.viewerParameters(viewer) };
    return this.listingsFor(viewer).recent.all(parameters).map(messageOf);
  }

  /** The live messages just older than the message `before`, newest first. */
  before(room: string, before: number, viewer: MessageViewer, limit: number): Message[] {
    const parameters = { room, before, limit, ...this.viewerParameters(viewer) };
    return this.listingsFor(viewer).before.all(parameters).map(messageOf);
  }

  /**
   * The messages changed after `seqno`, in the order of their latest change: posts, edits and
   * deletions, and with `reactions` those whose reactions alone changed.
   */
  since(room: string, seqno: number, reactions: boolean, viewer: MessageViewer, limit: number): Message[] {
    const parameters = { room, seqno, reactions: reactions ? 1 : 0, limit, ...this.viewerParameters(viewer) };
    return this.listingsFor(viewer).since.all(parameters).map(messageOf);
  }

  /** A poster's live messages in a room, oldest first. */
  livePostsOf(room: string, sessionId: string): Message[] {
    return this.statements.livePostsOf.all({ room, session_id: sessionId }).map(messageOf);
  }

  /** The seqno of the room's latest change to any message (0 for none): its `message_sequence`. */
  highestSeqno(room: string): number {
    return this.statements.highestSeqno.get({ room })?.seqno ?? 0;
  }

  /** Runs `work` as one transaction: all of its writes are kept, or none. */
  transaction<Result>(work: () => Result): Result {
    return this.database.transaction(work)();
  }

  close(): void {
    if (this.database.open) this.database.close();
  }
}
