// Updates as a host serves them, on a real devnet and a real feed: the network moving past this
// build reaches the UI as an explained required update, and a host that cannot install says so.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import type { UpdateView } from '../../shared/contract/views';
import { feedDocument, startUpdateFeedServer, type UpdateFeedServer } from '../../test/updateFeedServer';
import { waitUntil } from '../../test/waitUntil';
import { createLogger, memorySink } from '../logging/logger';
import { loadNetwork } from '../network/networkDescription';
import { feedLoader } from '../updates/updateChecker';
import { UpdateService } from '../updates/updateService';
import { answerClientCall } from './answerCall';
import { ClientHost } from './clientHost';

describe('updates through ClientHost', () => {
  let directory: string;
  let devnet: Devnet;
  let feed: UpdateFeedServer;
  const logger = createLogger({ sink: memorySink() });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-host-updates-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
    feed = await startUpdateFeedServer();
  }, 60_000);
  afterAll(async () => {
    await feed?.close();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true, maxRetries: 10 });
  });

  it('turns a hardfork the network reports into a required update, explained, and refuses to install without an installer', async () => {
    const installer = Buffer.from('Starling 1.3.0');
    feed.files.set('latest-linux.yml', {
      body: feedDocument({
        version: '1.3.0',
        file: 'Starling-1.3.0.AppImage',
        bytes: installer,
        extra: ['supportedHardfork: 19.6'],
      }),
    });
    const host = await ClientHost.open({
      profileDirectory: path.join(directory, 'profile'),
      network: await loadNetwork(devnet.networkFile),
      keySources: { allowUnprotected: true },
      updates: new UpdateService({
        currentVersion: '1.2.0',
        loadFeed: feedLoader(feed.url, 'latest-linux.yml'),
        logger,
      }),
      logger,
    });
    const updates: UpdateView[] = [];
    host.on('update.changed', ({ update }) => updates.push(update));
    try {
      // Before any account: the host answers update calls itself.
      const before = await host.checkForUpdates({});
      expect(before).toMatchObject({ kind: 'required', reason: 'hardforkScheduled', version: '1.3.0' });
      expect(before.download).toBe('unsupported');
      expect(await answerClientCall(host, 'downloadUpdate', {}, logger)).toEqual({
        ok: false,
        error: {
          code: 'cannotInstall',
          message:
            'This Starling cannot install updates itself: download the new version from the Starling website.',
        },
      });

      await host.createAccount({ displayName: 'Updater' });
      // The community-only methods reach core/community through the host's table (communityMethods).
      expect(
        await answerClientCall(
          host,
          'loadOlderCommunityMessages',
          { conversationId: 'http://127.0.0.1:1/lobby' },
          logger,
        ),
      ).toEqual({
        ok: false,
        error: { code: 'conversationMissing', message: 'You are not in this community.' },
      });
      await devnet.setHardfork([19, 6]);
      // The engine's next request to a service node brings the network's hardfork.
      const required = await waitUntil(
        async () => {
          await host.getNetworkStatus({}).catch(() => undefined);
          return updates.find((update) => update.reason === 'networkAhead');
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      expect(required).toMatchObject({ kind: 'required', version: '1.3.0' });
      expect(required.message).toContain('The Session network has moved to version 19.6');
      expect(await host.getUpdateStatus({})).toEqual(required);
    } finally {
      await devnet.setHardfork([19, 4]);
      await host.close();
    }
  }, 60_000);
});
