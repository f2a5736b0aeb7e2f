// The command line's closed groups (issue 14): create prints the group once its swarm took it and
// the invites went out; listen prints the invite and the group's messages with `"conversation":
// "03…"`; send writes to a group; accept, info, add, remove and leave; exit 8 for more than 10
// people, a member's admin action or a bad ID. Real profiles on a real devnet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../core/identity/account';
import { createLogger, memorySink } from '../../core/logging/logger';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { randomBytes } from '../../shared/protocol/bytes';
import { deriveIdentityKeys } from '../../shared/protocol/identity/keys';
import { runStarlingInProcess } from '../../test/starlingInProcess';
import { exitCodes } from '../exitCodes';

describe('starling group', () => {
  let cwd: string;
  let devnet: Devnet;
  const ids: Record<string, string> = {};
  const run = (args: readonly string[]) => runStarlingInProcess(args, { cwd });
  const network = () => ['--network', devnet.networkFile];
  const as = (profile: string) => ['--profile', profile, ...network()];
  const lines = (stdout: string): Record<string, unknown>[] =>
    stdout
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-group-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet'), nodes: 6 });
    for (const name of ['ann', 'ben', 'cat']) {
      const account = await createAccount({
        profileDirectory: path.join(cwd, name),
        keySources: { allowUnprotected: true },
        logger: createLogger({ sink: memorySink() }),
      });
      ids[name] = account.sessionId;
    }
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('creates, invites, talks, adds, removes and leaves', async () => {
    const created = await run([
      'group',
      'create',
      ...as('ann'),
      '--name',
      'Book club',
      '--members',
      ids.ben!,
    ]);
    expect(created).toMatchObject({ code: exitCodes.success, stderr: '' });
    const group = JSON.parse(created.stdout) as {
      groupId: string;
      members: { sessionId: string; role: string; status: string }[];
    };
    expect(group.groupId).toMatch(/^03[0-9a-f]{64}$/u);
    expect(group.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sessionId: ids.ann, role: 'admin', status: 'accepted' }),
        expect.objectContaining({ sessionId: ids.ben, role: 'member', status: 'invited' }),
      ]),
    );

    // Ben has never heard of Ann: the invite waits for him, and listen tells it.
    const invited = await run(['listen', ...as('ben'), '--count', '1', '--timeout', '30']);
    expect(lines(invited.stdout)).toEqual([
      { event: 'groupInvite', groupId: group.groupId, from: ids.ann, name: 'Book club' },
    ]);
    const accepted = await run(['group', 'accept', ...as('ben'), '--group', group.groupId]);
    expect(accepted).toMatchObject({ code: exitCodes.success });
    expect(JSON.parse(accepted.stdout)).toMatchObject({
      groupId: group.groupId,
      status: 'member',
      admin: false,
    });

    const sent = await run(['send', ...as('ann'), '--to', group.groupId, '--text', 'Chapter 3 by Friday']);
    expect(sent).toMatchObject({ code: exitCodes.success });
    const heard = await run(['listen', ...as('ben'), '--count', '1', '--timeout', '30']);
    expect(lines(heard.stdout)).toEqual([
      expect.objectContaining({ from: ids.ann, body: 'Chapter 3 by Friday', conversation: group.groupId }),
    ]);

    // A member's admin action, a bad ID, and an 11th person are refused with exit 8.
    const notAdmin = await run([
      'group',
      'add',
      ...as('ben'),
      '--group',
      group.groupId,
      '--members',
      ids.cat!,
    ]);
    expect(notAdmin).toMatchObject({
      code: exitCodes.badInput,
      stderr: 'starling: Only the group’s admins can do this.\n',
    });
    const badId = await run(['group', 'info', ...as('ann'), '--group', ids.ben!]);
    expect(badId).toMatchObject({
      code: exitCodes.badInput,
      stderr: 'starling: This is the Session ID of a person, not of a group.\n',
    });
    const strangers = await Promise.all(
      Array.from({ length: 10 }, async () => (await deriveIdentityKeys(randomBytes(32))).sessionId),
    );
    const tooMany = await run([
      'group',
      'create',
      ...as('ann'),
      '--name',
      'Crowd',
      '--members',
      strangers.join(','),
    ]);
    expect(tooMany).toMatchObject({
      code: exitCodes.badInput,
      stderr: 'starling: A group holds at most 10 people: you and 9 others.\n',
    });
    const tooManyAdded = await run([
      'group',
      'add',
      ...as('ann'),
      '--group',
      group.groupId,
      '--members',
      strangers.slice(0, 9).join(','),
    ]);
    expect(tooManyAdded.code).toBe(exitCodes.badInput);

    const added = await run(['group', 'add', ...as('ann'), '--group', group.groupId, '--members', ids.cat!]);
    expect(added).toMatchObject({ code: exitCodes.success });
    expect(JSON.parse(added.stdout).members).toHaveLength(3);
    const removed = await run([
      'group',
      'remove',
      ...as('ann'),
      '--group',
      group.groupId,
      '--members',
      ids.cat!,
    ]);
    expect(
      JSON.parse(removed.stdout).members.map((member: { sessionId: string }) => member.sessionId),
    ).not.toContain(ids.cat);

    const info = await run(['group', 'info', ...as('ben'), '--group', group.groupId]);
    expect(JSON.parse(info.stdout)).toMatchObject({ name: 'Book club', admins: [ids.ann] });
    const left = await run(['group', 'leave', ...as('ben'), '--group', group.groupId]);
    expect(JSON.parse(left.stdout)).toEqual({ groupId: group.groupId, left: true });
  }, 180_000);
});
