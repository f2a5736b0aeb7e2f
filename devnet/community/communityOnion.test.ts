// The devnet's open group server reached as official clients reach it (protocol-messages.md §6.1,
// protocol-network.md §5): v4 onion requests through a real 3-hop path of a started devnet, signed
// requests inside them; network.json lists it with its default room; a restart keeps its key and rooms, and an older devnet.json gains the server.
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blindedUser, signedHeaders } from '../../test/communityClient';
import { onionServer } from '../../test/devnetClient';
import { utf8Decode } from '../../shared/protocol/bytes';
import type { V4Reply, V4Request } from '../../shared/protocol/onion/v4Payload';
import { type Devnet, defaultRoom, startDevnet } from '../network/devnet';

describe('community server through onion requests', () => {
  let directory: string;
  let devnet: Devnet | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-devnet-community-'));
    devnet = await startDevnet({ directory, nodes: 6 });
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  function running(): Devnet {
    if (!devnet) throw new Error('The devnet is not running.');
    return devnet;
  }

  function viaOnion(request: V4Request): Promise<V4Reply> {
    const network = running();
    const [server] = network.network.communityServers;
    return onionServer(
      network.nodes.slice(0, 3),
      { url: server!.url, x25519PublicKey: server!.publicKey },
      request,
    );
  }

  const json = (reply: V4Reply): unknown => JSON.parse(utf8Decode(reply.body ?? new Uint8Array(0)));

  async function signed(
    request: V4Request & { body?: Uint8Array },
    user: Awaited<ReturnType<typeof blindedUser>>,
  ) {
    const headers = await signedHeaders(user, request.method, request.endpoint, request.body);
    return viaOnion({ ...request, headers: { ...request.headers, ...headers } });
  }

  it('is listed in network.json with its default room', async () => {
    const network = running();
    const described = JSON.parse(await readFile(network.networkFile, 'utf8')) as Devnet['network'];
    expect(described.communityServers).toEqual([
      {
        url: network.communityServer.url,
        publicKey: network.communityServer.keys.publicKeyHex,
        rooms: [defaultRoom.token],
      },
    ]);
    expect(described.communityServers[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
  });

  it('answers capabilities, posts and reads with signed requests inside onion requests', async () => {
    const capabilities = await viaOnion({ method: 'GET', endpoint: '/capabilities' });
    expect(capabilities.code).toBe(200);
    expect(capabilities.headers['content-type']).toBe('application/json');
    expect(json(capabilities)).toEqual({ capabilities: ['blind', 'reactions', 'sogs'] });

    const user = await blindedUser(running().network.communityServers[0]!.publicKey);
    const body = new TextEncoder().encode(
      JSON.stringify({
        data: Buffer.from('over onions').toString('base64'),
        signature: Buffer.alloc(64).toString('base64'),
      }),
    );
    const posted = await signed(
      {
        method: 'POST',
        endpoint: `/room/${defaultRoom.token}/message`,
        headers: { 'Content-Type': 'application/json' },
        body,
      },
      user,
    );
    expect(posted.code).toBe(201);
    const { id } = json(posted) as { id: number };

    const batch = await signed(
      {
        method: 'POST',
        endpoint: '/batch',
        headers: { 'Content-Type': 'application/json' },
        body: new TextEncoder().encode(
          JSON.stringify([
            { method: 'GET', path: `/room/${defaultRoom.token}/pollInfo/0` },
            { method: 'GET', path: `/room/${defaultRoom.token}/messages/recent?limit=1` },
            {
              method: 'PUT',
              path: `/room/${defaultRoom.token}/reaction/${id}/${encodeURIComponent('🧅')}`,
              json: {},
            },
          ]),
        ),
      },
      user,
    );
    expect(batch.code).toBe(200);
    const replies = json(batch) as { code: number; body: unknown }[];
    expect(replies.map((reply) => reply.code)).toEqual([200, 200, 200]);
    expect(replies[1]!.body).toEqual([expect.objectContaining({ id, session_id: user.sessionId })]);

    const reaction = await signed(
      { method: 'GET', endpoint: `/room/${defaultRoom.token}/message/${id}` },
      user,
    );
    expect(json(reaction)).toMatchObject({ reactions: { '🧅': { count: 1, you: true } } });
  });

  it('uploads and serves a room file inside onion requests, its headers in the v4 reply', async () => {
    const user = await blindedUser(running().network.communityServers[0]!.publicKey);
    const bytes = new Uint8Array(randomBytes(200_000));
    const uploaded = await signed(
      {
        method: 'POST',
        endpoint: `/room/${defaultRoom.token}/file`,
        headers: { 'Content-Disposition': "attachment; filename*=UTF-8''onion.bin" },
        body: bytes,
      },
      user,
    );
    expect(uploaded.code).toBe(201);
    const { id } = json(uploaded) as { id: number };
    const downloaded = await signed(
      { method: 'GET', endpoint: `/room/${defaultRoom.token}/file/${id}` },
      user,
    );
    expect(downloaded.code).toBe(200);
    expect(downloaded.headers['content-type']).toBe('application/octet-stream');
    expect(downloaded.headers['content-disposition']).toBe("attachment; filename*=UTF-8''onion.bin");
    expect(downloaded.headers.expires).toBeDefined();
    expect(Buffer.from(downloaded.body!).equals(bytes)).toBe(true);
  });

  it('refuses, inside the v4 reply, an unblinded key (401) and a replayed nonce (425)', async () => {
    const refused = await viaOnion({
      method: 'GET',
      endpoint: `/room/${defaultRoom.token}`,
      headers: {
        'X-SOGS-Pubkey': `00${'22'.repeat(32)}`,
        'X-SOGS-Nonce': Buffer.alloc(16, 5).toString('base64'),
        'X-SOGS-Timestamp': String(Math.floor(Date.now() / 1000)),
        'X-SOGS-Signature': Buffer.alloc(64).toString('base64'),
      },
    });
    expect(refused.code).toBe(401);
    expect(utf8Decode(refused.body!)).toBe(
      'Invalid authentication: this server requires the use of blinded ids',
    );

    const user = await blindedUser(running().network.communityServers[0]!.publicKey);
    const endpoint = `/room/${defaultRoom.token}`;
    const headers = await signedHeaders(user, 'GET', endpoint);
    expect((await viaOnion({ method: 'GET', endpoint, headers })).code).toBe(200);
    expect((await viaOnion({ method: 'GET', endpoint, headers })).code).toBe(425);
  });

  it('keeps its key and rooms across a restart, and gives an older devnet.json a community server', async () => {
    running().communityServer.addRoom('second', 'Second');
    const before = running().network.communityServers[0]!;
    await running().close();
    devnet = undefined;

    devnet = await startDevnet({ directory });
    expect(devnet.network.communityServers).toEqual([{ ...before, rooms: [defaultRoom.token, 'second'] }]);
    await devnet.close();
    devnet = undefined;

    const stateFile = path.join(directory, 'devnet.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    delete state.communityServer;
    await writeFile(stateFile, JSON.stringify(state));
    devnet = await startDevnet({ directory });
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { communityServer?: { port: number } };
    const [server] = devnet.network.communityServers;
    expect(server!.url).toBe(`http://127.0.0.1:${saved.communityServer!.port}`);
    // The key and rooms live in DIR/community, so they stay.
    expect(server!.publicKey).toBe(before.publicKey);
    const reply = await viaOnion({ method: 'GET', endpoint: '/rooms' });
    expect((json(reply) as { token: string }[]).map((room) => room.token)).toEqual([
      defaultRoom.token,
      'second',
    ]);
  }, 60_000);
});
