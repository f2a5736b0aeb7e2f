import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { post } from './transport';

let server: Server | undefined;

/** A server that echoes the request body back, with a Content-Length or chunked. */
async function echoServer(announceLength: boolean): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (announceLength) response.setHeader('Content-Length', body.length);
      // Written in pieces, so that the client reads it in many chunks.
      for (let start = 0; start < body.length; start += 100_000) {
        response.write(body.subarray(start, start + 100_000));
      }
      response.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('post', () => {
  it.each([true, false])(
    'sends a large body in pieces and reads the reply whole (Content-Length announced: %s)',
    async (announceLength) => {
      const url = await echoServer(announceLength);
      const body = randomBytes(1_500_001);
      const reply = await post(url, body, { contentType: 'application/octet-stream', timeoutMs: 10_000 });
      expect(reply.status).toBe(200);
      expect(reply.body.equals(body)).toBe(true);
      if (announceLength) {
        // Filled in place: the reply owns its memory, so the onion client may view it whole.
        expect(reply.body.byteOffset).toBe(0);
        expect(reply.body.buffer.byteLength).toBe(body.length);
      }
    },
  );

  it('sends a body given in parts as one, small or large', async () => {
    const url = await echoServer(true);
    const large = [randomBytes(3), new Uint8Array(0), randomBytes(600_000), randomBytes(300_001)];
    const reply = await post(url, large, { contentType: 'application/octet-stream', timeoutMs: 10_000 });
    expect(reply.body.equals(Buffer.concat(large))).toBe(true);
    const small = [Buffer.from('hel'), Buffer.from('lo')];
    const smallReply = await post(url, small, { contentType: 'text/plain', timeoutMs: 10_000 });
    expect(smallReply.body.toString('utf8')).toBe('hello');
  });

  it('reads a small reply and an empty one', async () => {
    const url = await echoServer(true);
    const small = await post(url, Buffer.from('hello'), { contentType: 'text/plain', timeoutMs: 10_000 });
    expect(small.body.toString('utf8')).toBe('hello');
    const empty = await post(url, new Uint8Array(0), { contentType: 'text/plain', timeoutMs: 10_000 });
    expect(empty.body.length).toBe(0);
  });

  it('sends again on a new connection when a kept-alive one was closed by the server', async () => {
    const served = new WeakMap<object, number>();
    let connections = 0;
    server = createServer({ keepAlive: true }, (request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      // The second request on a kept connection meets it closed: as when a node restarts or drops
      // idle connections while they wait in the client's pool.
      if (count === 2) {
        request.socket.resetAndDestroy();
        return;
      }
      request.resume();
      request.on('end', () => response.end('answered'));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const options = { contentType: 'text/plain', timeoutMs: 10_000 };
    expect((await post(url, Buffer.from('first'), options)).body.toString('utf8')).toBe('answered');
    expect((await post(url, Buffer.from('second'), options)).body.toString('utf8')).toBe('answered');
    expect(connections).toBe(2);
  });

  it('refuses a reply over the limit', async () => {
    const url = await echoServer(true);
    await expect(
      post(url, randomBytes(300_000), {
        contentType: 'application/octet-stream',
        timeoutMs: 10_000,
        maximumReplyBytes: 200_000,
      }),
    ).rejects.toMatchObject({ code: 'replyTooLarge' });
  });
});
