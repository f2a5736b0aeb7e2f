// Files at rest (issue: "files at rest are encrypted, a key in the encrypted database"): each file
// is sealed with AES-256-GCM under its own random key, which only the attachments row holds, and
// written under a random name, so the folder shows neither contents, names nor types. Reading
// checks the tag, so a file changed on disk is refused rather than shown.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StarlingError } from '../../shared/errors';
import { ownedBytes } from '../crypto/ownedBytes';
import type { Logger } from '../logging/logger';

const ivBytes = 12;
const tagBytes = 16;
const namePattern = /^[0-9a-f]{32}$/u;
/** A file newer than this may belong to a message still being stored: the sweep leaves it. */
const leftoverAgeMs = 10 * 60 * 1000;

export class AttachmentVaultError extends StarlingError<'fileMissing' | 'fileDamaged'> {}

export interface KeptFile {
  readonly localName: string;
  readonly localKey: Uint8Array;
  /** SHA-256 of the plaintext. */
  readonly sha256: Uint8Array;
}

/** Writes every byte of `parts` in order; writev may write fewer than asked, so it goes on from there. */
async function writeAll(handle: FileHandle, parts: readonly Uint8Array[]): Promise<void> {
  let pending = parts.filter((part) => part.length > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    const rest: Uint8Array[] = [];
    for (const part of pending) {
      if (bytesWritten >= part.length) {
        bytesWritten -= part.length;
      } else {
        rest.push(part.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

export class AttachmentVault {
  constructor(
    readonly directory: string,
    private readonly logger: Logger,
  ) {}

  /** Seals and writes a file (to a temporary name first, so a crash leaves no half file). */
  async keep(plaintext: Uint8Array): Promise<KeptFile> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const localName = randomBytes(16).toString('hex');
    const localKey = randomBytes(32);
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', localKey, iv);
    const ciphertext = cipher.update(plaintext);
    const final = cipher.final();
    const file = this.pathOf(localName);
    // IV ‖ ciphertext ‖ tag written as the parts they are, rather than joined into one more copy.
    const handle = await open(`${file}.partial`, 'w', 0o600);
    try {
      await writeAll(handle, [iv, ciphertext, final, cipher.getAuthTag()]);
    } finally {
      await handle.close();
    }
    await rename(`${file}.partial`, file);
    return { localName, localKey, sha256: createHash('sha256').update(plaintext).digest() };
  }

  async read(localName: string, localKey: Uint8Array): Promise<Uint8Array> {
    let sealed: Buffer;
    try {
      sealed = await readFile(this.pathOf(localName));
    } catch {
      throw new AttachmentVaultError('fileMissing', 'This file is no longer on this device.');
    }
    if (sealed.length < ivBytes + tagBytes) {
      throw new AttachmentVaultError('fileDamaged', 'This file is damaged on this device.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', localKey, sealed.subarray(0, ivBytes));
      decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
      const plaintext = decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes));
      // GCM's final() checks the tag and has no bytes of its own left: the update's output is the
      // whole file, handed on without joining it to an empty final block.
      if (decipher.final().length !== 0) throw new Error('AES-GCM held bytes back');
      return ownedBytes(plaintext);
    } catch {
      throw new AttachmentVaultError('fileDamaged', 'This file is damaged on this device.');
    }
  }

  async remove(localName: string): Promise<void> {
    await rm(this.pathOf(localName), { force: true });
  }

  /**
   * Removes the files the database let go (orphaned_files), and leftovers it never knew (a crash
   * between writing a file and storing its message). Returns how many went.
   */
  async sweep(database: {
    orphanedFiles(limit: number): string[];
    forgetOrphan(localName: string): void;
    knownFileNames(): Set<string>;
  }): Promise<number> {
    let removed = 0;
    for (;;) {
      const orphans = database.orphanedFiles(200);
      if (orphans.length === 0) break;
      for (const name of orphans) {
        if (namePattern.test(name)) await this.remove(name);
        database.forgetOrphan(name);
        removed += 1;
      }
    }
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch {
      return removed;
    }
    const known = database.knownFileNames();
    for (const name of names) {
      const base = name.replace(/\.partial$/u, '');
      if (!namePattern.test(base) || (known.has(base) && base === name)) continue;
      const file = path.join(this.directory, name);
      const info = await stat(file).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs <= leftoverAgeMs) continue;
      await rm(file, { force: true });
      removed += 1;
    }
    if (removed > 0) this.logger.info(`removed ${removed} file(s) no message holds any more`);
    return removed;
  }

  private pathOf(localName: string): string {
    if (!namePattern.test(localName)) throw new RangeError('not a vault file name');
    return path.join(this.directory, localName);
  }
}
