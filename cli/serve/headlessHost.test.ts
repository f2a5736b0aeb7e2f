// The headless host on a devnet: the token guards the UI and the API, the socket refuses foreign
// pages, and ClientApi calls are validated and answered as the contract says, events pushed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ClientHost } from '../../core/host/clientHost';
import { createLogger, memorySink } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import type { SocketEvent, SocketReply } from '../../shared/contract/socketProtocol';
import { type HeadlessHost, startHeadlessHost } from './headlessHost';

interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** Opens the API socket; resolves with it, or rejects with the HTTP status of the refusal. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`status ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** A tiny client: calls by id, and every event kept. */
function client(socket: WebSocket): {
  call: (method: string, request?: unknown) => Promise<SocketReply>;
  sendRaw: (text: string) => Promise<SocketReply>;
  events: SocketEvent[];
} {
  let nextId = 1;
  const waiting = new Map<number, (reply: SocketReply) => void>();
  const events: SocketEvent[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as SocketReply | SocketEvent;
    if ('event' in frame) events.push(frame);
    else waiting.get(frame.id)?.(frame);
  });
  const expect = (id: number): Promise<SocketReply> => new Promise((resolve) => waiting.set(id, resolve));
  return {
    call: (method, request) => {
      const id = nextId++;
      const reply = expect(id);
      socket.send(JSON.stringify({ id, method, request }));
      return reply;
    },
    sendRaw: (text) => {
      const reply = expect(-1);
      socket.send(text);
      return reply;
    },
    events,
  };
}

describe('the headless host', () => {
  let directory: string;
  let devnet: Devnet;
  let host: ClientHost;
  let server: HeadlessHost;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-serve-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
    const rendererDirectory = path.join(directory, 'renderer');
    await mkdir(path.join(rendererDirectory, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDirectory, 'index.html'), '<!doctype html><title>Starling</title>');
    await writeFile(path.join(rendererDirectory, 'assets', 'app.js'), 'console.log("ui")');
    const logger = createLogger({ sink: memorySink() });
    host = await ClientHost.open({
      profileDirectory: path.join(directory, 'profile'),
      network: await loadNetwork(devnet.networkFile),
      keySources: { allowUnprotected: true },
      logger,
    });
    server = await startHeadlessHost({ host, rendererDirectory, logger });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await host?.close();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a long random token in its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/u);
  });

  it('serves the UI only with the token, which it trades for a strict cookie', async () => {
    const without = await get(`${server.origin}/`);
    expect(without.status).toBe(401);
    expect(without.body).toMatch(/needs the link with its token/u);
    expect((await get(`${server.origin}/?token=wrong`)).status).toBe(401);
    expect((await get(`${server.origin}/assets/app.js`)).status).toBe(401);

    const entry = await get(server.url);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toBe('/');
    const cookie = String(entry.headers['set-cookie']).split(';')[0]!;
    expect(String(entry.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/u);

    const page = await get(`${server.origin}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Starling</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'/u);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(`${server.origin}/assets/app.js`, { cookie })).headers['content-type']).toMatch(
      /javascript/u,
    );
    expect((await get(`${server.origin}/conversations/anything`, { cookie })).body).toContain('<title>');
    expect((await get(`${server.origin}/assets/missing.js`, { cookie })).status).toBe(404);
    // Dot segments are resolved by the URL parser; encoded slashes are caught by the host.
    expect((await get(`${server.origin}/%2e%2e/%2e%2e/etc/passwd`, { cookie })).body).toContain('<title>');
    expect((await get(`${server.origin}/..%2f..%2fetc%2fpasswd`, { cookie })).status).toBe(404);
    expect((await get(`${server.origin}/..%2f..%2fetc%2fhosts.txt`, { cookie })).status).toBe(404);
    expect((await get(`${server.origin}/%E0%A4%A`, { cookie })).status).toBe(400);
  });

  it('refuses the socket without the token, or from another page', async () => {
    const socketUrl = `${server.origin.replace('http', 'ws')}/api`;
    await expect(connect(socketUrl)).rejects.toThrow('status 401');
    await expect(connect(`${socketUrl}?token=wrong`)).rejects.toThrow('status 401');
    await expect(
      connect(`${socketUrl}?token=${server.token}`, { Origin: 'https://evil.example' }),
    ).rejects.toThrow('status 403');
    const socket = await connect(`${socketUrl}?token=${server.token}`, { Origin: server.origin });
    socket.close();
  });

  it('answers calls as the contract says, refuses bad ones clearly, and pushes events', async () => {
    const socket = await connect(`${server.origin.replace('http', 'ws')}/api?token=${server.token}`);
    const api = client(socket);
    try {
      expect(await api.call('getStartup', {})).toEqual({
        id: 1,
        ok: true,
        value: { state: 'needsAccount', account: null, network: 'devnet' },
      });
      expect(await api.call('listConversations', { list: 'chats' })).toMatchObject({
        ok: false,
        error: { code: 'noAccount', message: 'Create or restore an account first.' },
      });
      expect(await api.call('constructor', {})).toMatchObject({
        ok: false,
        error: { code: 'unknownMethod' },
      });
      expect(await api.call('checkRecoveryPhrase', { recoveryPhrase: 'abbey zzz' })).toMatchObject({
        ok: true,
        value: { ok: false, unknownWords: [{ position: 2, word: 'zzz' }] },
      });
      expect(await api.sendRaw('not json')).toMatchObject({ id: -1, ok: false, error: { code: 'badFrame' } });

      const created = await api.call('createAccount', { displayName: 'Ada' });
      expect(created).toMatchObject({ ok: true, value: { account: { displayName: 'Ada' } } });
      const { account, recoveryPhrase } = (
        created as { value: { account: { sessionId: string }; recoveryPhrase: string } }
      ).value;
      expect(recoveryPhrase.split(' ')).toHaveLength(13);
      expect(api.events).toContainEqual({
        event: 'account.ready',
        payload: { account: { sessionId: account.sessionId, displayName: 'Ada' } },
      });
      expect(await api.call('createAccount', {})).toMatchObject({
        ok: false,
        error: { code: 'accountExists' },
      });

      expect(await api.call('sendMessage', { conversationId: '05abc', text: 'hi' })).toMatchObject({
        ok: false,
        error: { code: 'invalidRequest', message: expect.stringMatching(/66 characters/u) },
      });
      const sent = await api.call('sendMessage', { conversationId: account.sessionId, text: 'Note to self' });
      expect(sent).toMatchObject({ ok: true, value: { body: 'Note to self', state: 'sending' } });
      await expect.poll(() => api.events.map((event) => event.event)).toContain('message.sent');
      expect(await api.call('setActivity', { activity: 'activeConversation' })).toMatchObject({
        ok: true,
        value: { activity: 'activeConversation' },
      });
      expect(await api.call('setActivity', { activity: 'asleep' })).toMatchObject({
        ok: false,
        error: { code: 'invalidRequest' },
      });
      expect(await api.call('revealRecoveryPhrase', {})).toMatchObject({
        ok: false,
        error: { code: 'invalidRequest' },
      });
      expect(await api.call('revealRecoveryPhrase', { confirmed: true })).toMatchObject({
        ok: true,
        value: { recoveryPhrase },
      });
    } finally {
      socket.close();
    }
  });
});
