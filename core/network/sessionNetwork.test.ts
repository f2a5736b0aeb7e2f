// The engine's network layer against a real devnet: bootstrap, paths, swarm requests, and recovery
// from a dead guard, a dead hop, a dead swarm member, a moved swarm, a skewed clock and a hardfork.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { retrieveAuthentication } from '../../shared/protocol/storage/retrieveAuthentication';
import { createLogger, memorySink, streamSink } from '../logging/logger';
import type { HardforkVersion } from './hardforkTracker';
import { fileNetworkCache, memoryNetworkCache } from './networkCache';
import { loadNetwork, type NetworkDescription } from './networkDescription';
import { OnionClient, type RequestMaker } from './onionClient';
import { SessionNetwork } from './sessionNetwork';

const day = 24 * 3600 * 1000;

describe('SessionNetwork on a devnet', () => {
  let directory: string;
  let devnet: Devnet;
  let description: NetworkDescription;
  const opened: SessionNetwork[] = [];
  const logger = createLogger({
    sink: process.env.STARLING_TEST_LOG ? streamSink(process.stderr) : memorySink(),
    level: 'debug',
  });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-network-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
    description = await loadNetwork(devnet.networkFile);
  }, 60_000);
  afterEach(() => {
    for (const network of opened.splice(0)) network.close();
  });
  afterAll(async () => {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function open(options: { profile?: string; ownSessionId?: string } = {}): Promise<SessionNetwork> {
    const network = new SessionNetwork({
      network: description,
      logger,
      ...(options.profile ? { cache: fileNetworkCache(options.profile, description.name) } : {}),
      ...(options.ownSessionId ? { ownSessionId: options.ownSessionId } : {}),
    });
    opened.push(network);
    await network.start();
    return network;
  }

  const store =
    (owner: IdentityKeys, data: Buffer): RequestMaker =>
    (now) => ({
      method: 'store',
      params: {
        pubkey: owner.sessionId,
        namespace: 0,
        timestamp: now,
        ttl: day,
        data: data.toString('base64'),
      },
    });

  const retrieve =
    (owner: IdentityKeys): RequestMaker =>
    async (now) => ({ method: 'retrieve', params: await retrieveAuthentication(owner, 0, now) });

  async function storedHashes(network: SessionNetwork, owner: IdentityKeys): Promise<string[]> {
    const reply = await network.swarmRequest(owner.sessionId, retrieve(owner));
    expect(reply.status).toBe(200);
    return (reply.body as { messages: { hash: string }[] }).messages.map((message) => message.hash).sort();
  }

  /** What the swarm's members hold together, each asked through onion paths. */
  async function swarmHashes(network: SessionNetwork, owner: IdentityKeys): Promise<string[]> {
    const held = new Set<string>();
    for (const member of await network.swarms.membersOf(owner.sessionId)) {
      const reply = await network.client.callSnode(member, retrieve(owner));
      expect(reply.status).toBe(200);
      for (const message of (reply.body as { messages: { hash: string }[] }).messages) held.add(message.hash);
    }
    return [...held].sort();
  }

  it('bootstraps from the pinned seed, builds 2 paths of 3 distinct nodes, and reports its status', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const network = await open({ ownSessionId: owner.sessionId });
    const status = await network.status();
    expect(status.network).toBe('devnet');
    expect(status.poolSize).toBe(12);
    expect(status.paths).toHaveLength(2);
    const hops = status.paths.flatMap((pathStatus) => pathStatus.hops.map((hop) => hop.ed25519PublicKey));
    expect(new Set(hops).size).toBe(6);
    expect(status.guards).toEqual(status.paths.map((pathStatus) => pathStatus.hops[0]!.ed25519PublicKey));
    expect(status.ownSwarm).toHaveLength(6);
    expect(status.paths.every((pathStatus) => pathStatus.healthy)).toBe(true);
    expect(status.hardfork).toEqual([19, 4]);
  });

  it('stores into a swarm and reads back through onion paths', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const network = await open();
    const stored = await network.swarmRequest(owner.sessionId, store(owner, randomBytes(100)));
    expect(stored.status).toBe(200);
    expect(await storedHashes(network, owner)).toEqual([(stored.body as { hash: string }).hash]);
  });

  it('keeps working with nothing lost when a guard, a hop and a swarm member die', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const network = await open();
    const expected: string[] = [];
    const storeOne = async () => {
      const reply = await network.swarmRequest(owner.sessionId, store(owner, randomBytes(64)));
      expect(reply.status).toBe(200);
      expected.push((reply.body as { hash: string }).hash);
    };
    await storeOne();
    const [firstPath] = network.paths.current();
    const guard = firstPath!.hops[0]!;
    const middle = network.paths.current()[1]!.hops[1]!;
    const member = (await network.swarms.membersOf(owner.sessionId)).find(
      (node) =>
        node.ed25519PublicKey !== guard.ed25519PublicKey && node.ed25519PublicKey !== middle.ed25519PublicKey,
    )!;
    const stopped = [guard, middle, member].map((node) => node.ed25519PublicKey);
    try {
      for (const key of stopped) await devnet.stopNode(key);
      for (let round = 0; round < 8; round += 1) await storeOne();
      const status = await network.status();
      const inPaths = status.paths.flatMap((pathStatus) =>
        pathStatus.hops.map((hop) => hop.ed25519PublicKey),
      );
      expect(inPaths).not.toContain(middle.ed25519PublicKey);
    } finally {
      for (const key of stopped) await devnet.startNode(key);
    }
    // §8: reads are local, and the member that was down missed the stores meanwhile; clients merge
    // what several members hold, so nothing is lost when the swarm's members together have it all.
    expect(await swarmHashes(network, owner)).toEqual([...expected].sort());
  }, 60_000);

  it('does not spend its attempts on guards that refuse the connection, and gives up on a dead network', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const network = await open();
    const guards = network.paths.current().map((onionPath) => onionPath.hops[0]!);
    const target = (await network.swarms.membersOf(owner.sessionId)).find(
      (member) => !guards.some((guard) => guard.ed25519PublicKey === member.ed25519PublicKey),
    )!;
    const oneAttempt = new OnionClient(network.paths, network.pool, network.clock, network.hardfork, logger, {
      attempts: 1,
    });
    try {
      for (const guard of guards) await devnet.stopNode(guard.ed25519PublicKey);
      const reply = await oneAttempt.callSnode(target, retrieve(owner));
      expect(reply.status).toBe(200);
    } finally {
      for (const guard of guards) await devnet.startNode(guard.ed25519PublicKey);
    }
    const everyNode = devnet.nodes.map((node) => node.ed25519PublicKey);
    try {
      for (const key of everyNode) await devnet.stopNode(key);
      await expect(oneAttempt.callSnode(target, retrieve(owner))).rejects.toThrow(
        /could not be reached|No onion path/u,
      );
    } finally {
      for (const key of everyNode) await devnet.startNode(key);
    }
  });

  it('follows a 421 to the swarm that really holds the account', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const network = await open();
    const right = await network.swarms.membersOf(owner.sessionId);
    const rightKeys = new Set(right.map((node) => node.ed25519PublicKey));
    const wrong = network.pool.all().filter((node) => !rightKeys.has(node.ed25519PublicKey));
    network.swarms.update(owner.sessionId, wrong);
    const reply = await network.swarmRequest(owner.sessionId, store(owner, randomBytes(20)));
    expect(reply.status).toBe(200);
    expect(rightKeys.has(reply.node.ed25519PublicKey)).toBe(true);
    expect(
      network.swarms
        .cached(owner.sessionId)
        .map((node) => node.ed25519PublicKey)
        .sort(),
    ).toEqual([...rightKeys].sort());
  });

  it('corrects its clock from the network after a 406 and signs again', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const network = await open();
    const skew = 5 * 60_000;
    devnet.nodes.forEach((node) => devnet.skewClock(node.ed25519PublicKey, skew));
    try {
      expect(await storedHashes(network, owner)).toEqual([]);
      expect(network.clock.offsetMs).toBeLessThan(-skew + 5_000);
      expect(network.clock.offsetMs).toBeGreaterThan(-skew - 5_000);
    } finally {
      devnet.nodes.forEach((node) => devnet.skewClock(node.ed25519PublicKey, 0));
    }
  });

  it('raises an event when the network moves past the hardfork this build supports', async () => {
    const network = await open();
    const announced: HardforkVersion[] = [];
    network.on('hardforkRequired', (version) => announced.push(version));
    await devnet.setHardfork([19, 6]);
    try {
      const owner = await deriveIdentityKeys(randomBytes(16));
      await network.swarmRequest(owner.sessionId, store(owner, randomBytes(10)));
      expect(announced).toEqual([[19, 6]]);
      expect((await network.status()).hardfork).toEqual([19, 6]);
    } finally {
      await devnet.setHardfork([19, 4]);
    }
  });

  it('refreshes its pool from the lists of 3 service nodes, and from the seeds when it runs low', async () => {
    const sink = memorySink();
    const network = new SessionNetwork({ network: description, logger: createLogger({ sink }) });
    opened.push(network);
    await network.start();
    const [first, second] = network.pool.sample(2);
    network.pool.drop(first!, 'test');
    network.pool.drop(second!, 'test');
    expect(network.pool.size).toBe(10);
    await network.refreshPool();
    expect(network.pool.size).toBe(12);
    expect(sink.records.filter((record) => record.message.includes('from the seeds'))).toHaveLength(1);

    // Below 9 nodes the pool is too small to trust its own members: the seeds are asked again.
    for (const node of network.pool.sample(4)) network.pool.drop(node, 'test');
    await network.refreshPool();
    expect(network.pool.size).toBe(12);
    expect(sink.records.filter((record) => record.message.includes('from the seeds'))).toHaveLength(2);
  });

  it('keeps its pool and guards across restarts, without asking the seeds again', async () => {
    const profile = path.join(directory, 'profile');
    const first = await open({ profile });
    const guards = (await first.status()).guards;
    first.close();
    // The seed is gone: only the cache can start this network.
    const seedless: NetworkDescription = { ...description, seeds: [{ url: 'https://127.0.0.1:1/' }] };
    const second = new SessionNetwork({
      network: seedless,
      logger,
      cache: fileNetworkCache(profile, 'devnet'),
    });
    opened.push(second);
    await second.start();
    expect([...(await second.status()).guards].sort()).toEqual([...guards].sort());
  });

  it('stops joining when closed meanwhile: no cache writes, no refresh timers, a clear error', async () => {
    const saves: string[] = [];
    const cache = memoryNetworkCache();
    const network = new SessionNetwork({
      network: description,
      logger,
      cache: {
        load: () => cache.load(),
        save: async (contents) => {
          saves.push(network.closed ? 'after close' : 'before close');
          await cache.save(contents);
        },
      },
      refreshSchedule: { firstMs: 20, everyMs: 20 },
    });
    opened.push(network);
    const starting = network.start();
    network.close();
    await expect(starting).rejects.toThrow(/closed/u);
    const refreshes = vi.spyOn(network, 'refreshPool');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(refreshes).not.toHaveBeenCalled();
    expect(saves).not.toContain('after close');
    // A refresh asked for after close does nothing either.
    await network.refreshPool();
    expect(saves).not.toContain('after close');
  });
});
