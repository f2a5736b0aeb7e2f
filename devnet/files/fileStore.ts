// The file server's files on disk (protocol-messages.md §5.2), under DIR/files so that a restarted
// devnet keeps them: `<id>.data` holds the bytes and `<id>.json` the metadata sidecar (size,
// uploaded, expires). Both are written to a temporary name and renamed, so a crash leaves either the
// old state or the new one, never half a file; the sidecar is written last and removed first, so a
// data file without one is a leftover that opening the store deletes. An index in memory answers
// lookups and expiry without reading the disk.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isFileId, newFileId } from './fileIds';

/** Times in unix seconds (floats), as the file server's replies carry them. */
export interface FileRecord {
  readonly size: number;
  readonly uploaded: number;
  readonly expires: number;
}

export class FileStoreFullError extends Error {}

export interface FileStoreOptions {
  /** Milliseconds since the epoch; a test moves it to expire files. */
  readonly now: () => number;
  /** All files together may not take more; an upload beyond it is refused. */
  readonly maximumStoredBytes: number;
}

export class FileStore {
  private readonly index = new Map<string, FileRecord>();
  private storedBytes = 0;

  private constructor(
    private readonly directory: string,
    private readonly options: FileStoreOptions,
  ) {}

  static async open(directory: string, options: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(directory, options);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    await store.load();
    return store;
  }

  /** The metadata of a stored file, or undefined when it is unknown or expired (and so refused). */
  info(id: string): FileRecord | undefined {
    const record = this.index.get(id);
    return record && record.expires * 1000 > this.options.now() ? record : undefined;
  }

  async read(id: string): Promise<{ record: FileRecord; data: Buffer } | undefined> {
    const record = this.info(id);
    if (!record) return undefined;
    try {
      return { record, data: await readFile(this.dataPath(id)) };
    } catch (error) {
      // Swept between the lookup and the read.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async add(data: Uint8Array, expires: number): Promise<{ id: string; record: FileRecord }> {
    if (this.storedBytes + data.length > this.options.maximumStoredBytes) {
      throw new FileStoreFullError('The file server has no room for this file.');
    }
    let id = newFileId();
    while (this.index.has(id)) id = newFileId();
    const record: FileRecord = { size: data.length, uploaded: this.options.now() / 1000, expires };
    // Counted before the writes, so that uploads at the same time cannot overshoot the limit together.
    this.storedBytes += data.length;
    try {
      await this.writeAtomically(this.dataPath(id), data);
      await this.writeAtomically(this.recordPath(id), JSON.stringify(record));
    } catch (error) {
      this.storedBytes -= data.length;
      await unlink(this.dataPath(id)).catch(() => undefined);
      throw error;
    }
    this.index.set(id, record);
    return { id, record };
  }

  /** Moves a live file's expiry; undefined when it is unknown or already expired. */
  async setExpiry(id: string, expires: number): Promise<FileRecord | undefined> {
    const current = this.info(id);
    if (!current) return undefined;
    const record: FileRecord = { ...current, expires };
    await this.writeAtomically(this.recordPath(id), JSON.stringify(record));
    this.index.set(id, record);
    return record;
  }

  /** Removes at most `limit` expired files, so that one sweep never holds the server up for long. */
  async sweep(limit: number): Promise<number> {
    const now = this.options.now();
    const expired = [...this.index]
      .filter(([, record]) => record.expires * 1000 <= now)
      .slice(0, limit)
      .map(([id]) => id);
    for (const id of expired) await this.remove(id);
    return expired.length;
  }

  get fileCount(): number {
    return this.index.size;
  }

  private async remove(id: string): Promise<void> {
    const record = this.index.get(id);
    if (!record) return;
    this.index.delete(id);
    this.storedBytes -= record.size;
    await unlink(this.recordPath(id)).catch(ignoreMissing);
    await unlink(this.dataPath(id)).catch(ignoreMissing);
  }

  /** Rebuilds the index from the sidecars, deleting temporary files and data without metadata. */
  private async load(): Promise<void> {
    const names = await readdir(this.directory);
    const described = new Set<string>();
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : undefined;
      if (id === undefined || !isFileId(id)) continue;
      const record = await this.readRecord(id);
      if (record) {
        this.index.set(id, record);
        this.storedBytes += record.size;
        described.add(id);
      } else {
        await unlink(this.recordPath(id)).catch(ignoreMissing);
      }
    }
    for (const name of names) {
      const id = name.endsWith('.data') ? name.slice(0, -'.data'.length) : undefined;
      const leftover = name.endsWith('.tmp') || (id !== undefined && !described.has(id));
      if (leftover) await unlink(path.join(this.directory, name)).catch(ignoreMissing);
    }
  }

  /** A sidecar that parses and whose data file has the size it names, else undefined. */
  private async readRecord(id: string): Promise<FileRecord | undefined> {
    try {
      const value = JSON.parse(await readFile(this.recordPath(id), 'utf8')) as Record<string, unknown>;
      const { size, uploaded, expires } = value;
      if (!isFiniteNumber(size) || !isFiniteNumber(uploaded) || !isFiniteNumber(expires)) return undefined;
      const data = await stat(this.dataPath(id));
      return data.size === size ? { size, uploaded, expires } : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeAtomically(target: string, contents: Uint8Array | string): Promise<void> {
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, contents, { flag: 'wx', mode: 0o600 });
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  private dataPath(id: string): string {
    return path.join(this.directory, `${id}.data`);
  }

  private recordPath(id: string): string {
    return path.join(this.directory, `${id}.json`);
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
