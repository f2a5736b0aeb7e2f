// Staging an image keeps the prepared bytes and a thumbnail in the vault; a staged file given up
// takes both along.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../logging/logger';
import { AttachmentVault } from './attachmentVault';
import { OutgoingFiles } from './outgoingFiles';

describe('OutgoingFiles, images', () => {
  let directory: string;
  let vault: AttachmentVault;
  let outgoing: OutgoingFiles;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-outgoing-'));
    vault = new AttachmentVault(directory, createLogger({ sink: memorySink() }));
    outgoing = new OutgoingFiles(vault, createLogger({ sink: memorySink() }));
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  it('keeps the prepared image, its size and a thumbnail; the pointer describes the prepared bytes', async () => {
    const original = await sharp({
      create: { width: 5000, height: 3000, channels: 3, background: '#884422' },
    })
      .jpeg()
      .withExif({ IFD0: { Model: 'Phone 9' } })
      .toBuffer();
    const staged = await outgoing.stage({ data: original, fileName: 'wide.jpg', contentType: 'image/jpeg' });
    const [file] = outgoing.take([staged.stagedId]);
    const prepared = await vault.read(file!.localName, file!.localKey);
    expect(file).toMatchObject({
      contentType: 'image/jpeg',
      width: 4096,
      height: 2458,
      size: prepared.length,
    });
    expect(staged.size).toBe(prepared.length);
    expect(Buffer.from(file!.sha256).toString('hex')).toBe(
      createHash('sha256').update(prepared).digest('hex'),
    );
    expect((await sharp(prepared).metadata()).exif).toBeUndefined();
    const thumbnail = await vault.read(file!.thumbnail!.localName, file!.thumbnail!.localKey);
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'webp', width: 200, height: 120 });
  });

  it('forgets a discarded image and its thumbnail', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    const staged = await outgoing.stage({ data: png, contentType: 'image/png' });
    expect(await readdir(directory)).toHaveLength(2);
    await outgoing.discard(staged.stagedId);
    expect(await readdir(directory)).toEqual([]);
  });

  it('stages an image that does not decode as a plain file, without a thumbnail', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4000)]);
    const staged = await outgoing.stage({ data: broken, fileName: 'cat.jpg', contentType: 'image/jpeg' });
    expect(staged).toMatchObject({ contentType: 'application/octet-stream', size: broken.length });
    const [file] = outgoing.take([staged.stagedId]);
    expect(file).toMatchObject({ width: null, height: null, thumbnail: null });
  });
});
