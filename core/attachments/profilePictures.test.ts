// Profile pictures between engines on a devnet (protocol-messages.md §5.1): chosen and cropped by
// one account, uploaded sealed with its profile key, carried in its messages' profiles and in its
// UserProfile config, fetched and shown by the people it writes to and by its other devices.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { parseFileUrl } from '../../shared/protocol/attachments/fileServerUrl';
import { ConfigMessage } from '../../shared/protocol/config/configMessage';
import { readContacts } from '../../shared/protocol/config/types/contacts';
import { EngineHarness, receiveUntil, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import type { Engine } from '../engine/engine';
import { encryptProfilePicture, newProfileKey } from './profilePictureCipher';

const day = 24 * 3600 * 1000;

/** A 1200 × 800 photo: red on the left two thirds, blue on the right third. */
async function photo(): Promise<Buffer> {
  const blue = await sharp({ create: { width: 400, height: 800, channels: 3, background: '#0000ff' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#ff0000' } })
    .composite([{ input: blue, left: 800, top: 0 }])
    .jpeg()
    .toBuffer();
}

async function pictureOf(engine: Engine, sessionId: string): Promise<{ type: string; data: Buffer }> {
  const picture = await engine.getProfilePicture({ sessionId });
  return { type: picture.contentType, data: Buffer.from(picture.dataBase64, 'base64') };
}

/** The middle pixel's colour, as its dominant channel. */
async function middleColour(image: Buffer): Promise<'red' | 'blue' | 'other'> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  if (data[offset]! > 200 && data[offset + 2]! < 60) return 'red';
  if (data[offset + 2]! > 200 && data[offset]! < 60) return 'blue';
  return 'other';
}

async function pictureToken(engine: Engine, sessionId: string): Promise<string | undefined> {
  return (await engine.getConversation({ conversationId: sessionId })).picture;
}

describe('profile pictures between engines', () => {
  let harness: EngineHarness;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    harness = await EngineHarness.start();
    [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
    await alice.engine.updateProfile({ displayName: 'Alice' });
  }, 60_000);
  afterAll(async () => harness?.close());

  it('uploads the framed square, and the people Alice writes to see it', async () => {
    const filesBefore = harness.devnet.fileServer.fileCount;
    // The blue third, framed by the person: a 400 px square at the right edge.
    const account = await alice.engine.setProfilePicture({
      dataBase64: toBase64(await photo()),
      crop: { left: 800, top: 200, side: 400 },
    });
    expect(account.picture).toMatch(/^[0-9a-f]{12}$/u);
    expect(harness.devnet.fileServer.fileCount).toBe(filesBefore + 1);
    const own = await pictureOf(alice.engine, alice.sessionId);
    expect(own.type).toBe('image/jpeg');
    expect(await sharp(own.data).metadata()).toMatchObject({ width: 400, height: 400 });
    expect(await middleColour(own.data)).toBe('blue');

    const changes: string[] = [];
    const stop = bob.engine.on('picture.changed', (event) => changes.push(event.sessionId));
    await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'a new picture' });
    await alice.engine.sendingSettled();
    // A stranger's picture waits for the request to be accepted: a flood of requests costs nothing.
    const pictures = bob.engine.attachments.pictures;
    await receiveUntil(bob, () => pictures.status(alice.sessionId)?.state === 'held', 60_000);
    await pictures.settled();
    expect(await pictureToken(bob.engine, alice.sessionId)).toBeUndefined();
    await bob.engine.acceptRequest({ conversationId: alice.sessionId });
    const token = await receiveUntil(bob, () => pictureToken(bob.engine, alice.sessionId), 60_000);
    stop();
    expect(changes).toContain(alice.sessionId);
    const shown = await pictureOf(bob.engine, alice.sessionId);
    // Re-encoded on Bob's device: never the sender's bytes as they came.
    expect(shown.type).toBe('image/webp');
    expect(await sharp(shown.data).metadata()).toMatchObject({ format: 'webp', width: 400, height: 400 });
    expect(await middleColour(shown.data)).toBe('blue');
    expect(token).toMatch(/^[0-9a-f]{12}$/u);
  }, 120_000);

  it('reaches Alice’s other device through her UserProfile config', async () => {
    const second = await harness.user('alice-laptop', { recoveryPhrase: alice.recoveryPhrase });
    await receiveUntil(second, async () => (await second.engine.getAccount()).picture, 60_000);
    const synced = await pictureOf(second.engine, alice.sessionId);
    // Made again here as this device makes its own (so that it can renew it too): the same square.
    expect(synced.type).toBe('image/jpeg');
    expect(await sharp(synced.data).metadata()).toMatchObject({ format: 'jpeg', width: 400, height: 400 });
    expect(await middleColour(synced.data)).toBe('blue');
    await second.engine.close();
  }, 120_000);

  it('is kept in Bob’s Contacts config once he accepted Alice, for his other devices', async () => {
    await bob.engine.configsConfirmed();
    const contacts = readContacts(ConfigMessage.parse(bob.engine.configMessage('contacts')).data);
    const entry = contacts.find((contact) => contact.sessionId === alice.sessionId);
    const named = alice.engine.attachments.pictures.own()!;
    expect(entry?.profilePicture?.url).toBe(named.url);
    expect(Buffer.from(entry!.profilePicture!.key).equals(Buffer.from(named.key))).toBe(true);
  }, 60_000);

  it('is sent again before the file server forgets it, and the others follow the new copy', async () => {
    const before = alice.engine.attachments.pictures.own()!;
    await alice.engine.attachments.pictures.renewIfDue(Date.now() + day);
    expect(alice.engine.attachments.pictures.own()!.url).toBe(before.url);
    await alice.engine.attachments.pictures.renewIfDue(Date.now() + 30 * day);
    const renewed = alice.engine.attachments.pictures.own()!;
    expect(renewed.url).not.toBe(before.url);
    expect(parseFileUrl(renewed.url)).toBeDefined();
    const oldToken = await pictureToken(bob.engine, alice.sessionId);
    await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'same picture, new copy' });
    await alice.engine.sendingSettled();
    await receiveUntil(bob, async () => {
      const token = await pictureToken(bob.engine, alice.sessionId);
      return token !== undefined && token !== oldToken;
    });
    expect(await middleColour((await pictureOf(bob.engine, alice.sessionId)).data)).toBe('blue');
  }, 120_000);

  it('is never brought back by a renewal that ends after a newer choice', async () => {
    const chosen = alice.engine.attachments.pictures.own()!;
    // The renewal is under way when Alice removes her picture: the removal waits for it, and wins.
    const renewal = alice.engine.attachments.pictures.renewIfDue(Date.now() + 30 * day);
    const removal = alice.engine.removeProfilePicture({});
    await Promise.all([renewal, removal]);
    expect(alice.engine.attachments.pictures.own()).toBeNull();
    expect((await alice.engine.getAccount()).picture).toBeUndefined();
    // And the picture is chosen again for the tests that follow.
    await alice.engine.setProfilePicture({
      dataBase64: toBase64(await photo()),
      crop: { left: 800, top: 200, side: 400 },
    });
    expect(alice.engine.attachments.pictures.own()!.url).not.toBe(chosen.url);
  }, 60_000);

  it('keeps trying a picture while the file server is away, and gets it once it is back', async () => {
    const pictures = bob.engine.attachments.pictures;
    const named = alice.engine.attachments.pictures.own()!;
    await harness.devnet.fileServer.stop();
    try {
      // Named by someone Bob talks to (a newer profile than any before), while the server is down.
      expect(pictures.heard(alice.sessionId, named, Date.now())).toBe(true);
      await waitUntil(async () => (pictures.status(alice.sessionId)?.failure ?? null) !== null, {
        timeoutMs: 30_000,
        intervalMs: 100,
        failure: 'the download was not tried while the server was away',
      });
      expect(pictures.status(alice.sessionId)?.state).toBe('download');
      // Carol gives up quickly on what fails (two tries): a down server still does not make her
      // give up the picture, only wait longer for the next try.
      const carol = await harness.user('carol', { retryPolicy: { maximumAttempts: 2, firstDelayMs: 50 } });
      const carolPictures = carol.engine.attachments.pictures;
      expect(carolPictures.heard(alice.sessionId, named, Date.now())).toBe(true);
      await waitUntil(async () => (carolPictures.status(alice.sessionId)?.failure ?? null) !== null, {
        timeoutMs: 30_000,
        intervalMs: 50,
        failure: 'Carol did not try the download',
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await carolPictures.settled();
      expect(carolPictures.status(alice.sessionId)?.state).toBe('download');
      await carol.engine.close();
    } finally {
      await harness.devnet.fileServer.start();
    }
    // The next try on the engine's own schedule (2 s, 4 s, 8 s… after the first) fetches it.
    await waitUntil(async () => pictures.status(alice.sessionId)?.state === 'ready', {
      timeoutMs: 60_000,
      intervalMs: 100,
      failure: 'the picture was not fetched once the server was back',
    });
  }, 120_000);

  it('goes for everyone once Alice removes it', async () => {
    const account = await alice.engine.removeProfilePicture({});
    expect(account.picture).toBeUndefined();
    await expect(alice.engine.getProfilePicture({ sessionId: alice.sessionId })).rejects.toMatchObject({
      code: 'fileMissing',
    });
    await alice.engine.sendMessage({ conversationId: bob.sessionId, text: 'no picture now' });
    await alice.engine.sendingSettled();
    await receiveUntil(bob, async () => (await pictureToken(bob.engine, alice.sessionId)) === undefined);
    await expect(bob.engine.getProfilePicture({ sessionId: alice.sessionId })).rejects.toMatchObject({
      code: 'fileMissing',
    });
  }, 120_000);

  it('refuses a picture that does not open or is no image, and shows none', async () => {
    const server = harness.network.fileServers![0]!;
    const upload = async (blob: Uint8Array): Promise<string> => {
      const reply = await fetch(`${server.url}/file`, { method: 'POST', body: blob });
      const { id } = (await reply.json()) as { id: string };
      return `${server.url}/file/${id}#p=${server.ed25519PublicKey}`;
    };
    const key = newProfileKey();
    const hostile = [
      // Sealed with another key than the one the profile gives.
      await upload(encryptProfilePicture(await photo(), newProfileKey())),
      // Sealed properly, but an HTML page rather than a picture.
      await upload(encryptProfilePicture(new TextEncoder().encode('<html><script>alert(1)</script>'), key)),
      // Not sealed at all.
      await upload(randomBytes(2_000)),
    ];
    const pictures = bob.engine.attachments.pictures;
    const strangers = hostile.map((_, index) => `05${String(index).repeat(64)}`);
    hostile.forEach((url, index) =>
      expect(pictures.heard(strangers[index]!, { url, key }, Date.now())).toBe(true),
    );
    // An address that is no file server is not even fetched.
    expect(pictures.heard(`05${'9'.repeat(64)}`, { url: 'file:///etc/passwd', key }, Date.now())).toBe(false);
    await waitUntil(
      async () => {
        await pictures.settled();
        return strangers.every((id) => pictures.status(id)?.state === 'failed');
      },
      { timeoutMs: 30_000, intervalMs: 100, failure: 'the hostile pictures were not refused' },
    );
    expect(pictures.status(strangers[0]!)?.failure).toMatch(/damaged or was sealed with another key/u);
    expect(pictures.status(strangers[1]!)?.failure).toMatch(/not a picture/u);
    for (const id of strangers) {
      expect(pictures.tokenOf(id)).toBeUndefined();
      await expect(pictures.read(id)).rejects.toMatchObject({ code: 'fileMissing' });
    }
  }, 60_000);
});
