// `starling devnet community seed --room T --count N` (issue 15): fills a room of a stopped devnet with
// signed posts, prints what it added as one JSON line, and the next start serves them; a running
// devnet, an unknown room and a bad count are refused in words.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, defaultRoom, startDevnet } from '../../devnet/network/devnet';
import { call } from '../../test/communityClient';
import { runStarlingInProcess } from '../../test/starlingInProcess';

describe('starling devnet community seed', () => {
  let cwd: string;
  let devnet: Devnet | undefined;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-devnet-seed-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'net'), nodes: 1 });
    await devnet.close();
    devnet = undefined;
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    runStarlingInProcess(['devnet', 'community', 'seed', ...args, '--dir', 'net'], { cwd });

  it('seeds a room of a stopped devnet, which serves the posts when it starts', async () => {
    const seeded = await run('--room', defaultRoom.token, '--count', '120');
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    const result = JSON.parse(seeded.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      room: defaultRoom.token,
      count: 120,
      firstId: 1,
      lastId: 120,
      firstSeqno: 1,
      lastSeqno: 120,
      online: false,
    });
    expect(result.posters).toHaveLength(5);
    expect(result.signingMs).toEqual(expect.any(Number));

    devnet = await startDevnet({ directory: path.join(cwd, 'net') });
    const server = {
      url: devnet.communityServer.url,
      publicKeyHex: devnet.communityServer.keys.publicKeyHex,
    };
    const recent = (await call(server, 'GET', `/room/${defaultRoom.token}/messages/recent?limit=2`)).json;
    expect((recent as { id: number }[]).map((message) => message.id)).toEqual([120, 119]);
  }, 60_000);

  it('refuses a running devnet, an unknown room and a bad count', async () => {
    const running = await run('--room', defaultRoom.token, '--count', '5');
    expect(running.code).toBe(2);
    expect(running.stderr).toBe(
      'starling: The devnet is running: stop it, then seed (a seeding writes its directory).\n',
    );
    await devnet!.close();
    devnet = undefined;
    const nowhere = await run('--room', 'nowhere', '--count', '5');
    expect(nowhere.stderr).toBe('starling: There is no room “nowhere”.\n');
    const zero = await run('--room', defaultRoom.token, '--count', '0');
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('starling: --count takes a whole number above 0.\n');
    const missing = await run('--count', '5');
    expect(missing.stderr).toBe('starling: --room is required.\n');
  });
});
