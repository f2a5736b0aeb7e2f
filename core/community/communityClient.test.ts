// The engine's community client against the devnet's open group server, as official clients reach
// it (protocol-messages.md §6): signed requests with our blinded key in v4 onion requests through
// real 3-hop paths, one at a time and in a batch, and every refusal told in words.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../shared/protocol/bytes';
import { blindedSessionId } from '../../shared/protocol/community/blinding';
import { readCommunityPost, signCommunityPost } from '../../shared/protocol/community/communityMessage';
import { loadSodium } from '../../shared/protocol/sodium';
import { applyAdminCommand } from '../../devnet/community/communityAdmin';
import { type Devnet, defaultRoom, startDevnet } from '../../devnet/network/devnet';
import { createLogger, memorySink } from '../logging/logger';
import { loadNetwork } from '../network/networkDescription';
import { SessionNetwork } from '../network/sessionNetwork';
import { CommunityClient, CommunityError, type CommunityServer } from './communityClient';

describe('CommunityClient through onion paths', () => {
  let directory: string;
  let devnet: Devnet;
  let network: SessionNetwork;
  let server: CommunityServer;
  let secretKey: Uint8Array;
  let client: CommunityClient;
  const clientFor = (key: Uint8Array, skewMs = 0): CommunityClient =>
    new CommunityClient({ onion: network.client, ed25519SecretKey: key, now: () => Date.now() + skewMs });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-community-client-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet'), nodes: 6 });
    network = new SessionNetwork({
      network: await loadNetwork(devnet.networkFile, directory),
      logger: createLogger({ sink: memorySink() }),
    });
    await network.start();
    const [described] = devnet.network.communityServers;
    server = { baseUrl: described!.url, publicKey: fromHex(described!.publicKey) };
    secretKey = (await loadSodium()).crypto_sign_keypair().privateKey;
    client = clientFor(secretKey);
  }, 60_000);
  afterAll(async () => {
    network?.close();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('reads the server’s capabilities and rooms', async () => {
    const capabilities = await client.send(server, { method: 'GET', path: '/capabilities' });
    expect(capabilities.code).toBe(200);
    expect((capabilities.body as { capabilities: string[] }).capabilities).toEqual(
      expect.arrayContaining(['sogs', 'reactions', 'blind']),
    );
    const rooms = await client.send(server, { method: 'GET', path: '/rooms' });
    expect(rooms.body).toEqual([
      expect.objectContaining({ token: defaultRoom.token, name: defaultRoom.name }),
    ]);
  }, 60_000);

  it('posts a signed message, and reads it back checked, in a batch with a refusal in it', async () => {
    const post = await signCommunityPost(
      { dataMessage: { body: 'hello, lobby' } },
      secretKey,
      server.publicKey,
    );
    const posted = await client.send(server, {
      method: 'POST',
      path: `/room/${defaultRoom.token}/message`,
      json: post,
    });
    expect(posted.code).toBe(201);
    const [recent, missing, info] = await client.batch(server, [
      { method: 'GET', path: `/room/${defaultRoom.token}/messages/recent?limit=10` },
      { method: 'GET', path: '/room/no-such-room' },
      { method: 'GET', path: `/room/${defaultRoom.token}/pollInfo/0` },
    ]);
    expect(missing!.code).toBe(404);
    expect(info).toMatchObject({
      code: 200,
      body: expect.objectContaining({ token: defaultRoom.token, read: true }),
    });
    const [newest] = recent!.body as { session_id: string; data: string; signature: string }[];
    expect(newest!.session_id).toBe(await blindedSessionId(secretKey, server.publicKey));
    const read = await readCommunityPost(newest!);
    expect(read).toMatchObject({ ok: true, content: { dataMessage: { body: 'hello, lobby' } } });
  }, 60_000);

  it('tells a skewed clock, a missing room and a flood of posts in words', async () => {
    const skewed = clientFor(secretKey, 2 * 24 * 3600 * 1000);
    await expect(skewed.send(server, { method: 'GET', path: '/capabilities' })).rejects.toMatchObject({
      code: 'communityClockOrNonce',
      message: expect.stringContaining('clock'),
    });
    await expect(
      client.send(server, { method: 'GET', path: '/room/gone' }, 'this room'),
    ).rejects.toMatchObject({
      code: 'communityNotFound',
      message: 'The community does not have this room.',
    });
    const flooder = clientFor((await loadSodium()).crypto_sign_keypair().privateKey);
    let refusal: unknown;
    for (let attempt = 0; attempt < 8 && refusal === undefined; attempt += 1) {
      const post = await signCommunityPost(
        { dataMessage: { body: `post ${attempt}` } },
        flooder['options'].ed25519SecretKey,
        server.publicKey,
      );
      refusal = await flooder
        .send(server, { method: 'POST', path: `/room/${defaultRoom.token}/message`, json: post })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    }
    expect(refusal).toBeInstanceOf(CommunityError);
    expect(refusal).toMatchObject({ code: 'communityRateLimited', status: 429 });
  }, 90_000);

  it('tells a member banned from a room that they cannot post there', async () => {
    const bannedKey = (await loadSodium()).crypto_sign_keypair().privateKey;
    const banned = clientFor(bannedKey);
    await applyAdminCommand(
      devnet.communityServer.store,
      server.publicKey,
      {
        kind: 'ban',
        sessionId: await blindedSessionId(bannedKey, server.publicKey),
        room: defaultRoom.token,
      },
      Date.now() / 1000,
    );
    const post = await signCommunityPost({ dataMessage: { body: 'let me in' } }, bannedKey, server.publicKey);
    await expect(
      banned.send(
        server,
        { method: 'POST', path: `/room/${defaultRoom.token}/message`, json: post },
        'your message',
      ),
    ).rejects.toMatchObject({
      code: 'communityBanned',
      status: 403,
      message: expect.stringContaining('banned'),
    });
  }, 60_000);
});
