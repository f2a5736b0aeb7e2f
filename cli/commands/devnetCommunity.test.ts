// `starling devnet community …` on a stopped devnet (its directory changed directly) and on a
// running one (through the server's admin endpoint): rooms added and listed in network.json,
// moderators added, users banned and unbanned, JSON out, and clear refusals.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { blindedUser, call } from '../../test/communityClient';
import { runStarlingInProcess } from '../../test/starlingInProcess';

describe('starling devnet community', () => {
  let cwd: string;
  let devnet: Devnet | undefined;
  const moderatorId = `15${'ab'.repeat(32)}`;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-devnet-community-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'net'), nodes: 1 });
    await devnet.close();
    devnet = undefined;
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    runStarlingInProcess(['devnet', 'community', ...args, '--dir', 'net'], { cwd });

  it('changes a stopped devnet directly, and the next start serves the change', async () => {
    const added = await run('add-room', '--token', 'dev', '--name', 'Developers', '--description', 'Code');
    expect(added.code).toBe(0);
    const result = JSON.parse(added.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ room: { token: 'dev', name: 'Developers' }, online: false });
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev\?public_key=[0-9a-f]{64}$/u);
    const moderator = await run('add-moderator', '--id', moderatorId, '--room', 'dev', '--admin');
    expect(JSON.parse(moderator.stdout)).toEqual({
      moderator: moderatorId,
      room: 'dev',
      admin: true,
      visible: true,
      online: false,
    });

    devnet = await startDevnet({ directory: path.join(cwd, 'net') });
    expect(devnet.network.communityServers[0]!.rooms).toEqual(['lobby', 'dev']);
    const server = {
      url: devnet.communityServer.url,
      publicKeyHex: devnet.communityServer.keys.publicKeyHex,
    };
    const info = await call(server, 'GET', '/room/dev');
    expect(info.json).toMatchObject({ name: 'Developers', description: 'Code', admins: [moderatorId] });
  }, 60_000);

  it('changes a running devnet through its server, and lists new rooms in network.json', async () => {
    const running = devnet!;
    const server = {
      url: running.communityServer.url,
      publicKeyHex: running.communityServer.keys.publicKeyHex,
    };
    const added = await run('add-room', '--token', 'live', '--name', 'Live');
    expect(JSON.parse(added.stdout)).toMatchObject({ room: { token: 'live' }, online: true });
    const rooms = (await call(server, 'GET', '/rooms')).json as { token: string }[];
    expect(rooms.map((room) => room.token)).toEqual(['lobby', 'dev', 'live']);
    const network = JSON.parse(await readFile(running.networkFile, 'utf8')) as {
      communityServers: { rooms: string[] }[];
    };
    expect(network.communityServers[0]!.rooms).toEqual(['lobby', 'dev', 'live']);

    const user = await blindedUser(server.publicKeyHex);
    expect((await call(server, 'GET', '/room/live', { user })).status).toBe(200);
    const banned = await run('ban', '--id', user.sessionId, '--global', '--duration', '3600');
    expect(JSON.parse(banned.stdout)).toMatchObject({ banned: user.sessionId, room: null, online: true });
    expect((JSON.parse(banned.stdout) as { until: number }).until).toBeGreaterThan(Date.now() / 1000);
    expect((await call(server, 'GET', '/room/live', { user })).status).toBe(403);
    const unbanned = await run('unban', '--id', user.sessionId, '--global');
    expect(unbanned.code).toBe(0);
    expect((await call(server, 'GET', '/room/live', { user })).status).toBe(200);
  });

  it('makes a moderator by 05 ID, who is one from their first request', async () => {
    const running = devnet!;
    const server = {
      url: running.communityServer.url,
      publicKeyHex: running.communityServer.keys.publicKeyHex,
    };
    const frank = await blindedUser(server.publicKeyHex);
    const added = await run('add-moderator', '--id', frank.unblindedId, '--room', 'live');
    expect(JSON.parse(added.stdout)).toMatchObject({
      moderator: frank.unblindedId,
      room: 'live',
      pending: true,
    });
    expect((await call(server, 'GET', '/room/live', { user: frank })).json).toMatchObject({
      moderator: true,
    });
  });

  it('refuses unknown rooms, bad IDs and a missing scope with a clear message', async () => {
    const missingRoom = await run('ban', '--id', moderatorId, '--room', 'nowhere');
    expect(missingRoom.code).toBe(2);
    expect(missingRoom.stderr).toBe('starling: There is no room “nowhere”.\n');
    const badId = await run('add-moderator', '--id', '05abc', '--global');
    expect(badId.code).toBe(2);
    expect(badId.stderr).toBe('starling: “05abc” is not a 15… blinded or 05… Session ID.\n');
    const noScope = await run('ban', '--id', moderatorId);
    expect(noScope.stderr).toBe('starling: Give exactly one of --room TOKEN and --global.\n');
    const taken = await run('add-room', '--token', 'dev', '--name', 'Again');
    expect(taken.stderr).toBe('starling: The room “dev” exists already.\n');
  });
});
