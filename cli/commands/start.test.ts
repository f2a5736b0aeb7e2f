// `starling start` as a person runs it on a machine without an Electron runtime: it brings up the
// embedded devnet and says, in one line, that the app opens in the browser, then serves it.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStarlingServer } from '../../test/devnetProcess';

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('starling start', () => {
  let directory: string;
  let renderer: string;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-start-'));
    renderer = path.join(directory, 'renderer');
    await mkdir(renderer);
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Starling</title>');
  });
  afterAll(async () => rm(directory, { recursive: true, force: true }));

  it('runs the embedded devnet and offers the browser UI when there is no Electron runtime', async () => {
    const app = await startStarlingServer(['start', '--profile', 'me'], {
      cwd: directory,
      readyLine: /^listening (.+)$/mu,
      env: { STARLING_RENDERER_DIR: renderer, STARLING_PASSPHRASE: '' },
    });
    try {
      expect(app.stderr()).toMatch(
        /no Electron runtime is installed here, so the app opens in your browser/u,
      );
      expect(app.announced).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/u);
      expect(await status(app.announced)).toBe(303);
      expect(existsSync(path.join(directory, '.devnet', 'network.json'))).toBe(true);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  }, 60_000);
});
