// Where the open group server keeps its state: messages in SQLite (DIR/community.sqlite,
// messageDatabase.ts), written synchronously as each request changes them; everything else in
// memory, written as one JSON file (DIR/community.json, replaced atomically) shortly after each change
// and on stop; and room files as DIR/files/<id>. A restarted server has its rooms, messages and files
// back.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CommunityData, emptyCommunityData, type Message, type Room } from './communityData';
import { MessageDatabase } from './messageDatabase';

const dataFileName = 'community.json';
const databaseFileName = 'community.sqlite';
const saveDelayMs = 50;
const lazySaveDelayMs = 5_000;

/** The JSON of a server from before its messages moved to SQLite: they are moved on opening. */
interface EarlierData {
  messages?: (Omit<Message, 'createdSeqno'> & { createdSeqno?: number })[];
  nextMessageId?: number;
}

export class CommunityStore {
  private saveTimer: NodeJS.Timeout | undefined;
  private lazyTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly roomsByToken = new Map<string, Room>();

  private constructor(
    readonly directory: string,
    readonly data: CommunityData,
    readonly messages: MessageDatabase,
  ) {
    for (const room of data.rooms) this.roomsByToken.set(room.token, room);
  }

  static async open(directory: string): Promise<CommunityStore> {
    await mkdir(path.join(directory, 'files'), { recursive: true, mode: 0o700 });
    let text: string | undefined;
    try {
      text = await readFile(path.join(directory, dataFileName), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const data = text === undefined ? emptyCommunityData() : (JSON.parse(text) as CommunityData);
    if (data.format !== 'starling-community' || data.version !== 1) {
      throw new Error(`${path.join(directory, dataFileName)} is not a community server's state.`);
    }
    const messages = MessageDatabase.open(path.join(directory, databaseFileName));
    const store = new CommunityStore(directory, data, messages);
    try {
      if (store.moveEarlierMessages()) await store.flush();
      store.agreeWithMessages();
    } catch (error) {
      messages.close();
      throw error;
    }
    return store;
  }

  /** Moves the messages of an earlier JSON state into the database; true when there were any. */
  private moveEarlierMessages(): boolean {
    const earlier = this.data as CommunityData & EarlierData;
    if (earlier.messages === undefined) return false;
    const moved = earlier.messages;
    this.messages.transaction(() => {
      for (const message of moved) {
        // The earliest state did not keep a post's own seqno: taken as 0, as it was read then.
        if (this.messages.message(message.id) === undefined) {
          this.messages.add({ ...message, createdSeqno: message.createdSeqno ?? 0 });
        }
      }
    });
    delete earlier.messages;
    delete earlier.nextMessageId;
    return true;
  }

  /**
   * The JSON state is written a little after the database, so after a crash it may lag behind it:
   * each room's message_sequence is taken from its messages, and pins of messages that were deleted
   * meanwhile are dropped.
   */
  private agreeWithMessages(): void {
    for (const room of this.data.rooms) {
      room.messageSequence = this.messages.highestSeqno(room.token);
      const pinned = room.pinned.filter((pin) => {
        const message = this.messages.message(pin.id);
        return message !== undefined && message.data !== null;
      });
      if (pinned.length !== room.pinned.length) {
        room.pinned = pinned;
        room.infoUpdates += 1;
        this.changed();
      }
    }
  }

  room(token: string): Room | undefined {
    return this.roomsByToken.get(token);
  }

  addRoom(room: Room): void {
    if (this.roomsByToken.has(room.token)) throw new Error(`The room ${room.token} exists already.`);
    this.data.rooms.push(room);
    this.roomsByToken.set(room.token, room);
    this.changed();
  }

  filePath(id: number): string {
    return path.join(this.directory, 'files', String(id));
  }

  async writeFileData(id: number, bytes: Uint8Array): Promise<void> {
    await writeFile(this.filePath(id), bytes, { mode: 0o600 });
  }

  async readFileData(id: number): Promise<Buffer> {
    return readFile(this.filePath(id));
  }

  async removeFileData(id: number): Promise<void> {
    await rm(this.filePath(id), { force: true });
  }

  /** Schedules a write; changes within a few milliseconds share one. */
  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save();
    }, saveDelayMs);
    this.saveTimer.unref();
  }

  /**
   * Schedules a write within a few seconds, for changes that come with every request (activity
   * times): a busy server does not rewrite its whole state for each poll.
   */
  changedLazily(): void {
    if (this.saveTimer || this.lazyTimer) return;
    this.lazyTimer = setTimeout(() => {
      this.lazyTimer = undefined;
      this.changed();
    }, lazySaveDelayMs);
    this.lazyTimer.unref();
  }

  /** Writes the JSON state and closes the database: the store is not used after this. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.messages.close();
    }
  }

  /** Writes now (after any write in progress), e.g. before the server stops. */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    clearTimeout(this.lazyTimer);
    this.saveTimer = undefined;
    this.lazyTimer = undefined;
    await this.save();
  }

  private save(): Promise<void> {
    // This write takes the lazy changes too.
    clearTimeout(this.lazyTimer);
    this.lazyTimer = undefined;
    this.saving = this.saving
      .catch(() => undefined)
      .then(async () => {
        const file = path.join(this.directory, dataFileName);
        const temporary = `${file}.tmp`;
        await writeFile(temporary, JSON.stringify(this.data), { mode: 0o600 });
        await rename(temporary, file);
      });
    return this.saving;
  }
}
