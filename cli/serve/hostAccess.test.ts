// Who may use a real `starling serve`: the token of the printed link buys a session cookie of that
// host alone and nothing else, the Host header must name the host exactly, the API socket wants the
// cookie and the host's own page as its Origin, and the exchange never redirects off the host.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import {
  apiClient,
  enterHost,
  httpGet,
  openApiSocket,
  type ServeHost,
  startServeHost,
  writeRendererStandIn,
} from '../../test/serveHost';

/** Sends `head` as the whole request and returns the status line of the answer. */
function rawStatusLine(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.write(head);
  });
}

describe('access to the headless host', () => {
  let directory: string;
  let devnet: Devnet;
  let first: ServeHost;
  let second: ServeHost;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-access-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet'), nodes: 5 });
    const rendererDirectory = await writeRendererStandIn(path.join(directory, 'renderer'));
    const start = (name: string) =>
      startServeHost({
        cwd: directory,
        profileDirectory: path.join(directory, name),
        networkFile: devnet.networkFile,
        rendererDirectory,
      });
    [first, second] = await Promise.all([start('first'), start('second')]);
  }, 60_000);
  afterAll(async () => {
    await first?.process.stop();
    await second?.process.stop();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('trades the token for a cookie named after its port that holds another secret', async () => {
    const entry = await httpGet(first.origin, `/?token=${first.token}`);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toMatch(/^\/#starling-key=/u);
    const setCookie = String(entry.headers['set-cookie']);
    expect(setCookie).toMatch(
      new RegExp(`^starling_${first.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`, 'u'),
    );
    expect(setCookie).not.toContain(first.token);
    // Each host has its own: both cookies can live side by side in one browser.
    expect(await enterHost(second)).toMatch(new RegExp(`^starling_${second.port}=`, 'u'));
  });

  it('serves files for its own cookie only, never for the token alone', async () => {
    const cookie = await enterHost(first);
    expect((await httpGet(first.origin, '/', { Cookie: cookie })).status).toBe(200);
    // Another host's cookie, the token in a cookie, or the token on an asset: refused or redirected.
    const secondCookie = await enterHost(second);
    expect((await httpGet(first.origin, '/', { Cookie: secondCookie })).status).toBe(401);
    expect((await httpGet(first.origin, '/', { Cookie: `starling_token=${first.token}` })).status).toBe(401);
    expect(
      (await httpGet(first.origin, '/', { Cookie: `starling_${first.port}=${first.token}` })).status,
    ).toBe(401);
    const asset = await httpGet(first.origin, `/assets/app.js?token=${first.token}`);
    expect(asset.status).toBe(303);
    expect(asset.body).toBe('');
    expect(asset.headers.location).toMatch(/^\/assets\/app\.js#starling-key=/u);
    // Both cookies sent together, as a browser does on 127.0.0.1: each host finds its own.
    const both = `${secondCookie}; ${cookie}`;
    expect((await httpGet(first.origin, '/', { Cookie: both })).status).toBe(200);
    expect((await httpGet(second.origin, '/', { Cookie: both })).status).toBe(200);
  });

  it('keeps the redirect after the exchange on this host', async () => {
    for (const target of ['/.//evil.example/', '//evil.example/', '/\\evil.example/', '/./\\evil.example/']) {
      const entry = await httpGet(first.origin, `${target}?token=${first.token}`);
      expect(entry.status, target).toBe(303);
      expect(entry.headers.location, target).toMatch(/^\/(?![/\\])/u);
    }
    expect((await httpGet(first.origin, `/conversations/x?token=${first.token}`)).headers.location).toMatch(
      /^\/conversations\/x#starling-key=[A-Za-z0-9_-]{43}$/u,
    );
  });

  it('refuses a request whose Host header is not exactly this host', async () => {
    const cookie = await enterHost(first);
    for (const hostHeader of [
      `evil.example:${first.port}`,
      `localhost:${first.port}`,
      '127.0.0.1',
      'evil.example',
    ]) {
      const reply = await httpGet(first.origin, '/', { Cookie: cookie, Host: hostHeader });
      expect(reply.status, hostHeader).toBe(421);
      expect((await httpGet(first.origin, `/?token=${first.token}`, { Host: hostHeader })).status).toBe(421);
      await expect(
        openApiSocket(first.socketUrl, { Cookie: cookie, Origin: first.origin, Host: hostHeader }),
      ).rejects.toThrow('status 421');
    }
    expect(await rawStatusLine(first.port, 'GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 421 /u);
  });

  it('opens the API socket only with the socket key of its own page, not with a replayed cookie', async () => {
    // Every server on 127.0.0.1 receives the cookie from the browser; one that replays it with a
    // forged Origin and Host still lacks the key, which only the fragment brought to the page.
    const cookie = await enterHost(first);
    const headers = { Cookie: cookie, Origin: first.origin };
    await expect(openApiSocket(first.socketUrl, headers, [])).rejects.toThrow('status 401');
    await expect(openApiSocket(first.socketUrl, headers, ['starling.not-the-key'])).rejects.toThrow(
      'status 401',
    );
    const otherKey = await enterHost(second);
    await expect(openApiSocket(first.socketUrl, { ...headers, Cookie: otherKey })).rejects.toThrow(
      'status 401',
    );
    const socket = await openApiSocket(first.socketUrl, headers);
    try {
      expect(socket.protocol).toMatch(/^starling\./u);
      expect(await apiClient(socket).call('getStartup', {})).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });

  it('opens the API socket only with its cookie and from its own page', async () => {
    const cookie = await enterHost(first);
    await expect(openApiSocket(first.socketUrl, { Origin: first.origin })).rejects.toThrow('status 401');
    await expect(
      openApiSocket(`${first.socketUrl}?token=${first.token}`, { Origin: first.origin }),
    ).rejects.toThrow('status 401');
    await expect(
      openApiSocket(first.socketUrl, { Cookie: await enterHost(second), Origin: first.origin }),
    ).rejects.toThrow('status 401');
    // No Origin: not a browser page at all; another port of 127.0.0.1 is another page.
    await expect(openApiSocket(first.socketUrl, { Cookie: cookie })).rejects.toThrow('status 403');
    await expect(openApiSocket(first.socketUrl, { Cookie: cookie, Origin: second.origin })).rejects.toThrow(
      'status 403',
    );
    await expect(
      openApiSocket(first.socketUrl, { Cookie: cookie, Origin: `${first.origin}.evil.example` }),
    ).rejects.toThrow('status 403');
    const socket = await openApiSocket(first.socketUrl, { Cookie: cookie, Origin: first.origin });
    try {
      expect(await apiClient(socket).call('getStartup', {})).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });

  it('answers a request target that is no URL with a 400 and keeps serving', async () => {
    expect(
      await rawStatusLine(
        first.port,
        `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${first.port}\r\nConnection: close\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1\.1 400 /u);
    expect(first.process.child.exitCode).toBeNull();
  });
});
