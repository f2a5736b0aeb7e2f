// Files between engines on a devnet: uploaded to the devnet's file server and fetched back through
// 3-hop onion paths (protocol-messages.md §5), kept encrypted at rest, resumed after restarts.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { parseFileUrl } from '../../shared/protocol/attachments/fileServerUrl';
import type { MessageView } from '../../shared/contract/views';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import type { Engine } from '../engine/engine';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function stage(
  engine: Engine,
  data: Uint8Array,
  fileName: string,
  extra: { voice?: boolean; contentType?: string } = {},
) {
  return engine.stageAttachment({ fileName, dataBase64: toBase64(data), ...extra });
}

async function received(user: TestUser, from: TestUser, count: number): Promise<readonly MessageView[]> {
  return receiveUntil(
    user,
    async () => {
      const page = await user.engine.listMessages({ conversationId: from.sessionId });
      return page.messages.length >= count && page.messages;
    },
    60_000,
  );
}

async function fileOf(engine: Engine, attachmentId: number): Promise<Buffer> {
  const file = await engine.getAttachment({ attachmentId });
  return Buffer.from(file.dataBase64, 'base64');
}

describe('files between engines', () => {
  let harness: EngineHarness;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    harness = await EngineHarness.start();
    [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
  }, 60_000);
  afterAll(async () => harness?.close());

  it('sends a 9.9 MB file with a caption through onion paths, and the recipient gets the same bytes', async () => {
    const data = randomBytes(9_900_000);
    const staged = await stage(alice.engine, data, 'report.bin');
    expect(staged).toMatchObject({
      fileName: 'report.bin',
      contentType: 'application/octet-stream',
      size: 9_900_000,
    });
    const progress: number[] = [];
    const stop = alice.engine.on('attachment.progress', (event) => progress.push(event.percent));
    const sent = await alice.engine.sendMessage({
      conversationId: bob.sessionId,
      text: 'the report',
      attachments: [staged.stagedId],
    });
    expect(sent.attachments).toMatchObject([{ state: 'uploading', size: 9_900_000, fileName: 'report.bin' }]);
    await waitUntil(async () => alice.engine.storedMessage(sent.id)?.state === 'sent', {
      timeoutMs: 60_000,
      intervalMs: 100,
      failure: 'the file was not sent',
    });
    stop();
    expect(progress.at(-1)).toBe(100);
    expect(progress.length).toBeGreaterThan(3);
    const [uploaded] = alice.engine.attachmentsOf(sent.id);
    expect(parseFileUrl(uploaded!.url!)).toMatchObject({
      serverUrl: harness.network.fileServers![0]!.url,
      serverEd25519PublicKey: harness.network.fileServers![0]!.ed25519PublicKey,
    });

    const [message] = await received(bob, alice, 1);
    expect(message).toMatchObject({
      body: 'the report',
      attachments: [{ state: 'remote', size: 9_900_000 }],
    });
    // Not an image or a voice note: it waits for a click.
    await bob.engine.downloadAttachment({ attachmentId: message!.attachments[0]!.id });
    await bob.engine.transfersSettled();
    const [file] = (await bob.engine.listMessages({ conversationId: alice.sessionId })).messages[0]!
      .attachments;
    expect(file).toMatchObject({ state: 'ready', fileName: 'report.bin' });
    expect(sha256(await fileOf(bob.engine, file!.id))).toBe(sha256(data));
  }, 120_000);

  it('keeps files encrypted at rest, and a deleted message takes its file along', async () => {
    const marker = Buffer.from('a very recognisable plaintext marker '.repeat(50));
    const staged = await stage(alice.engine, marker, 'notes.txt', { contentType: 'text/plain' });
    const sent = await alice.engine.sendMessage({
      conversationId: bob.sessionId,
      attachments: [staged.stagedId],
    });
    const vault = alice.engine.attachments.vault.directory;
    const names = await readdir(vault);
    for (const name of names) {
      expect((await readFile(`${vault}/${name}`)).includes(marker.subarray(0, 30))).toBe(false);
    }
    await alice.engine.sendingSettled();
    await waitUntil(async () => alice.engine.storedMessage(sent.id)?.state === 'sent', {
      timeoutMs: 30_000,
      intervalMs: 100,
      failure: 'not sent',
    });
    const localName = alice.engine.attachmentsOf(sent.id)[0]!.localName!;
    expect(names).toContain(localName);
    await alice.engine.deleteMessage({ messageId: sent.id, forEveryone: false });
    await waitUntil(async () => !(await readdir(vault)).includes(localName), {
      timeoutMs: 5_000,
      intervalMs: 50,
      failure: 'the file of the deleted message stayed',
    });
  }, 60_000);

  it('downloads images and voice notes by themselves, flags voice, and shows a mislabelled image as a file', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#80808080' } })
      .png()
      .toBuffer();
    const mp3 = Buffer.concat([Buffer.from('ID3\u0004\u0000'), randomBytes(5000)]);
    const fake = Buffer.from('MZ this is not a JPEG at all');
    const files = [
      await stage(alice.engine, png, 'photo.png', { contentType: 'image/png' }),
      await stage(alice.engine, mp3, 'voice.mp3', { voice: true, contentType: 'audio/mp3' }),
    ];
    // Our own client would never call this a JPEG, so the lie is told in the contentType given.
    const liar = await stage(alice.engine, fake, 'cat.jpg', { contentType: 'image/jpeg' });
    expect(liar.contentType).toBe('application/octet-stream');
    await alice.engine.sendMessage({
      conversationId: bob.sessionId,
      attachments: files.map((file) => file.stagedId),
    });
    await alice.engine.sendingSettled();
    const messages = await received(bob, alice, 3);
    const latest = messages[0]!;
    expect(latest.attachments.map((file) => [file.contentType, file.voice])).toEqual([
      ['image/png', false],
      ['audio/mp3', true],
    ]);
    await waitUntil(
      async () =>
        (await bob.engine.listMessages({ conversationId: alice.sessionId })).messages[0]!.attachments.every(
          (file) => file.state === 'ready',
        ),
      { timeoutMs: 30_000, intervalMs: 100, failure: 'the image and voice note did not come by themselves' },
    );
    expect(sha256(await fileOf(bob.engine, latest.attachments[1]!.id))).toBe(sha256(mp3));
    // The list tells a message of files alone by its files.
    expect((await bob.engine.getConversation({ conversationId: alice.sessionId })).lastMessage?.body).toBe(
      '2 files',
    );
  }, 90_000);

  it('resumes an upload after a restart without uploading again the file the server confirmed', async () => {
    const first = randomBytes(300_000);
    const second = randomBytes(6_000_000);
    const staged = [
      await stage(alice.engine, first, 'one.bin'),
      await stage(alice.engine, second, 'two.bin'),
    ];
    const sent = await alice.engine.sendMessage({
      conversationId: bob.sessionId,
      text: 'two files',
      attachments: staged.map((file) => file.stagedId),
    });
    await waitUntil(async () => alice.engine.attachmentsOf(sent.id).some((file) => file.state === 'ready'), {
      timeoutMs: 30_000,
      intervalMs: 5,
      failure: 'no file was uploaded',
    });
    const confirmed = alice.engine.attachmentsOf(sent.id).filter((file) => file.state === 'ready');
    await alice.restart();
    await waitUntil(async () => alice.engine.storedMessage(sent.id)?.state === 'sent', {
      timeoutMs: 60_000,
      intervalMs: 100,
      failure: 'the message was not sent after the restart',
    });
    const after = alice.engine.attachmentsOf(sent.id);
    for (const file of confirmed) expect(after.find((other) => other.id === file.id)?.url).toBe(file.url);

    const message = (await received(bob, alice, 4))[0]!;
    expect(message.body).toBe('two files');
    for (const file of message.attachments) await bob.engine.downloadAttachment({ attachmentId: file.id });
    // Bob's app closes during the downloads, and carries on when it opens again.
    await bob.restart();
    await bob.engine.transfersSettled();
    await waitUntil(
      async () =>
        (await bob.engine.listMessages({ conversationId: alice.sessionId })).messages[0]!.attachments.every(
          (file) => file.state === 'ready',
        ),
      { timeoutMs: 60_000, intervalMs: 100, failure: 'the downloads did not finish after the restart' },
    );
    const [one, two] = (await bob.engine.listMessages({ conversationId: alice.sessionId })).messages[0]!
      .attachments;
    expect(sha256(await fileOf(bob.engine, one!.id))).toBe(sha256(first));
    expect(sha256(await fileOf(bob.engine, two!.id))).toBe(sha256(second));
  }, 150_000);

  it('refuses a file over 10 MB before anything is uploaded, and a file the server lost fails in words', async () => {
    await expect(stage(alice.engine, new Uint8Array(10_000_001), 'huge.bin')).rejects.toThrow(
      /at most 10 MB/u,
    );
    const staged = await stage(alice.engine, randomBytes(1000), 'gone.bin');
    const sent = await alice.engine.sendMessage({
      conversationId: bob.sessionId,
      attachments: [staged.stagedId],
    });
    await waitUntil(async () => alice.engine.storedMessage(sent.id)?.state === 'sent', {
      timeoutMs: 30_000,
      intervalMs: 100,
      failure: 'not sent',
    });
    const fileId = parseFileUrl(alice.engine.attachmentsOf(sent.id)[0]!.url!)!.fileId;
    await harness.devnet.fileServer.expire(fileId);
    const message = (await received(bob, alice, 5))[0]!;
    await bob.engine.downloadAttachment({ attachmentId: message.attachments[0]!.id });
    await bob.engine.transfersSettled();
    const [file] = (await bob.engine.listMessages({ conversationId: alice.sessionId })).messages[0]!
      .attachments;
    // Gone, not failed: asking again would bring the same 404.
    expect(file).toMatchObject({ state: 'gone' });
    expect(file!.failure).toMatch(/no longer available/iu);
  }, 60_000);

  it('sends a photo upright and without its GPS tags, and the recipient gets its size and a thumbnail', async () => {
    // Stored sideways as a phone does (EXIF orientation 6), with where it was taken.
    const photo = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#2060a0' } })
      .jpeg()
      .withExif({ IFD0: { Model: 'Phone 9' }, IFD3: { GPSLatitudeRef: 'N', GPSMapDatum: 'WGS-84' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = await stage(alice.engine, photo, 'beach.jpg', { contentType: 'image/jpeg' });
    const notes = await stage(alice.engine, Buffer.from('not an image'), 'notes.txt', {
      contentType: 'text/plain',
    });
    expect(image.contentType).toBe('image/jpeg');
    const sent = await alice.engine.sendMessage({
      conversationId: bob.sessionId,
      attachments: [image.stagedId, notes.stagedId],
    });
    expect(sent.attachments[0]).toMatchObject({ width: 600, height: 1000, thumbnail: true });
    const ours = await alice.engine.getAttachment({ attachmentId: sent.attachments[0]!.id, thumbnail: true });
    expect(ours.contentType).toBe('image/webp');

    const message = (await received(bob, alice, 6))[0]!;
    expect(message.attachments[0]).toMatchObject({ contentType: 'image/jpeg', width: 600, height: 1000 });
    const [theirs, text] = message.attachments;
    await waitUntil(async () => bob.engine.attachmentsOf(message.id)[0]!.state === 'ready', {
      timeoutMs: 30_000,
      intervalMs: 100,
      failure: 'the photo did not come by itself',
    });
    const shown = (await bob.engine.listMessages({ conversationId: alice.sessionId })).messages[0]!;
    expect(shown.attachments[0]).toMatchObject({ state: 'ready', thumbnail: true, width: 600, height: 1000 });
    const thumbnail = await bob.engine.getAttachment({ attachmentId: theirs!.id, thumbnail: true });
    expect(thumbnail).toMatchObject({ contentType: 'image/webp', fileName: 'beach.jpg' });
    expect(await sharp(Buffer.from(thumbnail.dataBase64, 'base64')).metadata()).toMatchObject({
      format: 'webp',
      width: 120,
      height: 200,
    });
    const full = await sharp(await fileOf(bob.engine, theirs!.id)).metadata();
    expect(full).toMatchObject({ width: 600, height: 1000 });
    expect(full.exif).toBeUndefined();
    await expect(bob.engine.getAttachment({ attachmentId: text!.id, thumbnail: true })).rejects.toThrow(
      /no thumbnail/u,
    );

    // Deleting the message takes the photo and its thumbnail from the vault.
    const stored = bob.engine.attachmentsOf(message.id)[0]!;
    const vault = bob.engine.attachments.vault.directory;
    expect(await readdir(vault)).toEqual(expect.arrayContaining([stored.localName, stored.thumbnailName]));
    await bob.engine.deleteMessage({ messageId: message.id, forEveryone: false });
    await waitUntil(
      async () => {
        const names = await readdir(vault);
        return !names.includes(stored.localName!) && !names.includes(stored.thumbnailName!);
      },
      { timeoutMs: 5_000, intervalMs: 50, failure: 'the photo or its thumbnail stayed after the delete' },
    );
  }, 90_000);
});
