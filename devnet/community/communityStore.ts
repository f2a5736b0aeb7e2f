// Where the open group server keeps its state: everything in memory, written as one JSON file
// (DIR/community.json, replaced atomically) shortly after each change and on stop, and room files as
// DIR/files/<id>, so that a restarted server has its rooms, messages and files back.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type CommunityData, emptyCommunityData, type Message, type Room } from './communityData';

const dataFileName = 'community.json';
const saveDelayMs = 50;
const lazySaveDelayMs = 5_000;

export class CommunityStore {
  private saveTimer: NodeJS.Timeout | undefined;
  private lazyTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private readonly roomsByToken = new Map<string, Room>();
  private readonly messagesById = new Map<number, Message>();

  private constructor(
    readonly directory: string,
    readonly data: CommunityData,
  ) {
    this.reindex();
  }

  static async open(directory: string): Promise<CommunityStore> {
    await mkdir(path.join(directory, 'files'), { recursive: true, mode: 0o700 });
    let text: string | undefined;
    try {
      text = await readFile(path.join(directory, dataFileName), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new CommunityStore(directory, emptyCommunityData());
    const data = JSON.parse(text) as CommunityData;
    if (data.format !== 'starling-community' || data.version !== 1) {
      throw new Error(`${path.join(directory, dataFileName)} is not a community server's state.`);
    }
    return new CommunityStore(directory, data);
  }

  /** Rebuilds the lookups after rooms or messages were added or removed in bulk. */
  reindex(): void {
    this.roomsByToken.clear();
    for (const room of this.data.rooms) this.roomsByToken.set(room.token, room);
    this.messagesById.clear();
    for (const message of this.data.messages) this.messagesById.set(message.id, message);
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

  message(id: number): Message | undefined {
    return this.messagesById.get(id);
  }

  addMessage(message: Message): void {
    this.data.messages.push(message);
    this.messagesById.set(message.id, message);
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
