// A received image gets its thumbnail made here, and its size from its pixels when the pointer gave
// none; a thumbnail that cannot be made never costs the download. The file server is a stand-in
// that hands back the blob (the real one is tested through onion paths in attachments.test.ts).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, memorySink } from '../logging/logger';
import { AttachmentRepository, type StoredAttachment } from '../store/attachmentRepository';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { MessageRepository } from '../store/messageRepository';
import { migrations } from '../store/migrations';
import { encryptAttachment } from './attachmentCipher';
import { AttachmentTransfers } from './attachmentTransfers';
import { AttachmentVault } from './attachmentVault';
import { FileServerCarrier } from './fileCarrier';
import type { FileServerClient } from './fileServerClient';

const bob = `05${'b'.repeat(64)}`;

describe('AttachmentTransfers, received images', () => {
  let directory: string;
  let database: SqliteDatabase;
  let messages: MessageRepository;
  let attachments: AttachmentRepository;
  let vault: AttachmentVault;
  let transfers: AttachmentTransfers;
  /** What the stand-in file server returns, by file ID. */
  const blobs = new Map<string, Uint8Array>();
  let sent = 0;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-transfers-'));
    database = openDatabase({ file: path.join(directory, 'db.sqlite'), key: randomBytes(32), migrations });
    messages = new MessageRepository(database);
    attachments = new AttachmentRepository(database);
    const logger = createLogger({ sink: memorySink() });
    vault = new AttachmentVault(path.join(directory, 'files'), logger);
    const files = {
      download: async (location: { fileId: string }) => blobs.get(location.fileId)!,
    } as unknown as FileServerClient;
    transfers = new AttachmentTransfers({
      attachments,
      vault,
      carrierOf: () => new FileServerCarrier(files),
      logger,
      now: Date.now,
      progress: () => undefined,
      changed: () => undefined,
      uploaded: () => undefined,
      uploadFailed: () => undefined,
    });
    transfers.start();
  });
  afterEach(async () => {
    await transfers.stop();
    database.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Bob sends `data` as `contentType`, with the size his pointer claims; we fetch it. */
  async function receive(
    data: Uint8Array,
    contentType: string,
    size: { width: number; height: number } | null = null,
  ): Promise<StoredAttachment> {
    sent += 1;
    const fileId = String(1000 + sent);
    const encrypted = encryptAttachment(data);
    blobs.set(fileId, encrypted.blob);
    const [message] = messages.insert([
      {
        conversationId: bob,
        author: bob,
        direction: 'incoming',
        state: null,
        sentAt: 1_700_000_000_000 + sent,
        receivedAt: 1_700_000_000_000 + sent,
        body: null,
        storageHash: `hash-${sent}`.padEnd(43, '='),
        newConversationState: 'accepted',
        attachments: [
          {
            url: `http://filev2.getsession.org/file/${fileId}`,
            fileKey: encrypted.key,
            digest: encrypted.digest,
            contentType,
            fileName: null,
            size: data.length,
            width: size?.width ?? null,
            height: size?.height ?? null,
            voice: false,
            caption: null,
          },
        ],
      },
    ]);
    transfers.download(attachments.forMessage(message!.id)[0]!);
    await transfers.settled();
    return attachments.forMessage(message!.id)[0]!;
  }

  const photo = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();

  it('makes a thumbnail, and takes the size from the pixels when the pointer has none', async () => {
    const file = await receive(await photo(1200, 900), 'image/jpeg');
    expect(file).toMatchObject({ state: 'ready', contentType: 'image/jpeg', width: 1200, height: 900 });
    expect(file.thumbnailName).toMatch(/^[0-9a-f]{32}$/u);
    expect(file.thumbnailName).not.toBe(file.localName);
    const thumbnail = await vault.read(file.thumbnailName!, file.thumbnailKey!);
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'webp', width: 200, height: 150 });
  });

  it('keeps the size a pointer gave', async () => {
    const file = await receive(await photo(1200, 900), 'image/jpeg', { width: 600, height: 450 });
    expect(file).toMatchObject({ state: 'ready', width: 600, height: 450 });
    expect(file.thumbnailName).not.toBeNull();
  });

  it('still delivers an image that cannot be thumbnailed, as a plain file, and a file that is no image gets none', async () => {
    const damaged = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(2000),
    ]);
    const image = await receive(damaged, 'image/png');
    // Shown as a file to save, never handed to the renderer to decode (it could not be decoded here).
    expect(image).toMatchObject({
      state: 'ready',
      contentType: 'application/octet-stream',
      width: null,
      height: null,
      thumbnailName: null,
    });
    expect(Buffer.from(await vault.read(image.localName!, image.localKey!)).equals(damaged)).toBe(true);

    // A decompression bomb: a real PNG whose header claims 40000 × 40000 pixels.
    const bomb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
    bomb.writeUInt32BE(40_000, 16);
    bomb.writeUInt32BE(40_000, 20);
    expect(await receive(bomb, 'image/png')).toMatchObject({
      state: 'ready',
      contentType: 'application/octet-stream',
      width: null,
      height: null,
    });

    const text = await receive(Buffer.from('words'), 'text/plain');
    expect(text).toMatchObject({ state: 'ready', thumbnailName: null });
  });

  it('removes the thumbnail with the image when the message is deleted', async () => {
    const file = await receive(await photo(800, 600), 'image/jpeg');
    expect((await readdir(vault.directory)).sort()).toEqual([file.localName, file.thumbnailName].sort());
    messages.remove(messages.byId(file.messageId)!);
    expect(await vault.sweep(attachments)).toBe(2);
    expect(await readdir(vault.directory)).toEqual([]);
  });
});
