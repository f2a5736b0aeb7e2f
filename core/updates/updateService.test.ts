import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateView } from '../../shared/contract/views';
import { feedDocument, startUpdateFeedServer, type UpdateFeedServer } from '../../test/updateFeedServer';
import { createLogger, memorySink } from '../logging/logger';
import { starlingVersion } from './starlingVersion';
import { feedLoader } from './updateChecker';
import { UpdateError, type UpdateInstaller, UpdateService } from './updateService';

const installerBytes = Buffer.from('the installer of 1.3.0');

let feed: UpdateFeedServer;
beforeAll(async () => {
  feed = await startUpdateFeedServer();
});
afterAll(() => feed.close());
beforeEach(() => {
  feed.files.clear();
  publish('1.3.0');
});

function publish(version: string, extra: string[] = []): void {
  feed.files.set('latest-linux.yml', {
    body: feedDocument({ version, file: `Starling-${version}.AppImage`, bytes: installerBytes, extra }),
  });
}

/** An installer the test drives: each download waits until the test finishes or fails it. */
function controlledInstaller() {
  const downloads: {
    progress: (fraction: number) => void;
    finish: () => void;
    fail: (error: Error) => void;
  }[] = [];
  let installs = 0;
  const installer: UpdateInstaller = {
    download: (onProgress) =>
      new Promise<void>((resolve, reject) => {
        downloads.push({ progress: onProgress, finish: resolve, fail: reject });
      }),
    install: () => void installs++,
  };
  return { installer, downloads, installs: () => installs };
}

function service(options: { installer?: UpdateInstaller; feedUrl?: string | null } = {}) {
  const views: UpdateView[] = [];
  const sink = memorySink();
  const updates = new UpdateService({
    currentVersion: '1.2.0',
    ...(options.feedUrl !== null && {
      loadFeed: feedLoader(options.feedUrl ?? feed.url, 'latest-linux.yml'),
    }),
    ...(options.installer && { installer: options.installer }),
    logger: createLogger({ sink }),
    now: () => new Date('2026-11-23T12:00:00Z'),
  });
  updates.on((view) => views.push(view));
  return { updates, views, logs: sink.records };
}

describe('UpdateService', () => {
  it('offers a newer release, downloads it only when asked, reports progress, then restarts into it', async () => {
    const { installer, downloads, installs } = controlledInstaller();
    const { updates, views } = service({ installer });
    const offered = await updates.check();
    expect(offered).toMatchObject({
      kind: 'available',
      currentVersion: '1.2.0',
      version: '1.3.0',
      download: 'idle',
      progress: null,
    });
    expect(offered.message).toContain('Starling 1.3.0 is available');
    expect(downloads).toHaveLength(0); // Never without consent.
    expect(() => updates.install()).toThrow(UpdateError);

    expect(updates.download()).toMatchObject({ download: 'downloading', progress: 0 });
    expect(updates.download().download).toBe('downloading'); // A second click starts nothing more.
    expect(downloads).toHaveLength(1);
    downloads[0]!.progress(0.004); // Below a percent: not worth an event.
    downloads[0]!.progress(0.5);
    downloads[0]!.finish();
    const settled = await updates.downloadSettled();
    expect(settled).toMatchObject({ download: 'downloaded', progress: 1, failure: null });
    expect(views.map((view) => [view.download, view.progress])).toEqual([
      ['idle', null],
      ['downloading', 0],
      ['downloading', 0.5],
      ['downloaded', 1],
    ]);
    expect(updates.download().download).toBe('downloaded'); // Not downloaded again.
    expect(downloads).toHaveLength(1);

    expect(updates.install()).toEqual({ restarting: true });
    expect(installs()).toBe(1);
  });

  it('reports a failed download in words, and a retry starts again', async () => {
    const { installer, downloads } = controlledInstaller();
    const { updates } = service({ installer });
    await updates.check();
    updates.download();
    downloads[0]!.fail(new Error('sha512 checksum mismatch'));
    const failed = await updates.downloadSettled();
    expect(failed.download).toBe('failed');
    expect(failed.failure).toBe(
      'The download of Starling 1.3.0 failed: sha512 checksum mismatch. Try again later.',
    );
    expect(() => updates.install()).toThrow('Download the update before restarting');
    expect(updates.download().download).toBe('downloading');
    expect(downloads).toHaveLength(2);
  });

  it('starts afresh when a newer release is published after a download', async () => {
    const { installer, downloads } = controlledInstaller();
    const { updates } = service({ installer });
    await updates.check();
    updates.download();
    downloads[0]!.finish();
    await updates.downloadSettled();
    publish('1.4.0');
    expect(await updates.check()).toMatchObject({ version: '1.4.0', download: 'idle' });
    expect(() => updates.install()).toThrow(UpdateError);
  });

  it('makes a release required before a scheduled hardfork, with its deadline', async () => {
    publish('1.3.0', [
      'supportedHardfork: 19.6',
      "requiredBefore: '2026-12-01T00:00:00.000Z'",
      'notes: New network',
    ]);
    const { updates } = service({ installer: controlledInstaller().installer });
    expect(await updates.check()).toMatchObject({
      kind: 'required',
      reason: 'hardforkScheduled',
      version: '1.3.0',
      deadline: Date.parse('2026-12-01T00:00:00.000Z'),
      notes: 'New network',
    });
  });

  it('explains a network past this build, and what can be done, as the network reports it', async () => {
    feed.files.clear(); // Nothing published: the feed answers 404.
    const { updates, views } = service({ installer: controlledInstaller().installer });
    expect((await updates.check()).kind).toBe('upToDate');
    updates.networkHardforkReported('19.7');
    const outdated = views.at(-1)!;
    expect(outdated).toMatchObject({ kind: 'outdated', reason: 'feedUnavailable', version: null });
    expect(outdated.message).toContain('network has moved to version 19.7');
    updates.networkHardforkReported('not a version'); // Ignored, not thrown.
    expect(() => updates.download()).toThrow('There is no update to download right now.');
  });

  it('without an installer, says where to get the new version instead of downloading', async () => {
    const { updates } = service();
    expect((await updates.check()).download).toBe('unsupported');
    expect(() => updates.download()).toThrow('download the new version from the Starling website');
    expect(() => updates.install()).toThrow(UpdateError);
  });

  it('without a feed, decides from the network alone and logs nothing about the feed', async () => {
    const { updates, logs } = service({ feedUrl: null });
    const view = await updates.check();
    expect(view).toMatchObject({ kind: 'upToDate', download: 'unsupported', feed: 'none', checkedAt: null });
    expect(view.message).toBe(
      'Starling 1.2.0 works with the current network. No update feed is set up for this Starling, so it ' +
        'cannot look for newer versions: get them from the Starling website.',
    );
    expect(logs).toHaveLength(0);
    updates.networkHardforkReported('20.0');
    expect(updates.status().kind).toBe('outdated');
  });

  it('says what each check found, in words: checking, up to date, a release, or a feed out of reach (#17 item 6)', async () => {
    const { updates } = service();
    expect(updates.status()).toMatchObject({ feed: 'unchecked', checkedAt: null });
    expect(updates.status().message).toBe('Starling 1.2.0 is checking for updates.');

    const offered = await updates.check();
    expect(offered).toMatchObject({ kind: 'available', version: '1.3.0', feed: 'read' });
    expect(offered.checkedAt).toBe(Date.parse('2026-11-23T12:00:00Z'));
    expect(offered.message).toBe('Starling 1.3.0 is available (you have 1.2.0). Download it now or later.');

    publish('1.2.0');
    const upToDate = await updates.check();
    expect(upToDate).toMatchObject({ kind: 'upToDate', feed: 'read' });
    expect(upToDate.message).toBe('Starling 1.2.0 is up to date.');

    const unreachable = service({ feedUrl: 'http://127.0.0.1:9/' });
    const failed = await unreachable.updates.check();
    expect(failed).toMatchObject({ kind: 'upToDate', feed: 'unreachable' });
    expect(failed.message).toMatch(
      /^Could not read the update feed .+\. Starling 1\.2\.0 works with the current network; Starling will try again in a few hours\.$/u,
    );
  });

  it('keeps the last feed when the feed later fails, and logs the failure without failing', async () => {
    const { updates, logs } = service({ installer: controlledInstaller().installer });
    await updates.check();
    feed.files.set('latest-linux.yml', { status: 500, body: 'oops' });
    const view = await updates.check();
    expect(view).toMatchObject({ version: '1.3.0', feed: 'unreachable' });
    expect(view.message).toMatch(/^Starling 1\.3\.0 is available .+ Could not read the update feed .+\.$/u);
    expect(logs.some((record) => record.message.includes('update check'))).toBe(true);
  });
});

describe('starlingVersion', () => {
  it('is the version package.json gives this build', () => {
    const packageJson = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(starlingVersion).toBe(packageJson.version);
  });
});
