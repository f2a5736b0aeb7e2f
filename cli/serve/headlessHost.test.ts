// A real `starling serve` on a devnet: the cookie of its link guards the UI (hostAccess.test.ts
// has the rules of access), and ClientApi calls are validated and answered as the contract says,
// events pushed.
import { mkdtemp, rm } from 'node:fs/promises';
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

describe('the headless host', () => {
  let directory: string;
  let devnet: Devnet;
  let server: ServeHost;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-serve-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
    server = await startServeHost({
      cwd: directory,
      profileDirectory: path.join(directory, 'profile'),
      networkFile: devnet.networkFile,
      rendererDirectory: await writeRendererStandIn(path.join(directory, 'renderer')),
    });
  }, 60_000);
  afterAll(async () => {
    await server?.process.stop();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a long random token in its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/u);
  });

  it('serves the UI only with the token, which it trades for a strict cookie', async () => {
    const get = (target: string, headers?: Record<string, string>) => httpGet(server.origin, target, headers);
    const without = await get('/');
    expect(without.status).toBe(401);
    expect(without.body).toMatch(/needs the link with its token/u);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);

    const entry = await get(`/?token=${server.token}`);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toMatch(/^\/#starling-key=/u);
    expect(String(entry.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/u);
    const cookie = await enterHost(server);

    const page = await get('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Starling</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval'/u);
    // Voice notes play from blob: URLs (VoicePlayer); the recorder's worklet and wasm come from 'self'.
    expect(page.headers['content-security-policy']).toMatch(/media-src 'self' blob:/u);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js', { cookie })).headers['content-type']).toMatch(/javascript/u);
    expect((await get('/conversations/anything', { cookie })).body).toContain('<title>');
    expect((await get('/assets/missing.js', { cookie })).status).toBe(404);
    // Dot segments are resolved by the URL parser; encoded slashes are caught by the host.
    expect((await get('/%2e%2e/%2e%2e/etc/passwd', { cookie })).body).toContain('<title>');
    expect((await get('/..%2f..%2fetc%2fpasswd', { cookie })).status).toBe(404);
    expect((await get('/..%2f..%2fetc%2fhosts.txt', { cookie })).status).toBe(404);
    expect((await get('/%E0%A4%A', { cookie })).status).toBe(400);
  });

  it('refuses the socket without the cookie, or from another page', async () => {
    const cookie = await enterHost(server);
    await expect(openApiSocket(server.socketUrl, { Origin: server.origin })).rejects.toThrow('status 401');
    await expect(
      openApiSocket(server.socketUrl, { Cookie: cookie, Origin: 'https://evil.example' }),
    ).rejects.toThrow('status 403');
    const socket = await openApiSocket(server.socketUrl, { Cookie: cookie, Origin: server.origin });
    socket.close();
  });

  it('answers calls as the contract says, refuses bad ones clearly, and pushes events', async () => {
    const socket = await openApiSocket(server.socketUrl, {
      Cookie: await enterHost(server),
      Origin: server.origin,
    });
    const api = apiClient(socket);
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
        value: {
          ok: false,
          unknownWords: [{ position: 2, word: 'zzz' }],
          // Each word as read, with its message at the word (#17.9).
          words: [
            { position: 1, typed: 'abbey', word: 'abbey', state: 'word', message: null },
            {
              position: 2,
              typed: 'zzz',
              word: null,
              state: 'unknown',
              message: expect.stringContaining('Word 2') as string,
            },
          ],
        },
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
