import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRaw } from '../../test/devnetClient';
import { startDevnetProcess } from '../../test/devnetProcess';
import { starlingBin } from '../../test/starlingProcess';

/** Starts `starling devnet`, waits for its ready line, asks the seed, then stops it with SIGTERM. */
async function runDevnetOnce(
  cwd: string,
  args: string[],
): Promise<{ networkFile: string; nodes: number; code: number | null }> {
  const devnet = await startDevnetProcess(cwd, args);
  try {
    const network = JSON.parse(await readFile(devnet.networkFile, 'utf8')) as { seeds: { url: string }[] };
    const reply = await postRaw(
      `${network.seeds[0]!.url}json_rpc`,
      JSON.stringify({ method: 'get_n_service_nodes' }),
    );
    const nodes = (reply.body as { result: { service_node_states: unknown[] } }).result.service_node_states
      .length;
    return { networkFile: devnet.networkFile, nodes, code: await devnet.stop() };
  } finally {
    devnet.child.kill('SIGKILL');
  }
}

describe('starling devnet', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'starling-devnet-cli-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints ready with network.json, stops cleanly on SIGTERM, and comes back the same', async () => {
    const first = await runDevnetOnce(cwd, ['--dir', 'net', '--nodes', '5']);
    expect(first).toMatchObject({ networkFile: path.join(cwd, 'net', 'network.json'), nodes: 5, code: 0 });
    const description = await readFile(first.networkFile, 'utf8');
    const second = await runDevnetOnce(cwd, ['--dir', 'net']);
    expect(second).toMatchObject({ nodes: 5, code: 0 });
    expect(await readFile(second.networkFile, 'utf8')).toBe(description);
  }, 90_000);

  it('refuses a bad node count', async () => {
    const child = spawn(process.execPath, [starlingBin, 'devnet', '--nodes', 'many'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe('starling: --nodes takes a whole number from 1 to 200.\n');
  });
});
