// The command line's account sync (issue 13): set-name and set-nickname print once the swarm
// confirmed the push, a restore with --network fetches the account first, and show tells the name
// without unlocking. Real profiles on a real devnet.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../core/identity/account';
import { createLogger, memorySink } from '../../core/logging/logger';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { runStarlingInProcess } from '../../test/starlingInProcess';
import { exitCodes } from '../exitCodes';

describe('starling account set-name, contact set-nickname, account restore --network', () => {
  let cwd: string;
  let devnet: Devnet;
  let ada: { sessionId: string; recoveryPhrase: string };
  const bob = `05${'b0'.repeat(32)}`;
  const run = (args: readonly string[], input?: string) =>
    runStarlingInProcess(args, { cwd, ...(input === undefined ? {} : { input }) });
  const network = () => ['--network', devnet.networkFile];

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-sync-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet'), nodes: 6 });
    ada = await createAccount({
      profileDirectory: path.join(cwd, 'ada'),
      keySources: { allowUnprotected: true },
      logger: createLogger({ sink: memorySink() }),
    });
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('sets the name and a nickname, and a restored profile gets both', async () => {
    expect(JSON.parse((await run(['account', 'show', '--profile', 'ada'])).stdout)).toEqual({
      sessionId: ada.sessionId,
      displayName: null,
    });

    const named = await run([
      'account',
      'set-name',
      '--profile',
      'ada',
      ...network(),
      '--name',
      'Ada Lovelace',
    ]);
    expect(named).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(JSON.parse(named.stdout)).toEqual({ displayName: 'Ada Lovelace' });
    expect(JSON.parse((await run(['account', 'show', '--profile', 'ada'])).stdout)).toEqual({
      sessionId: ada.sessionId,
      displayName: 'Ada Lovelace',
    });

    const nicknamed = await run([
      'contact',
      'set-nickname',
      '--profile',
      'ada',
      ...network(),
      '--contact',
      bob,
      '--nickname',
      'Bobby',
    ]);
    expect(nicknamed).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(JSON.parse(nicknamed.stdout)).toEqual({ contact: bob, nickname: 'Bobby' });

    const restored = await run(
      ['account', 'restore', '--profile', 'ada-again', '--unprotected', ...network()],
      ada.recoveryPhrase,
    );
    expect(restored.code).toBe(exitCodes.success);
    expect(JSON.parse(restored.stdout)).toEqual({ sessionId: ada.sessionId, displayName: 'Ada Lovelace' });

    // The nickname came along: clearing it from the restored profile is told as such.
    const cleared = await run([
      'contact',
      'set-nickname',
      '--profile',
      'ada-again',
      ...network(),
      '--contact',
      bob,
      '--clear',
    ]);
    expect(JSON.parse(cleared.stdout)).toEqual({ contact: bob, nickname: null });
  }, 120_000);

  it('refuses bad input in words before unlocking anything', async () => {
    const noName = await run(['account', 'set-name', '--profile', 'ada', ...network()]);
    expect(noName.code).toBe(exitCodes.usage);
    const longName = await run([
      'account',
      'set-name',
      '--profile',
      'ada',
      ...network(),
      '--name',
      'x'.repeat(101),
    ]);
    expect(longName).toMatchObject({ code: exitCodes.badInput });
    expect(longName.stderr).toContain('at most 100 characters');
    const both = await run([
      'contact',
      'set-nickname',
      '--profile',
      'ada',
      ...network(),
      '--contact',
      bob,
      '--nickname',
      'B',
      '--clear',
    ]);
    expect(both.code).toBe(exitCodes.usage);
    const badId = await run([
      'contact',
      'set-nickname',
      '--profile',
      'ada',
      ...network(),
      '--contact',
      '05abc',
      '--nickname',
      'B',
    ]);
    expect(badId.code).toBe(exitCodes.badInput);
  });

  it('sets a framed picture and removes it, refusing what is no picture in words', async () => {
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
    await writeFile(path.join(cwd, 'photo.jpg'), photo);
    await writeFile(path.join(cwd, 'notes.txt'), 'not a picture');
    const picture = (...flags: string[]) =>
      run(['account', 'set-picture', '--profile', 'ada', ...network(), ...flags]);

    const set = await picture('--picture', 'photo.jpg', '--crop', '300,0,600');
    expect(set).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(JSON.parse(set.stdout)).toEqual({ picture: true });

    const refused = await picture('--picture', 'notes.txt');
    expect(refused.code).toBe(exitCodes.badInput);
    expect(refused.stderr).toContain('not a picture Starling can open');
    expect((await picture('--picture', 'photo.jpg', '--crop', '1,2')).code).toBe(exitCodes.usage);
    expect((await picture('--picture', 'photo.jpg', '--remove')).code).toBe(exitCodes.usage);
    expect((await picture('--picture', 'missing.jpg')).code).toBe(exitCodes.badInput);

    const removed = await picture('--remove');
    expect(removed).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(JSON.parse(removed.stdout)).toEqual({ picture: false });
  }, 120_000);
});
