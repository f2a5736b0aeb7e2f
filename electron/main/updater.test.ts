// electron-updater itself, against a real feed server: the shell's installer downloads exactly what
// the feed publishes, verifies it, reports progress, and refuses a file that does not match. Only
// Electron's side of electron-updater is replaced: its app (an AppAdapter, as electron-updater
// allows) and its HTTP client (Electron's net module, swapped for Node's).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  configureRequestOptions,
  configureRequestUrl,
  type DownloadOptions,
  HttpExecutor,
} from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, memorySink } from '../../core/logging/logger';
import { feedDocument, startUpdateFeedServer, type UpdateFeedServer } from '../../test/updateFeedServer';
import { electronUpdateInstaller, readableUpdaterError } from './updater';

vi.mock('electron', () => ({}));

/** What Electron's net-based executor does, on Node's http (the feed server is plain http on loopback). */
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: unknown) => void): ClientRequest {
    return request(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = {};
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error ? reject(error) : resolve(destination)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

/** A DebUpdater whose app is a directory and whose installs are counted instead of run. */
class TestUpdater extends DebUpdater {
  installs = 0;
  constructor(app: AppAdapter) {
    super(null, app);
    // Not in electron-updater's typings: the HTTP client it falls back to only inside Electron.
    Object.assign(this, { httpExecutor: new NodeHttpExecutor() });
  }
  protected override doInstall(): boolean {
    this.installs++;
    return true;
  }
}

function stubApp(directory: string): AppAdapter {
  const configPath = path.join(directory, 'app-update.yml');
  writeFileSync(
    configPath,
    'provider: generic\nurl: http://127.0.0.1:1/unused\nupdaterCacheDirName: starling-updater\n',
  );
  return {
    version: '1.2.0',
    name: 'Starling',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: path.join(directory, 'user-data'),
    baseCachePath: path.join(directory, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

const installer = Buffer.alloc(256 * 1024, 7);
let feed: UpdateFeedServer;
let directory: string;

beforeAll(async () => {
  feed = await startUpdateFeedServer();
});
afterAll(() => feed.close());
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'starling-updater-'));
  feed.files.clear();
  feed.files.set('latest-linux.yml', {
    body: feedDocument({ version: '1.3.0', file: 'starling_1.3.0_amd64.deb', bytes: installer }),
  });
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function setUp() {
  const updater = new TestUpdater(stubApp(directory));
  const sink = memorySink();
  const shellInstaller = electronUpdateInstaller(updater, feed.url, createLogger({ sink, level: 'debug' }));
  return { updater, shellInstaller, logs: sink.records };
}

describe('electronUpdateInstaller', () => {
  it('never downloads or installs by itself', () => {
    const { updater } = setUp();
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(feed.requested).toEqual([]);
  });

  it('downloads the published installer, verified, with progress, and installs it only when told', async () => {
    feed.files.set('starling_1.3.0_amd64.deb', { body: installer });
    const { updater, shellInstaller } = setUp();
    const progress: number[] = [];
    await shellInstaller.download((fraction) => progress.push(fraction));
    expect(feed.requested).toContain('starling_1.3.0_amd64.deb');
    const pending = path.join(directory, 'cache', 'starling-updater', 'pending', 'starling_1.3.0_amd64.deb');
    expect(existsSync(pending)).toBe(true);
    expect(readFileSync(pending).equals(installer)).toBe(true);
    expect(progress.every((fraction) => fraction >= 0 && fraction <= 1)).toBe(true);
    expect(updater.installs).toBe(0);

    const order: string[] = [];
    vi.spyOn(updater, 'quitAndInstall').mockImplementation((silent, runAfter) =>
      order.push(`quitAndInstall(${silent}, ${runAfter})`),
    );
    const restarting = electronUpdateInstaller(updater, feed.url, createLogger({ sink: memorySink() }), () =>
      order.push('beforeRestart'),
    );
    restarting.install();
    expect(order).toEqual(['beforeRestart', 'quitAndInstall(false, true)']);
  });

  it('refuses a file that does not match the published checksum', async () => {
    const tampered = Buffer.from(installer);
    tampered[1000] = 8;
    feed.files.set('starling_1.3.0_amd64.deb', { body: tampered });
    const { shellInstaller } = setUp();
    await expect(shellInstaller.download(() => undefined)).rejects.toThrow(
      'the file downloaded does not match the published one',
    );
    expect(
      existsSync(path.join(directory, 'cache', 'starling-updater', 'pending', 'starling_1.3.0_amd64.deb')),
    ).toBe(false);
  });

  it('says so when the installer is missing, or the feed offers nothing newer', async () => {
    const { shellInstaller } = setUp();
    await expect(shellInstaller.download(() => undefined)).rejects.toThrow(
      'the update file is missing on the server',
    );
    feed.files.set('latest-linux.yml', {
      body: feedDocument({ version: '1.2.0', file: 'starling_1.2.0_amd64.deb', bytes: installer }),
    });
    await expect(setUp().shellInstaller.download(() => undefined)).rejects.toThrow(
      'the update feed no longer offers it',
    );
  });
});

describe('readableUpdaterError', () => {
  it('keeps the gist of electron-updater errors', () => {
    expect(readableUpdaterError(new Error('net::ERR_CONNECTION_REFUSED'))).toBe(
      'the update server cannot be reached',
    );
    expect(readableUpdaterError(new Error('ENOSPC: no space left on device'))).toBe('the disk is full');
    expect(readableUpdaterError(new Error(`first line\n${'stack '.repeat(100)}`))).toBe('first line');
    expect(readableUpdaterError('plain')).toBe('plain');
  });
});
