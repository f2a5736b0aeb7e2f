import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { loadNetwork, mainnet, type NetworkDescription } from './networkDescription';
import { fetchServiceNodesFromSeeds } from './seedClient';

describe('bootstrapping from seeds', () => {
  let directory: string;
  let devnet: Devnet;
  let network: NetworkDescription;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-seed-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet'), nodes: 7 });
    network = await loadNetwork(devnet.networkFile);
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the devnet network file and gets every node from its pinned seed', async () => {
    expect(network.seeds[0]!.pins).toBeDefined();
    const snodes = await fetchServiceNodesFromSeeds(network);
    expect(snodes.map((snode) => snode.ed25519PublicKey).sort()).toEqual(
      devnet.nodes.map((node) => node.ed25519PublicKey).sort(),
    );
    expect(snodes[0]).toMatchObject({ ip: '127.0.0.1' });
  });

  it('refuses a seed whose certificate does not match its pin, without retrying it away', async () => {
    const wrongPins: NetworkDescription = {
      ...network,
      seeds: [{ url: network.seeds[0]!.url, pins: mainnet.seeds[0]!.pins }],
    };
    await expect(
      fetchServiceNodesFromSeeds(wrongPins, { attempts: 3, firstBackoffMs: 10 }),
    ).rejects.toMatchObject({
      code: 'seedPinMismatch',
      message: expect.stringContaining('does not match its pin'),
    });
  });

  it('falls back to a seed that answers, and says so clearly when none does', async () => {
    // A port that refuses connections stands for a dead seed.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const deadSeed = { url: `https://127.0.0.1:${closed}/` };
    const mixed = { ...network, seeds: [deadSeed, ...network.seeds] };
    expect(await fetchServiceNodesFromSeeds(mixed, { attempts: 1 })).toHaveLength(7);
    await expect(
      fetchServiceNodesFromSeeds({ name: 'nowhere', seeds: [deadSeed] }, { attempts: 2, firstBackoffMs: 10 }),
    ).rejects.toMatchObject({
      code: 'seedUnreachable',
      message: expect.stringContaining('after 2 attempts'),
    });
  });

  it('explains a missing or malformed network file', async () => {
    await expect(loadNetwork(path.join(directory, 'none.json'))).rejects.toMatchObject({
      code: 'networkFileMissing',
    });
    await expect(loadNetwork(path.join(directory, 'devnet', 'devnet.json'))).rejects.toMatchObject({
      code: 'networkFileInvalid',
    });
    expect((await loadNetwork('mainnet')).seeds).toHaveLength(3);
  });
});
