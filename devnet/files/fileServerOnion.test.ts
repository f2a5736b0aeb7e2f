// The devnet's file server reached as official clients reach it (protocol-messages.md §5.2): v4
// onion requests through a real 3-hop path of a started devnet, the last hop posting in plain HTTP;
// a largest attachment up and down; and an older devnet directory that gains a file server.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onionServer } from '../../test/devnetClient';
import { fromHex, toHex, utf8Decode } from '../../shared/protocol/bytes';
import type { EncryptionType } from '../../shared/protocol/onion/encryptionType';
import type { V4Reply, V4Request } from '../../shared/protocol/onion/v4Payload';
import { loadSodium } from '../../shared/protocol/sodium';
import { type Devnet, startDevnet } from '../network/devnet';
import { defaultMaximumFileBytes } from './fileServer';

describe('file server through onion requests', () => {
  let directory: string;
  let devnet: Devnet | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-devnet-files-'));
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

  function viaOnion(request: V4Request, encryptionType?: EncryptionType): Promise<V4Reply> {
    const network = running();
    return onionServer(network.nodes.slice(0, 3), network.network.fileServers[0]!, request, encryptionType);
  }

  const json = (reply: V4Reply): unknown => JSON.parse(utf8Decode(reply.body ?? new Uint8Array(0)));

  it('describes the file server in network.json, its X25519 key the conversion of its Ed25519 key', async () => {
    const network = running();
    const described = JSON.parse(await readFile(network.networkFile, 'utf8')) as Devnet['network'];
    expect(described.fileServers).toEqual(network.network.fileServers);
    const [server] = described.fileServers;
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
    const sodium = await loadSodium();
    expect(toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(fromHex(server!.ed25519PublicKey)))).toBe(
      server!.x25519PublicKey,
    );
    expect(described.httpServers).toHaveLength(1);
  });

  it.each(['aes-gcm', 'xchacha20'] as const)(
    'uploads, describes and downloads a file (%s)',
    async (cipher) => {
      const data = randomBytes(50_000);
      const uploaded = await viaOnion(
        { method: 'POST', endpoint: '/file', headers: { 'X-FS-TTL': '3600' }, body: data },
        cipher,
      );
      expect(uploaded.code).toBe(200);
      expect(uploaded.headers['content-type']).toBe('application/json');
      const { id, expires } = json(uploaded) as { id: string; expires: number };
      expect(id).toMatch(/^[0-9]+$/u);
      expect(expires).toBeCloseTo(Date.now() / 1000 + 3600, -1);

      const downloaded = await viaOnion({ method: 'GET', endpoint: `/file/${id}` }, cipher);
      expect(downloaded.code).toBe(200);
      expect(downloaded.headers['content-type']).toBe('application/octet-stream');
      expect(Buffer.from(downloaded.body!).equals(data)).toBe(true);

      const info = await viaOnion({ method: 'GET', endpoint: `/file/${id}/info` }, cipher);
      expect(json(info)).toMatchObject({ size: data.length, expires });
      const extended = await viaOnion({ method: 'POST', endpoint: `/file/${id}/extend` }, cipher);
      expect((json(extended) as { expires: number }).expires).toBeGreaterThan(expires);
    },
  );

  it('carries the largest attachment, 10,000,064 bytes, up and down a 3-hop path in seconds', async () => {
    const data = randomBytes(defaultMaximumFileBytes);
    const started = Date.now();
    const uploaded = await viaOnion({ method: 'POST', endpoint: '/file', body: data });
    expect(uploaded.code).toBe(200);
    const { id } = json(uploaded) as { id: string };
    const downloaded = await viaOnion({ method: 'GET', endpoint: `/file/${id}` });
    expect(downloaded.code).toBe(200);
    expect(Buffer.from(downloaded.body!).equals(data)).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('answers 413 inside the v4 reply for one byte more', async () => {
    const refused = await viaOnion({
      method: 'POST',
      endpoint: '/file',
      body: randomBytes(defaultMaximumFileBytes + 1),
    });
    expect(refused.code).toBe(413);
    expect(json(refused)).toEqual({ status_code: 413 });
  });

  it('answers 404 for an unknown or expired file and 400 for a malformed id', async () => {
    const unknown = await viaOnion({ method: 'GET', endpoint: '/file/4242' });
    expect(unknown.code).toBe(404);
    expect(json(unknown)).toEqual({ status_code: 404 });

    const uploaded = await viaOnion({ method: 'POST', endpoint: '/file', body: randomBytes(100) });
    const { id } = json(uploaded) as { id: string };
    expect(await running().fileServer.expire(id)).toBe(true);
    expect((await viaOnion({ method: 'GET', endpoint: `/file/${id}` })).code).toBe(404);
    expect((await viaOnion({ method: 'GET', endpoint: '/file/..' })).code).toBe(400);
    expect((await viaOnion({ method: 'GET', endpoint: '/file/..%2Fdevnet.json' })).code).toBe(400);
    expect((await viaOnion({ method: 'GET', endpoint: '/file/../../devnet.json' })).code).toBe(404);
  });

  it('keeps its files and keys across a restart, and gives an older devnet.json a file server', async () => {
    const data = randomBytes(2000);
    const { id } = json(await viaOnion({ method: 'POST', endpoint: '/file', body: data })) as { id: string };
    const before = running().network.fileServers;
    await running().close();
    devnet = undefined;

    devnet = await startDevnet({ directory });
    expect(devnet.network.fileServers).toEqual(before);
    const downloaded = await viaOnion({ method: 'GET', endpoint: `/file/${id}` });
    expect(Buffer.from(downloaded.body!).equals(data)).toBe(true);
    await devnet.close();
    devnet = undefined;

    // A devnet.json written before the file server existed.
    const stateFile = path.join(directory, 'devnet.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    delete state.fileServer;
    await writeFile(stateFile, JSON.stringify(state));
    devnet = await startDevnet({ directory });
    const [server] = devnet.network.fileServers;
    expect(server!.ed25519PublicKey).not.toBe(before[0]!.ed25519PublicKey);
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { fileServer?: { port: number } };
    expect(server!.url).toBe(`http://127.0.0.1:${saved.fileServer!.port}`);
    const reply = await viaOnion({ method: 'POST', endpoint: '/file', body: randomBytes(10) });
    expect(reply.code).toBe(200);
  }, 60_000);
});
