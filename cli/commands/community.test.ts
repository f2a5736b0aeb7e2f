// `starling community rooms` (issue 15's contract): a server's rooms as a JSON list, through onion
// paths of a real devnet, with the link to join each; a bad server link refused in words.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, defaultRoom, startDevnet } from '../../devnet/network/devnet';
import { runStarlingInProcess } from '../../test/starlingInProcess';
import { exitCodes } from '../exitCodes';

describe('starling community rooms', () => {
  let cwd: string;
  let devnet: Devnet;
  const run = (args: readonly string[]) => runStarlingInProcess(args, { cwd });

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-community-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet'), nodes: 6 });
    devnet.communityServer.addRoom('climbing', 'Climbing', 'Crags and boulders');
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('lists the rooms of a server named by its link', async () => {
    const [server] = devnet.network.communityServers;
    const link = `${server!.url}?public_key=${server!.publicKey}`;
    const listed = await run(['community', 'rooms', '--network', devnet.networkFile, '--server', link]);
    expect(listed).toMatchObject({ code: exitCodes.success, stderr: '' });
    const rooms = JSON.parse(listed.stdout) as {
      token: string;
      name: string;
      description: string | null;
      url: string;
    }[];
    expect(rooms.map((room) => room.token).sort()).toEqual(['climbing', defaultRoom.token].sort());
    expect(rooms.find((room) => room.token === 'climbing')).toMatchObject({
      name: 'Climbing',
      description: 'Crags and boulders',
      url: `${server!.url}/climbing?public_key=${server!.publicKey}`,
    });
  }, 60_000);

  it('refuses a server link without its key, and a missing flag', async () => {
    const [server] = devnet.network.communityServers;
    const bad = await run(['community', 'rooms', '--network', devnet.networkFile, '--server', server!.url]);
    expect(bad.code).toBe(exitCodes.badInput);
    expect(bad.stderr).toContain('public_key=');
    expect((await run(['community', 'rooms', '--network', devnet.networkFile])).code).toBe(exitCodes.usage);
  });
});
