import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../core/identity/account';
import { createLogger, memorySink } from '../../core/logging/logger';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { runStarlingInProcess } from '../../test/starlingInProcess';
import { runStarling, starlingBin } from '../../test/starlingProcess';
import { exitCodes } from '../exitCodes';

interface Heard {
  readonly from: string;
  readonly body: string | null;
  readonly timestamp: number;
  readonly conversation: string;
}

describe('starling listen', () => {
  let cwd: string;
  let devnet: Devnet;
  const sessionIds = new Map<string, string>();
  const logger = createLogger({ sink: memorySink() });
  const network = () => ['--network', devnet.networkFile];
  const sessionId = (name: string) => sessionIds.get(name)!;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-listen-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet') });
    for (const name of ['carol', 'dave', 'erin', 'frank']) {
      const account = await createAccount({
        profileDirectory: path.join(cwd, name),
        keySources: { allowUnprotected: true },
        logger,
      });
      sessionIds.set(name, account.sessionId);
    }
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('exits 0 with no output when nothing comes before --timeout', async () => {
    const started = Date.now();
    const quiet = await runStarlingInProcess(
      ['listen', '--profile', 'carol', ...network(), '--timeout', '1'],
      {
        cwd,
      },
    );
    expect(quiet).toEqual({ code: exitCodes.success, stdout: '', stderr: '' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses a count or a timeout that is not a positive number', async () => {
    for (const flags of [
      ['--count', '0'],
      ['--count', '1.5'],
      ['--count', 'two'],
      ['--timeout=-1'],
      ['--timeout', ''],
    ]) {
      const refused = await runStarlingInProcess(['listen', '--profile', 'carol', ...network(), ...flags], {
        cwd,
      });
      expect(refused.code, flags.join(' ')).toBe(exitCodes.usage);
      expect(refused.stderr).toMatch(/^starling: --(count|timeout) takes a (whole )?number above 0\.\n$/u);
    }
    const noNetwork = await runStarlingInProcess(['listen', '--profile', 'carol'], { cwd });
    expect(noNetwork.code).toBe(exitCodes.usage);
  });

  it('through the real binary: send, then listen --count 1 prints the message as one JSON line', async () => {
    const sent = await runStarling(
      ['send', '--profile', 'dave', ...network(), '--to', sessionId('erin'), '--text', 'Hello Erin'],
      { cwd, timeoutMs: 30_000 },
    );
    expect(sent).toMatchObject({ code: exitCodes.success, stderr: '' });
    const { hash, timestamp } = JSON.parse(sent.stdout) as { hash: string; timestamp: number };
    expect(hash).toHaveLength(43);

    const heard = await runStarling(['listen', '--profile', 'erin', ...network(), '--count', '1'], {
      cwd,
      timeoutMs: 30_000,
    });
    expect(heard).toMatchObject({ code: exitCodes.success, stderr: '' });
    expect(heard.stdout).toBe(
      `${JSON.stringify({ from: sessionId('dave'), body: 'Hello Erin', timestamp, conversation: sessionId('dave') })}\n`,
    );

    // The sender's swarm holds only its own copy of what it sent: nothing to print there.
    const sender = await runStarling(['listen', '--profile', 'dave', ...network(), '--timeout', '1'], {
      cwd,
    });
    expect(sender).toMatchObject({ code: exitCodes.success, stdout: '' });
  }, 60_000);

  it('prints each message as it arrives and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [starlingBin, 'listen', '--profile', 'frank', ...network()], {
      cwd,
      env: { ...process.env, STARLING_PASSPHRASE: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const lines = (): Heard[] =>
      stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Heard);
    const linesArrived = (count: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (lines().length >= count) resolve();
        };
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString('utf8');
          check();
        });
      });
    try {
      const twoLines = linesArrived(2);
      for (const [from, text] of [
        ['carol', 'First'],
        ['dave', 'Second'],
      ] as const) {
        const sent = await runStarlingInProcess(
          ['send', '--profile', from, ...network(), '--to', sessionId('frank'), '--text', text],
          { cwd },
        );
        expect(sent.code).toBe(exitCodes.success);
      }
      await Promise.race([
        twoLines,
        exited.then((code) => {
          throw new Error(`listen ended early with ${code}: ${stderr}`);
        }),
      ]);
      // Still listening: the lines came while it runs, not at its end.
      expect(child.exitCode).toBeNull();
      child.kill('SIGTERM');
      expect(await exited).toBe(exitCodes.success);
      expect(stderr).toBe('');
      expect(lines()).toHaveLength(2);
      expect(lines().map(({ from, body, conversation }) => ({ from, body, conversation }))).toEqual(
        expect.arrayContaining([
          { from: sessionId('carol'), body: 'First', conversation: sessionId('carol') },
          { from: sessionId('dave'), body: 'Second', conversation: sessionId('dave') },
        ]),
      );
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
