import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../core/engine/engine';
import { createAccount } from '../../core/identity/account';
import { createLogger, memorySink } from '../../core/logging/logger';
import { loadNetwork } from '../../core/network/networkDescription';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { swarmIdForPubkey } from '../../shared/protocol/swarm/swarmMapping';
import { runStarlingInProcess } from '../../test/starlingInProcess';
import { exitCodes } from '../exitCodes';

describe('starling send', () => {
  let cwd: string;
  let devnet: Devnet;
  let alice: string;
  let bob: string;
  let grace: string;
  const logger = createLogger({ sink: memorySink() });
  const run = (args: readonly string[]) => runStarlingInProcess(args, { cwd });
  const network = () => ['--network', devnet.networkFile];
  const send = (profile: string, to: string, text: string, ...more: string[]) =>
    run(['send', '--profile', profile, ...network(), '--to', to, '--text', text, ...more]);

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-send-cli-'));
    // 3 swarms of 6: with one swarm cut off, 12 nodes remain for onion paths.
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet'), nodes: 18 });
    const create = async (name: string) =>
      (
        await createAccount({
          profileDirectory: path.join(cwd, name),
          keySources: { allowUnprotected: true },
          logger,
        })
      ).sessionId;
    [alice, bob, grace] = await Promise.all([create('alice'), create('bob'), create('grace')]);
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints the swarm hash and sent time once stored, and the other profile hears it', async () => {
    const before = Date.now();
    const sent = await send('alice', bob, 'Hello Bob');
    expect(sent).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(sent.stdout).toMatch(/^[^\n]+\n$/u);
    const printed = JSON.parse(sent.stdout) as { hash: string; timestamp: number };
    expect(Object.keys(printed)).toEqual(['hash', 'timestamp']);
    expect(printed.hash).toMatch(/^[A-Za-z0-9+/]{43}$/u);
    expect(printed.timestamp).toBeGreaterThanOrEqual(before - 5_000);
    expect(printed.timestamp).toBeLessThanOrEqual(Date.now() + 5_000);

    // Nothing is left pending: the copy for alice's other devices is in her swarm too.
    const engine = await openEngine({
      profileDirectory: path.join(cwd, 'alice'),
      keySources: {},
      network: await loadNetwork(devnet.networkFile),
      logger,
    });
    try {
      const [view] = (await engine.listMessages({ conversationId: bob })).messages;
      expect(engine.storedMessage(view!.id)).toMatchObject({
        state: 'sent',
        recipientHash: printed.hash,
        storageHash: expect.stringMatching(/^[A-Za-z0-9+/]{43}$/u) as unknown,
        sentAt: printed.timestamp,
      });
    } finally {
      await engine.close();
    }

    const heard = await run(['listen', '--profile', 'bob', ...network(), '--count', '1']);
    expect(heard.code).toBe(exitCodes.success);
    expect(heard.stdout).toMatch(/^[^\n]+\n$/u);
    expect(JSON.parse(heard.stdout)).toEqual({
      from: alice,
      body: 'Hello Bob',
      timestamp: printed.timestamp,
      conversation: alice,
    });
  }, 30_000);

  it('refuses a bad Session ID or an empty text in the validator’s words', async () => {
    const short = await send('alice', '05abcdef0123', 'Hello');
    expect(short).toEqual({
      code: exitCodes.badInput,
      stdout: '',
      stderr: 'starling: A Session ID has 66 characters; this one has 12 (too short).\n',
    });
    // A group ID is a conversation too, but only a group one is in may be written to.
    const group = await send('alice', `03${bob.slice(2)}`, 'Hello');
    expect(group).toMatchObject({
      code: exitCodes.badInput,
      stderr: 'starling: You are not in this group.\n',
    });
    for (const text of ['', '   ']) {
      const empty = await send('alice', bob, text);
      expect(empty).toEqual({
        code: exitCodes.badInput,
        stdout: '',
        stderr: 'starling: A message needs some text or a file.\n',
      });
    }
  });

  it('explains missing flags and a missing profile', async () => {
    const noRecipient = await run(['send', '--profile', 'alice', ...network(), '--text', 'Hi']);
    expect(noRecipient).toMatchObject({
      code: exitCodes.usage,
      stderr: 'starling: Name the recipient with --to: their Session ID, or a community room’s link.\n',
    });
    const noText = await run(['send', '--profile', 'alice', ...network(), '--to', bob]);
    expect(noText.code).toBe(exitCodes.usage);
    const noNetwork = await run(['send', '--profile', 'alice', '--to', bob, '--text', 'Hi']);
    expect(noNetwork.code).toBe(exitCodes.usage);
    const noProfile = await run(['send', ...network(), '--to', bob, '--text', 'Hi']);
    expect(noProfile.code).toBe(exitCodes.usage);
    const badTimeout = await send('alice', bob, 'Hi', '--timeout', '0');
    expect(badTimeout).toMatchObject({
      code: exitCodes.usage,
      stderr: 'starling: --timeout takes a number above 0.\n',
    });
    const missing = await send('nobody', bob, 'Hi');
    expect(missing).toEqual({
      code: exitCodes.profileMissing,
      stdout: '',
      stderr: `starling: There is no Starling account in ${path.join(cwd, 'nobody')}.\n`,
    });
  });

  it('exits 6 with one line when the passphrase is missing or wrong', async () => {
    await createAccount({
      profileDirectory: path.join(cwd, 'locked'),
      keySources: { passphrase: 'the passphrase of locked' },
      logger,
    });
    const args = ['send', '--profile', 'locked', ...network(), '--to', bob, '--text', 'Hi'];
    expect(await run(args)).toEqual({
      code: exitCodes.locked,
      stdout: '',
      stderr: 'starling: This profile is protected by a passphrase: enter it.\n',
    });
    expect(
      await runStarlingInProcess(args, { cwd, env: { STARLING_PASSPHRASE: 'not the passphrase' } }),
    ).toEqual({
      code: exitCodes.locked,
      stdout: '',
      stderr: 'starling: That passphrase does not unlock this profile.\n',
    });
  });

  it('exits 9 when no seed of the network answers', async () => {
    // Port 1 refuses at once, so only the seed client's pauses between its 4 attempts are waited.
    await writeFile(
      path.join(cwd, 'dead.json'),
      JSON.stringify({ name: 'dead', seeds: [{ url: 'https://127.0.0.1:1/' }] }),
    );
    const dead = await runStarlingInProcess(
      ['send', '--profile', 'alice', '--network', 'dead.json', '--to', bob, '--text', 'Hi'],
      { cwd },
    );
    expect(dead).toMatchObject({ code: exitCodes.networkUnreachable, stdout: '' });
    expect(dead.stderr).toBe(
      'starling: No seed of dead answered after 4 attempts: Cannot reach 127.0.0.1:1: ECONNREFUSED.\n',
    );
  }, 30_000);

  it('keeps a message the swarm did not confirm in time queued, and sends it on the next run', async () => {
    const swarmIds = devnet.nodes.map((node) => node.swarmId);
    const swarm = swarmIdForPubkey(grace, swarmIds);
    const members = devnet.nodes.filter((node) => node.swarmId === swarm);
    for (const node of members) devnet.partitionNode(node.ed25519PublicKey);
    try {
      const late = await send('alice', grace, 'Later', '--timeout', '3');
      expect(late).toEqual({
        code: exitCodes.networkUnreachable,
        stdout: '',
        stderr:
          "starling: The recipient's swarm has not confirmed the message after 3 s; it stays queued and " +
          'will be sent the next time Starling runs with this profile.\n',
      });
    } finally {
      for (const node of members) devnet.partitionNode(node.ed25519PublicKey, false);
    }
    // The outbox waits 2 s, then 4 s, after failed attempts: listening 6 s lets the queued store come due.
    const flushed = await run(['listen', '--profile', 'alice', ...network(), '--timeout', '6']);
    expect(flushed).toMatchObject({ code: exitCodes.success, stdout: '' });
    const heard = await run(['listen', '--profile', 'grace', ...network(), '--count', '1']);
    expect(JSON.parse(heard.stdout)).toMatchObject({ from: alice, body: 'Later', conversation: alice });
  }, 60_000);
});
