// `starling community rooms|join|leave`, and `send`/`listen` in a room (issue 15's contracts): a
// server's rooms as a JSON list, through onion paths of a real devnet, with the link to join each;
// a bad server link refused in words; two profiles join by link, one posts, the other hears it,
// then a file, which the other saves from the room.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, defaultRoom, startDevnet } from '../../devnet/network/devnet';
import { createAccount } from '../../core/identity/account';
import { createLogger, memorySink } from '../../core/logging/logger';
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

  it('joins a room by link, posts in it, and the other profile hears the post', async () => {
    const [server] = devnet.network.communityServers;
    const link = `${server!.url}/climbing?public_key=${server!.publicKey}`;
    const logger = createLogger({ sink: memorySink() });
    for (const name of ['rita', 'sam']) {
      await createAccount({
        profileDirectory: path.join(cwd, name),
        keySources: { allowUnprotected: true },
        logger,
      });
    }
    const profile = (name: string) => ['--profile', name, '--network', devnet.networkFile];
    const joined = await run(['community', 'join', ...profile('rita'), '--url', link]);
    expect(joined).toMatchObject({ code: exitCodes.success, stderr: '' });
    const roomId = `${server!.url}/climbing`;
    expect(JSON.parse(joined.stdout)).toEqual({
      conversation: roomId,
      room: { token: 'climbing', name: 'Climbing' },
    });
    expect((await run(['community', 'join', ...profile('sam'), '--url', link])).code).toBe(exitCodes.success);
    const sent = await run(['send', ...profile('rita'), '--to', link, '--text', 'Top rope at noon?']);
    expect(sent).toMatchObject({ code: exitCodes.success, stderr: '' });
    const posted = JSON.parse(sent.stdout) as { id: number; seqno: number };
    expect(Object.keys(posted)).toEqual(['id', 'seqno']);
    expect(posted.id).toBeGreaterThan(0);
    const heard = await run(['listen', ...profile('sam'), '--count', '1', '--timeout', '30']);
    expect(heard.code).toBe(exitCodes.success);
    const line = JSON.parse(heard.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({ conversation: roomId, body: 'Top rope at noon?', id: posted.id });
    expect(line.from).toMatch(/^15[0-9a-f]{64}$/u);
    expect(line.posted).toEqual(expect.any(Number));
    // A file goes to the room (§5.3), and `listen --save-dir` saves it from there.
    const photo = path.join(cwd, 'crag.bin');
    const bytes = randomBytes(50_000);
    await writeFile(photo, bytes);
    const withFile = await run([
      'send',
      ...profile('rita'),
      '--to',
      roomId,
      '--text',
      'The crag',
      '--file',
      photo,
    ]);
    expect(withFile).toMatchObject({ code: exitCodes.success, stderr: '' });
    const filePost = JSON.parse(withFile.stdout) as {
      id: number;
      attachments: { id: string; size: number }[];
    };
    expect(filePost.attachments).toEqual([{ id: expect.stringMatching(/^[0-9]+$/u), size: 50_000 }]);
    const saveDir = path.join(cwd, 'saved');
    const withSaved = await run([
      'listen',
      ...profile('sam'),
      '--count',
      '1',
      '--timeout',
      '30',
      '--save-dir',
      saveDir,
    ]);
    expect(withSaved.code).toBe(exitCodes.success);
    const saved = JSON.parse(withSaved.stdout) as {
      id: number;
      attachments: { path: string; sha256: string }[];
    };
    expect(saved.id).toBe(filePost.id);
    expect(saved.attachments).toHaveLength(1);
    expect(
      createHash('sha256')
        .update(await readFile(saved.attachments[0]!.path))
        .digest('hex'),
    ).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(saved.attachments[0]!.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const left = await run(['community', 'leave', ...profile('sam'), '--room', roomId]);
    expect(JSON.parse(left.stdout)).toEqual({ left: true });
    const refused = await run(['community', 'join', ...profile('sam'), '--url', `${server!.url}/climbing`]);
    expect(refused.code).toBe(exitCodes.badInput);
    expect(refused.stderr).toContain('public_key=');
  }, 120_000);
});
