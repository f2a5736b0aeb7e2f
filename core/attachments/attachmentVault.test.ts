import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../logging/logger';
import { AttachmentVault } from './attachmentVault';

describe('AttachmentVault', () => {
  let directory: string;
  let vault: AttachmentVault;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-vault-'));
    vault = new AttachmentVault(directory, createLogger({ sink: memorySink() }));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes IV ‖ ciphertext ‖ tag, 0600, and reads the file back', async () => {
    const plaintext = randomBytes(3_000_001);
    const kept = await vault.keep(plaintext);
    const file = path.join(directory, kept.localName);
    const sealed = await readFile(file);
    expect(sealed.length).toBe(12 + plaintext.length + 16);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // The layout, checked with a decipher of its own.
    const decipher = createDecipheriv('aes-256-gcm', kept.localKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const opened = Buffer.concat([
      decipher.update(sealed.subarray(12, sealed.length - 16)),
      decipher.final(),
    ]);
    expect(opened.equals(plaintext)).toBe(true);
    expect(Buffer.from(kept.sha256).equals(createHash('sha256').update(plaintext).digest())).toBe(true);
    expect(Buffer.from(await vault.read(kept.localName, kept.localKey)).equals(plaintext)).toBe(true);
  });

  it('keeps an empty file', async () => {
    const kept = await vault.keep(new Uint8Array(0));
    expect((await vault.read(kept.localName, kept.localKey)).length).toBe(0);
  });

  it('refuses a file changed on disk', async () => {
    const kept = await vault.keep(randomBytes(1_000));
    const file = path.join(directory, kept.localName);
    const sealed = await readFile(file);
    sealed[500] = sealed[500]! ^ 1;
    await writeFile(file, sealed);
    await expect(vault.read(kept.localName, kept.localKey)).rejects.toMatchObject({ code: 'fileDamaged' });
  });
});
