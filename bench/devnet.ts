// devnet throughput and latency: stores and retrieves per second through one entry node (each
// store replicated to its 5 swarm peers), p50/p95 direct and through a 3-hop onion path, and the
// process's memory once 100,000 messages are stored. Rate limits are lifted to measure the nodes.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevnet } from '../devnet/network/devnet';
import type { SnodeRecord } from '../devnet/storage/rpcTypes';
import { deriveIdentityKeys, type IdentityKeys } from '../shared/protocol/identity/keys';
import { retrieveAuthentication } from '../shared/protocol/storage/retrieveAuthentication';
import { swarmIdForPubkey } from '../shared/protocol/swarm/swarmMapping';
import { onionRpc, rpc } from '../test/devnetClient';
import { measure, printTable } from './measure';

const day = 24 * 3600 * 1000;
const storedTarget = 100_000;

function storeRequest(owner: IdentityKeys, size = 300): { method: string; params: Record<string, unknown> } {
  return {
    method: 'store',
    params: {
      pubkey: owner.sessionId,
      namespace: 0,
      timestamp: Date.now(),
      ttl: day,
      data: randomBytes(size).toString('base64'),
    },
  };
}

async function retrieveRequest(
  owner: IdentityKeys,
): Promise<{ method: string; params: Record<string, unknown> }> {
  const timestamp = Date.now();
  return {
    method: 'retrieve',
    params: { ...(await retrieveAuthentication(owner, 0, timestamp)), max_count: 20 },
  };
}

/** Runs `total` operations with `concurrency` in flight; returns operations per second. */
async function rate(total: number, concurrency: number, operation: () => Promise<unknown>): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started += 1;
        await operation();
      }
    }),
  );
  return (total / (performance.now() - begin)) * 1000;
}

async function directorySize(directory: string): Promise<number> {
  const names = await readdir(directory);
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(directory, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

export async function devnetBenchmark(): Promise<void> {
  const directory = await mkdtemp(path.join(tmpdir(), 'starling-bench-devnet-'));
  const devnet = await startDevnet({
    directory,
    rateLimit: { capacity: 1e9, refillPerSecond: 1e9, maximumTrackedAddresses: 10_000 },
  });
  try {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const swarmId = swarmIdForPubkey(
      owner.sessionId,
      devnet.nodes.map((node) => node.swarmId),
    );
    const members = devnet.nodes.filter((node) => node.swarmId === swarmId);
    const path3 = devnet.nodes.filter((node) => node.swarmId !== swarmId).slice(0, 3) as SnodeRecord[];
    const entry = members[0]!;
    const direct = async (request: { method: string; params: unknown }) => {
      const reply = await rpc(entry, request.method, request.params);
      if (reply.status !== 200) throw new Error(`${request.method} failed: ${reply.status} ${reply.text}`);
    };
    const onion = async (request: { method: string; params: unknown }) => {
      const reply = await onionRpc(path3, entry, request);
      if (reply.status !== 200) throw new Error(`${request.method} failed: ${reply.status}`);
    };

    printTable('devnet latency (12 nodes, one process, store replicated to 6 members)', [
      await measure('store, direct HTTPS', 300, () => direct(storeRequest(owner))),
      await measure('retrieve 20, direct HTTPS', 300, async () => direct(await retrieveRequest(owner))),
      await measure('store, 3-hop onion', 200, () => onion(storeRequest(owner))),
      await measure('retrieve 20, 3-hop onion', 200, async () => onion(await retrieveRequest(owner))),
    ]);

    const storesPerSecond = await rate(2_000, 16, () => direct(storeRequest(owner)));
    const retrievesPerSecond = await rate(2_000, 16, async () => direct(await retrieveRequest(owner)));
    console.log(
      `\nthroughput at one entry node, 16 in flight: ${Math.round(storesPerSecond)} stores/s, ${Math.round(retrievesPerSecond)} retrieves/s`,
    );

    // Fill to 100,000 messages (spread over many owners and both swarms) with batches of 20 stores.
    const owners = await Promise.all(Array.from({ length: 50 }, () => deriveIdentityKeys(randomBytes(16))));
    const before = process.memoryUsage();
    let stored = 0;
    const fillBegin = performance.now();
    await rate(storedTarget / 20, 4, async () => {
      const batchOwner = owners[stored % owners.length]!;
      stored += 20;
      const ownerSwarm = swarmIdForPubkey(
        batchOwner.sessionId,
        devnet.nodes.map((node) => node.swarmId),
      );
      const node = devnet.nodes.find((candidate) => candidate.swarmId === ownerSwarm)!;
      const reply = await rpc(node, 'batch', {
        requests: Array.from({ length: 20 }, () => storeRequest(batchOwner, 200)),
      });
      if (reply.status !== 200) throw new Error(`batch failed: ${reply.status} ${reply.text}`);
    });
    const fillSeconds = (performance.now() - fillBegin) / 1000;
    const after = process.memoryUsage();
    const databaseBytes = await directorySize(path.join(directory, 'nodes'));
    console.log(
      `\n100,000 messages of 200 B stored in ${fillSeconds.toFixed(1)} s (${Math.round(storedTarget / fillSeconds)}/s, each on 6 nodes); ` +
        `process RSS ${(after.rss / 2 ** 20).toFixed(0)} MiB (was ${(before.rss / 2 ** 20).toFixed(0)} MiB), ` +
        `JS heap ${(after.heapUsed / 2 ** 20).toFixed(0)} MiB, SQLite files ${(databaseBytes / 2 ** 20).toFixed(0)} MiB on disk`,
    );
  } finally {
    await devnet.close();
    await rm(directory, { recursive: true, force: true });
  }
}
