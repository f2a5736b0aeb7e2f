// The file server against real HTTP requests on loopback (protocol-messages.md §5.2): round trips,
// info and extend, the size limit, TTLs and expiry, malformed IDs, a failing route, and a restart.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultMaximumFileBytes, defaultTtlSeconds, FileServer, type FileServerOptions } from './fileServer';
import { fileServerKeys, type FileServerKeys } from './fileServerKeys';

const hour = 3600;

interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly json: unknown;
}

/** A request with the path exactly as written (fetch would resolve `..` before sending). */
function call(
  server: FileServer,
  method: 'GET' | 'POST',
  endpoint: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method, path: endpoint, headers, timeout: 10_000 },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const contentType = incoming.headers['content-type'] ?? '';
          const json = contentType.startsWith('application/json')
            ? (JSON.parse(bytes.toString('utf8')) as unknown)
            : undefined;
          resolve({ status: incoming.statusCode ?? 0, contentType, bytes, json });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function upload(
  server: FileServer,
  data: Uint8Array,
  headers?: Record<string, string>,
): Promise<string> {
  const reply = await call(server, 'POST', '/file', data, headers);
  expect(reply.status).toBe(200);
  return (reply.json as { id: string }).id;
}

describe('file server', () => {
  let root: string;
  let keys: FileServerKeys;
  let now = Date.now();
  const clock = (): number => now;
  const running: FileServer[] = [];

  async function start(directory: string, options: Partial<FileServerOptions> = {}): Promise<FileServer> {
    const server = new FileServer({ port: 0, directory, keys, now: clock, ...options });
    await server.start();
    running.push(server);
    return server;
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'starling-files-'));
    keys = await fileServerKeys(randomBytes(32).toString('hex'));
  });
  afterEach(() => {
    now = Date.now();
  });
  afterAll(async () => {
    await Promise.all(running.map((server) => server.stop()));
    await rm(root, { recursive: true, force: true });
  });

  it('stores a file and gives the same bytes back, with a decimal id and its expiry', async () => {
    const server = await start(path.join(root, 'round-trip'));
    const data = randomBytes(100_000);
    const reply = await call(server, 'POST', '/file', data);
    expect(reply.status).toBe(200);
    const { id, expires } = reply.json as { id: unknown; expires: unknown };
    expect(id).toMatch(/^[0-9]{1,16}$/u);
    expect(BigInt(id as string) < 2n ** 53n).toBe(true);
    expect(expires).toBeCloseTo(now / 1000 + defaultTtlSeconds, 3);

    const download = await call(server, 'GET', `/file/${id as string}`);
    expect(download.status).toBe(200);
    expect(download.contentType).toBe('application/octet-stream');
    expect(download.bytes.equals(data)).toBe(true);
  });

  it('describes a file and extends it by the default TTL from now', async () => {
    const server = await start(path.join(root, 'info'));
    const uploaded = now / 1000;
    const id = await upload(server, randomBytes(1234), { 'X-FS-TTL': String(hour) });
    const info = await call(server, 'GET', `/file/${id}/info`);
    expect(info.status).toBe(200);
    expect(info.json).toEqual({ size: 1234, uploaded, expires: uploaded + hour });

    now += 30 * 60 * 1000;
    const extended = await call(server, 'POST', `/file/${id}/extend`);
    expect(extended.status).toBe(200);
    expect(extended.json).toEqual({ size: 1234, uploaded, expires: now / 1000 + defaultTtlSeconds });
    expect((await call(server, 'GET', `/file/${id}/info`)).json).toEqual(extended.json);
  });

  it('answers 404 for a file it does not have', async () => {
    const server = await start(path.join(root, 'missing'));
    for (const [method, endpoint] of [
      ['GET', '/file/123456789'],
      ['GET', '/file/123456789/info'],
      ['POST', '/file/123456789/extend'],
      ['GET', `/file/${'A'.repeat(44)}`],
    ] as const) {
      const reply = await call(server, method, endpoint);
      expect(reply.status, endpoint).toBe(404);
      expect(reply.json).toEqual({ status_code: 404 });
    }
    expect((await call(server, 'GET', '/nothing')).status).toBe(404);
    expect((await call(server, 'GET', '/file')).status).toBe(405);
  });

  it('accepts a 10,000,064-byte file and refuses one byte more with 413', async () => {
    const server = await start(path.join(root, 'limit'));
    const largest = randomBytes(defaultMaximumFileBytes);
    const id = await upload(server, largest);
    expect((await call(server, 'GET', `/file/${id}`)).bytes.equals(largest)).toBe(true);

    const tooLarge = await call(server, 'POST', '/file', randomBytes(defaultMaximumFileBytes + 1));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toEqual({ status_code: 413 });
    expect((await call(server, 'POST', '/file', new Uint8Array(0))).status).toBe(400);
  });

  it('keeps a file for its X-FS-TTL, cut down to the maximum, and refuses a malformed one', async () => {
    const server = await start(path.join(root, 'ttl'), { maximumTtlSeconds: 2 * hour });
    const short = await call(server, 'POST', '/file', randomBytes(10), { 'X-FS-TTL': '90.5' });
    expect((short.json as { expires: number }).expires).toBeCloseTo(now / 1000 + 90.5, 3);
    const long = await call(server, 'POST', '/file', randomBytes(10), { 'x-fs-ttl': String(1000 * hour) });
    expect((long.json as { expires: number }).expires).toBeCloseTo(now / 1000 + 2 * hour, 3);
    for (const ttl of ['0', '-5', 'soon', '1e9', '']) {
      const refused = await call(server, 'POST', '/file', randomBytes(10), { 'X-FS-TTL': ttl });
      expect(refused.status, ttl).toBe(400);
    }
  });

  it('refuses an expired file at once and removes it at the next sweep', async () => {
    const directory = path.join(root, 'expiry');
    const server = await start(directory);
    const id = await upload(server, randomBytes(500), { 'X-FS-TTL': '60' });
    const kept = await upload(server, randomBytes(500));
    now += 61_000;
    expect((await call(server, 'GET', `/file/${id}`)).status).toBe(404);
    expect((await call(server, 'GET', `/file/${id}/info`)).status).toBe(404);
    expect((await call(server, 'POST', `/file/${id}/extend`)).status).toBe(404);
    expect(server.fileCount).toBe(2);

    expect(await server.sweep()).toBe(1);
    expect(server.fileCount).toBe(1);
    expect((await readdir(directory)).sort()).toEqual([`${kept}.data`, `${kept}.json`].sort());
    expect((await call(server, 'GET', `/file/${kept}`)).status).toBe(200);

    expect(await server.expire(kept)).toBe(true);
    expect((await call(server, 'GET', `/file/${kept}`)).status).toBe(404);
  });

  it('sweeps by itself on its timer', async () => {
    const server = await start(path.join(root, 'timer'), { sweepIntervalMs: 50 });
    const id = await upload(server, randomBytes(10));
    await server.expire(id);
    await expect.poll(() => server.fileCount, { timeout: 5_000 }).toBe(0);
  });

  it('refuses malformed ids with 400 and never leaves its directory', async () => {
    const directory = path.join(root, 'ids');
    const server = await start(directory);
    await writeFile(path.join(root, 'secret.json'), '{"size":1,"uploaded":0,"expires":9e12}');
    for (const id of [
      'abc',
      '..',
      '%2e%2e%2fsecret',
      '..%2F..%2Fsecret',
      '12345678901234567',
      'A'.repeat(43),
      'A'.repeat(45),
      `${'A'.repeat(43)}=`,
      '1.json',
    ]) {
      for (const endpoint of [`/file/${id}`, `/file/${id}/info`]) {
        const reply = await call(server, 'GET', endpoint);
        expect(reply.status, endpoint).toBe(400);
      }
    }
    expect((await call(server, 'GET', '/file/1/2/3')).status).toBe(404);
  });

  it('answers 500 when a route fails', async () => {
    const directory = path.join(root, 'failure');
    const server = await start(directory);
    const id = await upload(server, randomBytes(10));
    // A directory where the data file was: reading it fails (EISDIR).
    await rm(path.join(directory, `${id}.data`));
    await mkdir(path.join(directory, `${id}.data`));
    const reply = await call(server, 'GET', `/file/${id}`);
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({ status_code: 500 });
  });

  it('keeps its files across a restart and clears half-written leftovers', async () => {
    const directory = path.join(root, 'restart');
    const first = await start(directory);
    const data = randomBytes(4096);
    const id = await upload(first, data, { 'X-FS-TTL': String(hour) });
    const before = (await call(first, 'GET', `/file/${id}/info`)).json;
    await first.stop();
    await writeFile(path.join(directory, '77.data'), 'no sidecar');
    await writeFile(path.join(directory, `${id}.data.0a0b.tmp`), 'interrupted');

    const second = await start(directory);
    expect((await call(second, 'GET', `/file/${id}`)).bytes.equals(data)).toBe(true);
    expect((await call(second, 'GET', `/file/${id}/info`)).json).toEqual(before);
    expect((await call(second, 'GET', '/file/77')).status).toBe(404);
    expect((await readdir(directory)).sort()).toEqual([`${id}.data`, `${id}.json`].sort());
  });

  it('listens on 127.0.0.1 in plain HTTP', async () => {
    const server = await start(path.join(root, 'address'));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/u);
  });
});
