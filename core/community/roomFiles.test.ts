// Files in community rooms between real engines and the devnet's open group server, through onion
// paths (protocol-messages.md §5.3, §6.7): an image is uploaded to the room as it is (no key, no
// digest), the post lists it in `files` (so the server keeps it 15 days, not 1 hour), and another
// member's engine fetches it from the room, checks it and makes its thumbnail; a post whose pointer
// names another host or room is never followed; a file the room no longer has shows as gone; a file
// over 10 MB is refused before anything is uploaded; a whisper carries no files.
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { fromHex } from '../../shared/protocol/bytes';
import { signCommunityPost } from '../../shared/protocol/community/communityMessage';
import { parseRoomFileUrl } from '../../shared/protocol/attachments/roomFileUrl';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { decodeMnemonic } from '../../shared/protocol/mnemonic/mnemonic';
import type { MessageView } from '../../shared/contract/views';
import { defaultRoom } from '../../devnet/network/devnet';
import { blindedUser, call } from '../../test/communityClient';
import { startRecordingServer } from '../../test/devnetAttacker';
import { EngineHarness, type TestUser } from '../../test/engineHarness';
import { waitUntil } from '../../test/waitUntil';
import type { CommunityServer } from './communityClient';

let harness: EngineHarness;
let alice: TestUser;
let bob: TestUser;
let server: CommunityServer;
let serverKeyHex: string;
let roomId: string;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  harness = await EngineHarness.start({ nodes: 6 });
  [alice, bob] = await Promise.all([harness.user('alice'), harness.user('bob')]);
  const [described] = harness.devnet.network.communityServers;
  server = { baseUrl: described!.url, publicKey: fromHex(described!.publicKey) };
  serverKeyHex = described!.publicKey;
  roomId = `${described!.url}/${defaultRoom.token}`;
  const link = `${described!.url}/${defaultRoom.token}?public_key=${described!.publicKey}`;
  await alice.engine.communityOperations.joinCommunity({ url: link });
  await bob.engine.communityOperations.joinCommunity({ url: link });
  // An admin is not held to the post rate limit (§6.4): this file posts more than 5 in 16 s.
  const aliceInRoom = await alice.engine.communities.ownIdOf(server.publicKey);
  await harness.devnet.communityServer.addModerator(aliceInRoom, { room: defaultRoom.token }, true);
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

async function messagesOf(user: TestUser): Promise<readonly MessageView[]> {
  return (await user.engine.listMessages({ conversationId: roomId, limit: 50 })).messages;
}

/** Polls the room until `find` sees the message it looks for. */
async function pollFor(user: TestUser, find: (message: MessageView) => boolean): Promise<MessageView> {
  return waitUntil(
    async () => {
      await user.engine.communities.pollNow(roomId);
      return (await messagesOf(user)).find(find) ?? false;
    },
    { timeoutMs: 30_000, failure: 'the room to show the post' },
  );
}

/** Alice posts a Content of her own making, signed with her blinded key, as another client would. */
async function postAsAlice(dataMessage: Record<string, unknown>): Promise<void> {
  const keys = await deriveIdentityKeys(decodeMnemonic(alice.recoveryPhrase));
  const post = await signCommunityPost(
    { dataMessage: { timestamp: Date.now(), ...dataMessage } },
    keys.ed25519SecretKey,
    server.publicKey,
  );
  await alice.engine.communities.client.send(server, {
    method: 'POST',
    path: `/room/${defaultRoom.token}/message`,
    json: post,
  });
}

describe('files in community rooms', () => {
  it('posts an image through onion paths; the other member fetches it from the room', async () => {
    // Noise does not compress: a picture of about a megabyte, so that its upload reports progress.
    const image = await sharp(randomBytes(640 * 480 * 3), { raw: { width: 640, height: 480, channels: 3 } })
      .png()
      .toBuffer();
    const staged = await alice.engine.stageAttachment({
      fileName: 'sunset.png',
      dataBase64: toBase64(image),
    });
    const progress: number[] = [];
    const stop = alice.engine.on('attachment.progress', (event) => progress.push(event.percent));
    const sent = await alice.engine.sendMessage({
      conversationId: roomId,
      text: 'the view from here',
      attachments: [staged.stagedId],
    });
    expect(sent.attachments).toMatchObject([{ state: 'uploading', fileName: 'sunset.png' }]);
    await waitUntil(async () => alice.engine.storedMessage(sent.id)?.state === 'sent', {
      timeoutMs: 30_000,
      intervalMs: 100,
      failure: 'the post with its image to be taken',
    });
    stop();
    expect(progress.at(-1)).toBe(100);

    // §5.3: the pointer names the room's own file route, and the file is sent as it is.
    const [uploaded] = alice.engine.attachmentsOf(sent.id);
    const location = parseRoomFileUrl(uploaded!.url!);
    expect(location).toMatchObject({ baseUrl: server.baseUrl, room: defaultRoom.token });
    expect(uploaded!.fileKey).toBeNull();
    expect(uploaded!.digest).toBeNull();
    const member = await blindedUser(serverKeyHex);
    const target = `/room/${defaultRoom.token}/file/${location!.fileId}`;
    const onServer = await call({ url: server.baseUrl, publicKeyHex: serverKeyHex }, 'GET', target, {
      user: member,
    });
    // Unencrypted and unpadded: the server holds exactly the bytes Alice sent (the prepared image).
    const mine = await alice.engine.getAttachment({ attachmentId: uploaded!.id });
    expect(sha256(onServer.bytes)).toBe(sha256(Buffer.from(mine.dataBase64, 'base64')));
    expect(onServer.bytes.length).toBe(staged.size);
    // The post listed the upload in `files`: the server keeps it for 15 days, not for 1 hour.
    const expires = Date.parse(String(onServer.headers.expires));
    expect(expires - Date.now()).toBeGreaterThan(14 * 24 * 3600 * 1000);

    // Bob's engine fetches the image by itself (an image within the size setting), from the room.
    const received = await pollFor(bob, (message) => message.body === 'the view from here');
    expect(received.attachments).toHaveLength(1);
    await waitUntil(
      async () =>
        (await messagesOf(bob)).find((message) => message.id === received.id)?.attachments[0]?.state ===
        'ready',
      { timeoutMs: 30_000, failure: 'the image to come' },
    );
    const [file] = (await messagesOf(bob)).find((message) => message.id === received.id)!.attachments;
    expect(file).toMatchObject({
      fileName: 'sunset.png',
      contentType: 'image/png',
      width: 640,
      height: 480,
      thumbnail: true,
    });
    const got = await bob.engine.getAttachment({ attachmentId: file!.id });
    expect(Buffer.from(got.dataBase64, 'base64').equals(onServer.bytes)).toBe(true);
    const thumbnail = await bob.engine.getAttachment({ attachmentId: file!.id, thumbnail: true });
    expect((await sharp(Buffer.from(thumbnail.dataBase64, 'base64')).metadata()).width).toBeLessThanOrEqual(
      200,
    );
  }, 120_000);

  it('sends a voice note to a room with the voice flag', async () => {
    const audio = randomBytes(4_000);
    const staged = await alice.engine.stageAttachment({
      dataBase64: toBase64(audio),
      contentType: 'audio/mp3',
      voice: true,
    });
    const sent = await alice.engine.sendMessage({ conversationId: roomId, attachments: [staged.stagedId] });
    await waitUntil(async () => alice.engine.storedMessage(sent.id)?.state === 'sent', {
      timeoutMs: 30_000,
      failure: 'the voice note to be posted',
    });
    const received = await pollFor(bob, (message) => message.attachments[0]?.voice === true);
    expect(received.attachments[0]).toMatchObject({ fileName: 'session-audio-message', size: 4_000 });
  }, 90_000);

  it('never fetches a file that a post places on another host or in another room', async () => {
    const recorder = await startRecordingServer();
    try {
      const pointer = (url: string) => ({ id: 5, contentType: 'image/png', size: 1_000, url });
      await postAsAlice({
        body: 'look elsewhere',
        attachments: [
          pointer(`http://127.0.0.1:${recorder.port}/room/${defaultRoom.token}/file/5`),
          pointer(`${server.baseUrl}/room/another-room/file/5`),
          // A file server's pointer without its key, in a room: neither the room's nor readable.
          pointer(`http://127.0.0.1:${recorder.port}/file/5`),
        ],
      });
      const received = await pollFor(bob, (message) => message.body === 'look elsewhere');
      expect(received.attachments).toEqual([]);
      // A post of nothing but such files is not shown at all.
      await postAsAlice({
        attachments: [pointer(`http://127.0.0.1:${recorder.port}/room/${defaultRoom.token}/file/6`)],
      });
      await postAsAlice({ body: 'after the foreign file' });
      await pollFor(bob, (message) => message.body === 'after the foreign file');
      await bob.engine.transfersSettled();
      expect(
        (await messagesOf(bob)).filter((message) => message.body === '' && message.attachments.length === 0),
      ).toEqual([]);
      expect(recorder.requests).toEqual([]);
    } finally {
      await recorder.close();
    }
  }, 90_000);

  it('shows a file the room no longer has as gone, not as waiting', async () => {
    await postAsAlice({
      body: 'an expired file',
      attachments: [
        {
          id: 987_654,
          contentType: 'image/png',
          size: 1_000,
          fileName: 'old.png',
          url: `${server.baseUrl}/room/${defaultRoom.token}/file/987654`,
        },
      ],
    });
    const received = await pollFor(bob, (message) => message.body === 'an expired file');
    await waitUntil(
      async () =>
        (await messagesOf(bob)).find((message) => message.id === received.id)?.attachments[0]?.state ===
        'gone',
      { timeoutMs: 30_000, failure: 'the file to show as gone' },
    );
    const [file] = (await messagesOf(bob)).find((message) => message.id === received.id)!.attachments;
    expect(file!.failure).toMatch(/no longer available/iu);
  }, 90_000);

  it('refuses a file over 10 MB before anything is uploaded, and files in a whisper', async () => {
    await expect(
      alice.engine.stageAttachment({
        fileName: 'huge.bin',
        dataBase64: toBase64(new Uint8Array(10_000_001)),
      }),
    ).rejects.toThrow(/huge\.bin.*at most 10 MB/u);
    const staged = await alice.engine.stageAttachment({
      fileName: 'note.txt',
      dataBase64: toBase64(new TextEncoder().encode('for the moderators')),
    });
    await expect(
      alice.engine.sendMessage({
        conversationId: roomId,
        text: 'psst',
        attachments: [staged.stagedId],
        whisper: { moderators: true },
      }),
    ).rejects.toThrow(/whisper carries words only/u);
  }, 60_000);
});
