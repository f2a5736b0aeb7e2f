// Message search as a host serves it, through the transports' one answering path, on a real devnet:
// found words come back as data with their matches marked, a message found far back opens with the
// history around it, and bad requests are refused in words.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import type { MessagePage, SearchPage } from '../../shared/contract/views';
import { createLogger, memorySink } from '../logging/logger';
import { loadNetwork } from '../network/networkDescription';
import { answerClientCall } from './answerCall';
import { ClientHost } from './clientHost';

const bob = `05${'b'.repeat(64)}`;

describe('searchMessages through ClientHost', () => {
  let directory: string;
  let devnet: Devnet;
  const logger = createLogger({ sink: memorySink() });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-host-search-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true, maxRetries: 10 });
  });

  it('finds, pages around the message found, and refuses in words', async () => {
    const host = await ClientHost.open({
      profileDirectory: path.join(directory, 'alice'),
      network: await loadNetwork(devnet.networkFile),
      keySources: { allowUnprotected: true },
      logger,
    });
    const call = (method: string, request: unknown) => answerClientCall(host, method, request, logger);
    try {
      expect(await call('searchMessages', { query: 'lunch' })).toEqual({
        ok: false,
        error: { code: 'noAccount', message: 'Create or restore an account first.' },
      });
      await host.createAccount({ displayName: 'Alice' });
      for (let index = 0; index < 30; index += 1) {
        await host.sendMessage({
          conversationId: bob,
          text: index === 3 ? 'Lunch at <b>Zoë’s</b> café?' : `message ${index}`,
        });
      }
      const found = await call('searchMessages', { query: 'zoe caf' });
      expect(found.ok).toBe(true);
      const page = (found as { value: SearchPage }).value;
      expect(page.before).toBeNull();
      expect(page.results).toHaveLength(1);
      expect(page.results[0]).toMatchObject({ conversationId: bob, direction: 'outgoing' });
      expect(page.results[0]!.snippet).toEqual([
        { text: 'Lunch at <b>', match: false },
        { text: 'Zoë', match: true },
        { text: '’s</b> ', match: false },
        { text: 'café', match: true },
        { text: '?', match: false },
      ]);

      // Opened from the result: the message with its neighbours, and cursors both ways.
      const around = await call('listMessages', {
        conversationId: bob,
        around: page.results[0]!.messageId,
        limit: 5,
      });
      const window = (around as { value: MessagePage }).value;
      expect(window.messages.map((message) => message.body)).toEqual([
        'message 5',
        'message 4',
        'Lunch at <b>Zoë’s</b> café?',
        'message 2',
        'message 1',
      ]);
      expect(window.before).not.toBeNull();
      expect(window.after).not.toBeNull();
      const newer = await call('listMessages', { conversationId: bob, after: window.after, limit: 50 });
      expect((newer as { value: MessagePage }).value.messages).toHaveLength(24);
      expect((newer as { value: MessagePage }).value.after).toBeNull();

      expect(await call('searchMessages', { query: ' ' })).toEqual({
        ok: false,
        error: { code: 'invalidRequest', message: 'Type a word to search for. (query)' },
      });
      expect(await call('searchMessages', { query: 'a', limit: 500 })).toMatchObject({
        ok: false,
        error: { code: 'invalidRequest', message: 'Ask for at most 50 results at a time. (limit)' },
      });
      expect(await call('listMessages', { conversationId: bob, around: 999_999 })).toEqual({
        ok: false,
        error: { code: 'messageMissing', message: 'This message is no longer in the conversation.' },
      });
    } finally {
      await host.close();
    }
  }, 60_000);
});
