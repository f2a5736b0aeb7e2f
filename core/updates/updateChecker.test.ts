import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StarlingError } from '../../shared/errors';
import type { HardforkVersion } from '../network/hardforkTracker';
import { feedLoader, type HardforkSource, UpdateChecker } from './updateChecker';
import type { UpdateDecision } from './updateDecision';

const digest = createHash('sha512').update('installer').digest('base64');

function feedText(version: string, extra: string[] = []): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: Starling-${version}.AppImage`,
    `    sha512: ${digest}`,
    '    size: 1000',
    `path: Starling-${version}.AppImage`,
    `sha512: ${digest}`,
    "releaseDate: '2026-11-20T10:00:00.000Z'",
    ...extra,
    '',
  ].join('\n');
}

/** A real feed server; `reply` decides each answer. */
let server: Server;
let feedUrl: string;
let requests = 0;
let reply: { status: number; body: string } = { status: 200, body: feedText('1.3.0') };

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url !== '/starling/latest-linux.yml') return void response.writeHead(404).end();
    requests++;
    response.writeHead(reply.status, { 'content-type': 'text/yaml' }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/starling`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function fakeNetwork() {
  const listeners: ((version: HardforkVersion) => void)[] = [];
  const source: HardforkSource = { on: (_name, listener) => void listeners.push(listener) };
  return {
    source,
    announce: (version: HardforkVersion) => listeners.forEach((listener) => listener(version)),
  };
}

function checker(options: { intervalMs?: number; network?: HardforkSource; polled?: HardforkVersion } = {}) {
  const decisions: UpdateDecision[] = [];
  const errors: StarlingError[] = [];
  const instance = new UpdateChecker({
    currentVersion: '1.2.0',
    supportedHardfork: [19, 5],
    loadFeed: feedLoader(feedUrl, 'latest-linux.yml'),
    intervalMs: options.intervalMs ?? 60_000,
    onDecision: (decision) => decisions.push(decision),
    onError: (error) => errors.push(error),
    networkHardfork: () => options.polled,
    ...(options.network && { network: options.network }),
    now: () => new Date('2026-11-23T12:00:00Z'),
  });
  return { instance, decisions, errors };
}

describe('the update checker against a local feed server', () => {
  it('checks at start and reports a decision only when it changes', async () => {
    reply = { status: 200, body: feedText('1.3.0', ['notes: Faster sync.']) };
    const { instance, decisions, errors } = checker();
    try {
      await expect(instance.start()).resolves.toMatchObject({ kind: 'available', version: '1.3.0' });
      await instance.check();
      expect(decisions.map((decision) => decision.kind)).toEqual(['available']);
      expect(decisions[0]).toMatchObject({ notes: 'Faster sync.' });

      reply = {
        status: 200,
        body: feedText('1.4.0', ["requiredBefore: '2026-12-01'", "supportedHardfork: '19.6'"]),
      };
      await instance.check();
      expect(decisions.at(-1)).toMatchObject({
        kind: 'required',
        version: '1.4.0',
        reason: 'hardforkScheduled',
        deadline: new Date('2026-12-01T00:00:00Z'),
      });
      expect(errors).toEqual([]);
    } finally {
      instance.stop();
    }
  });

  it('keeps the last good feed through a server error and a malformed body, and says why', async () => {
    reply = { status: 200, body: feedText('1.3.0') };
    const { instance, decisions, errors } = checker();
    try {
      await instance.start();
      reply = { status: 500, body: 'oops' };
      await expect(instance.check()).resolves.toMatchObject({ kind: 'available', version: '1.3.0' });
      reply = { status: 200, body: 'version: [1, 3]\nfiles: nope\n' };
      await instance.check();
      expect(errors.map((error) => error.code)).toEqual(['updateFeedUnreachable', 'updateFeedInvalid']);
      expect(errors[0]!.message).toMatch(/500/);
      expect(decisions).toHaveLength(1);
    } finally {
      instance.stop();
    }
  });

  it('turns a network hardfork announcement into a required update, or an explained outage', async () => {
    reply = { status: 200, body: feedText('1.3.0', ["supportedHardfork: '19.6'"]) };
    const withUpdate = fakeNetwork();
    const first = checker({ network: withUpdate.source });
    try {
      await first.instance.start();
      withUpdate.announce([19, 6]);
      expect(first.decisions.at(-1)).toMatchObject({
        kind: 'required',
        reason: 'networkAhead',
        version: '1.3.0',
      });
    } finally {
      first.instance.stop();
    }

    reply = { status: 503, body: '' };
    const withoutUpdate = fakeNetwork();
    const second = checker({ network: withoutUpdate.source });
    try {
      await second.instance.start();
      expect(second.decisions.map((decision) => decision.kind)).toEqual(['upToDate']);
      withoutUpdate.announce([19, 6]);
      const outdated = second.decisions.at(-1)!;
      expect(outdated).toMatchObject({ kind: 'outdated', reason: 'feedUnavailable' });
      expect(outdated.message).toMatch(/messages may stop arriving/);
      // An older announcement afterwards changes nothing.
      withoutUpdate.announce([19, 4]);
      expect(second.decisions).toHaveLength(2);
    } finally {
      second.instance.stop();
    }
  });

  it('reads the network hardfork through the injected function too', async () => {
    reply = { status: 200, body: feedText('1.2.0') };
    const { instance } = checker({ polled: [20, 0] });
    try {
      await expect(instance.start()).resolves.toMatchObject({
        kind: 'outdated',
        reason: 'noUpdateAvailable',
      });
    } finally {
      instance.stop();
    }
  });

  it('checks again periodically until stopped, one read at a time', async () => {
    reply = { status: 200, body: feedText('1.3.0') };
    const { instance } = checker({ intervalMs: 30 });
    const before = requests;
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const [a, b] = [instance.start(), instance.check()];
    expect(a).toBe(b);
    // The timer never keeps the process alive.
    expect((setIntervalSpy.mock.results[0]!.value as NodeJS.Timeout).hasRef()).toBe(false);
    setIntervalSpy.mockRestore();
    await a;
    await vi.waitFor(() => expect(requests).toBeGreaterThanOrEqual(before + 3), { timeout: 2000 });
    instance.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = requests;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(requests).toBe(stoppedAt);
  });
});
