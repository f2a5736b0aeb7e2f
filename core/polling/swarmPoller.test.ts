// Pollers against a real devnet: messages stored by another party (namespace 0) and by the owner's
// other device (config namespaces 2 and 3) arrive once, `more` is followed, and last_hash survives
// a restart.
import { accountAuthority } from '../network/swarmAuthority';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../../devnet/network/devnet';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { createLogger, memorySink } from '../logging/logger';
import { loadNetwork } from '../network/networkDescription';
import { SessionNetwork } from '../network/sessionNetwork';
import { storeMessage } from '../network/storeMessage';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { migrations } from '../store/migrations';
import { databasePollState } from '../store/pollStateRepository';
import { type RetrievedMessage, retrieveSizes, SwarmPoller } from './swarmPoller';

const day = 24 * 3600 * 1000;

describe('retrieveSizes', () => {
  it('splits the budget as desktop does, no namespace asking for more than an eighth of it', () => {
    expect(Object.fromEntries(retrieveSizes([0, 2, 3, 5, 4]))).toEqual({ 0: -8, 2: -8, 3: -8, 5: -8, 4: -8 });
    expect(Object.fromEntries(retrieveSizes([-11, 11, 13, 14, 12]))).toEqual({
      '-11': -8,
      11: -8,
      13: -8,
      14: -8,
      12: -8,
    });
    expect(Object.fromEntries(retrieveSizes([0]))).toEqual({ 0: -8 });
    // Desktop's split still shows where many namespaces share a node's budget.
    expect(retrieveSizes([0, 2, 3, 5, 4, 6, 7, 8, 9]).get(2)).toBe(-16);
  });
});

describe('SwarmPoller on a devnet', () => {
  let directory: string;
  let devnet: Devnet;
  let alice: IdentityKeys;
  let aliceNetwork: SessionNetwork;
  let bobNetwork: SessionNetwork;
  const logger = createLogger({ sink: memorySink() });

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-poller-'));
    devnet = await startDevnet({ directory: path.join(directory, 'devnet') });
    const description = await loadNetwork(devnet.networkFile);
    alice = await deriveIdentityKeys(randomBytes(16));
    aliceNetwork = new SessionNetwork({ network: description, logger, ownSessionId: alice.sessionId });
    bobNetwork = new SessionNetwork({ network: description, logger });
    await Promise.all([aliceNetwork.start(), bobNetwork.start()]);
  }, 60_000);
  afterAll(async () => {
    for (const database of databases) database.close();
    aliceNetwork?.close();
    bobNetwork?.close();
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const databases: SqliteDatabase[] = [];
  /** A new connection to DIR/<name>.sqlite, as an engine opens it at each start. */
  function openStateDatabase(name: string): SqliteDatabase {
    const database = openDatabase({
      file: path.join(directory, `${name}.sqlite`),
      key: new Uint8Array(32).fill(7),
      migrations,
    });
    databases.push(database);
    return database;
  }

  /** A poller of namespaces 0, 2 and 3 for `owner` (Alice by default), its state in DIR/<stateName>.sqlite. */
  async function poller(
    received: RetrievedMessage[],
    owner = { account: alice, network: aliceNetwork, stateName: 'alice' },
  ): Promise<SwarmPoller> {
    return new SwarmPoller({
      network: owner.network,
      authority: accountAuthority(owner.account),
      namespaces: [0, 2, 3],
      state: databasePollState(openStateDatabase(owner.stateName)),
      logger,
      onMessages: (messages) => void received.push(...messages),
    });
  }

  it('delivers what others and the owner stored, in several namespaces, once', async () => {
    const sent = new Map<string, { namespace: number; data: Buffer }>();
    for (let index = 0; index < 3; index += 1) {
      const data = randomBytes(120);
      const stored = await storeMessage(bobNetwork, {
        pubkey: alice.sessionId,
        namespace: 0,
        data,
        ttlMs: day,
      });
      expect(stored.confirmations.length).toBeGreaterThanOrEqual(5);
      sent.set(stored.hash, { namespace: 0, data });
    }
    for (const namespace of [2, 3]) {
      const data = randomBytes(80);
      const stored = await storeMessage(aliceNetwork, {
        pubkey: alice.sessionId,
        namespace,
        data,
        ttlMs: 30 * day,
        authority: accountAuthority(alice),
      });
      sent.set(stored.hash, { namespace, data });
    }
    await expect(
      storeMessage(bobNetwork, { pubkey: alice.sessionId, namespace: 2, data: randomBytes(10), ttlMs: day }),
    ).rejects.toThrow(RangeError);
    await expect(
      storeMessage(bobNetwork, {
        pubkey: alice.sessionId,
        namespace: 0,
        data: randomBytes(76_801),
        ttlMs: day,
      }),
    ).rejects.toMatchObject({ code: 'storeRefused' });

    const received: RetrievedMessage[] = [];
    const first = await poller(received);
    await first.pollOnce();
    expect(received.map((message) => message.hash).sort()).toEqual([...sent.keys()].sort());
    for (const message of received) {
      expect(message.namespace).toBe(sent.get(message.hash)!.namespace);
      expect(Buffer.from(message.data).equals(sent.get(message.hash)!.data)).toBe(true);
    }
    await first.pollOnce();
    expect(received).toHaveLength(sent.size);

    // A restarted engine keeps its last_hash per node: only new messages come from those nodes.
    const late = await storeMessage(bobNetwork, {
      pubkey: alice.sessionId,
      namespace: 0,
      data: randomBytes(50),
      ttlMs: day,
    });
    const afterRestart: RetrievedMessage[] = [];
    const second = await poller(afterRestart);
    await second.pollOnce();
    const hashes = afterRestart.map((message) => message.hash);
    expect(hashes).toContain(late.hash);
    expect(hashes.every((hash) => hash === late.hash || sent.has(hash))).toBe(true);
  });

  it('opens what both nodes of a round bring once, even while the first batch is still being received', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const stored = new Set<string>();
    for (let index = 0; index < 5; index += 1) {
      const result = await storeMessage(bobNetwork, {
        pubkey: owner.sessionId,
        namespace: 0,
        data: randomBytes(100),
        ttlMs: day,
      });
      stored.add(result.hash);
    }
    const ownerNetwork = new SessionNetwork({
      network: await loadNetwork(devnet.networkFile),
      logger,
      ownSessionId: owner.sessionId,
    });
    await ownerNetwork.start();
    const batches: RetrievedMessage[][] = [];
    const slow = new SwarmPoller({
      network: ownerNetwork,
      authority: accountAuthority(owner),
      namespaces: [0],
      state: databasePollState(openStateDatabase('slow')),
      logger,
      // As a catch-up's receive takes a while: the other node's reply comes in meanwhile.
      onMessages: async (messages) => {
        batches.push([...messages]);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      },
    });
    try {
      await slow.pollOnce();
      const delivered = batches.flat().map((message) => message.hash);
      expect(new Set(delivered)).toEqual(stored);
      expect(delivered).toHaveLength(stored.size);
    } finally {
      ownerNetwork.close();
    }
  });

  it('follows `more` until a large backlog is read', async () => {
    const owner = await deriveIdentityKeys(randomBytes(16));
    const stored = new Set<string>();
    // 70 × 60 KB is more than the half of a node's 7.8 MB budget that namespace 0 gets.
    for (let index = 0; index < 70; index += 1) {
      const result = await storeMessage(bobNetwork, {
        pubkey: owner.sessionId,
        namespace: 0,
        data: randomBytes(60_000),
        ttlMs: day,
      });
      stored.add(result.hash);
    }
    const received: RetrievedMessage[] = [];
    const ownerNetwork = new SessionNetwork({
      network: await loadNetwork(devnet.networkFile),
      logger,
      ownSessionId: owner.sessionId,
    });
    await ownerNetwork.start();
    try {
      const backlog = await poller(received, { account: owner, network: ownerNetwork, stateName: 'backlog' });
      await backlog.pollOnce();
      expect(new Set(received.map((message) => message.hash))).toEqual(stored);
      expect(received).toHaveLength(70);
    } finally {
      ownerNetwork.close();
    }
  }, 90_000);

  it('polls on a schedule that follows the user’s activity', async () => {
    const received: RetrievedMessage[] = [];
    const scheduled = await poller(received);
    scheduled.setActivity('activeConversation');
    scheduled.start();
    try {
      const message = await storeMessage(bobNetwork, {
        pubkey: alice.sessionId,
        namespace: 0,
        data: randomBytes(30),
        ttlMs: day,
      });
      const deadline = Date.now() + 15_000;
      while (!received.some((entry) => entry.hash === message.hash) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(received.map((entry) => entry.hash)).toContain(message.hash);
    } finally {
      scheduled.stop();
    }
  }, 30_000);
});
