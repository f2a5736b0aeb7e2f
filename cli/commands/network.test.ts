import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { runStarling } from '../../test/starlingProcess';
import { exitCodes } from '../exitCodes';

describe('starling network status', () => {
  let cwd: string;
  let devnet: Devnet;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-network-cli-'));
    devnet = await startDevnet({ directory: path.join(cwd, 'devnet') });
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints the pool, guards, paths with their health, own swarm and clock offset', async () => {
    await runStarling(['account', 'create', '--profile', 'me', '--unprotected'], { cwd });
    const run = await runStarling(['network', 'status', '--network', devnet.networkFile, '--profile', 'me'], {
      cwd,
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(exitCodes.success);
    const status = JSON.parse(run.stdout) as {
      network: string;
      poolSize: number;
      guards: string[];
      paths: { hops: { ed25519PublicKey: string; healthy: boolean }[]; healthy: boolean }[];
      ownSwarm: unknown[];
      clockOffsetMs: number;
      hardfork: number[];
    };
    expect(status).toMatchObject({ network: 'devnet', poolSize: 12, hardfork: [19, 4] });
    expect(status.paths).toHaveLength(2);
    expect(status.paths.every((pathStatus) => pathStatus.hops.length === 3 && pathStatus.healthy)).toBe(true);
    expect(status.guards).toHaveLength(2);
    expect(status.ownSwarm).toHaveLength(6);
    expect(Math.abs(status.clockOffsetMs)).toBeLessThan(5_000);
  });

  it('explains a bad network file and an unreachable network', async () => {
    const missing = await runStarling(['network', 'status', '--network', 'nowhere.json'], { cwd });
    expect(missing.code).toBe(exitCodes.badInput);
    expect(missing.stderr).toContain('Cannot read the network file nowhere.json');
    await writeFile(
      path.join(cwd, 'dead.json'),
      JSON.stringify({ name: 'dead', seeds: [{ url: 'https://127.0.0.1:1/' }] }),
    );
    const dead = await runStarling(['network', 'status', '--network', 'dead.json'], {
      cwd,
      timeoutMs: 60_000,
    });
    expect(dead.code).toBe(exitCodes.networkUnreachable);
    expect(dead.stderr).toContain('No seed of dead answered after 4 attempts');
  }, 70_000);

  it('asks for the network', async () => {
    const run = await runStarling(['network', 'status'], { cwd });
    expect(run).toMatchObject({ code: exitCodes.usage });
  });
});
