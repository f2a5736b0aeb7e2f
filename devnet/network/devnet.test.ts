// The devnet against real requests: seed, swarms, replication, clock and hardfork, onion requests
// with both ciphers, HTTP destinations, the fault controls, bad input, and a restart that keeps
// everything.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeUrl, onionRpc, onionServer, postRaw, rpc } from '../../test/devnetClient';
import { utf8Decode } from '../../shared/protocol/bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { retrieveAuthentication } from '../../shared/protocol/storage/retrieveAuthentication';
import { messageHash } from '../../shared/protocol/storage/messageHash';
import { verifyRequestSignature } from '../../shared/protocol/storage/requestSignature';
import { swarmIdForPubkey } from '../../shared/protocol/swarm/swarmMapping';
import type { SnodeRecord } from '../storage/rpcTypes';
import { certificatePins } from '../tls/certificates';
import { type Devnet, startDevnet } from './devnet';

const day = 24 * 3600 * 1000;

interface Swarmed {
  readonly keys: IdentityKeys;
  readonly members: SnodeRecord[];
  readonly outsiders: SnodeRecord[];
}

describe('devnet', () => {
  let directory: string;
  let devnet: Devnet;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-devnet-'));
    devnet = await startDevnet({ directory });
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function account(): Promise<Swarmed> {
    const keys = await deriveIdentityKeys(randomBytes(16));
    const swarmId = swarmIdForPubkey(
      keys.sessionId,
      devnet.nodes.map((node) => node.swarmId),
    );
    return {
      keys,
      members: devnet.nodes.filter((node) => node.swarmId === swarmId),
      outsiders: devnet.nodes.filter((node) => node.swarmId !== swarmId),
    };
  }

  function storeParams(owner: IdentityKeys, data: Buffer, timestamp = Date.now()): Record<string, unknown> {
    return { pubkey: owner.sessionId, namespace: 0, timestamp, ttl: day, data: data.toString('base64') };
  }

  const retrieveParams = (owner: IdentityKeys, namespace = 0, timestamp = Date.now()) =>
    retrieveAuthentication(owner, namespace, timestamp);

  describe('seed node', () => {
    const call = (body: unknown) => postRaw(`${devnet.network.seeds[0]!.url}json_rpc`, JSON.stringify(body));

    it('lists every service node with the fields and exact Content-Type desktop requires', async () => {
      const reply = await call({
        jsonrpc: '2.0',
        method: 'get_n_service_nodes',
        params: {
          active_only: true,
          fields: {
            public_ip: true,
            storage_port: true,
            pubkey_x25519: true,
            pubkey_ed25519: true,
            requested_unlock_height: true,
            height: true,
          },
        },
      });
      expect(reply.status).toBe(200);
      expect(reply.contentType).toBe('application/json');
      const result = (
        reply.body as { result: { service_node_states: Record<string, unknown>[]; height: number } }
      ).result;
      expect(typeof result.height).toBe('number');
      expect(result.service_node_states).toHaveLength(12);
      for (const state of result.service_node_states) {
        expect(Object.keys(state).sort()).toEqual([
          'pubkey_ed25519',
          'pubkey_x25519',
          'public_ip',
          'requested_unlock_height',
          'storage_port',
        ]);
        expect(state.requested_unlock_height).toBe(0);
      }
      expect(result.service_node_states.map((state) => state.pubkey_ed25519)).toEqual(
        devnet.nodes.map((node) => node.ed25519PublicKey),
      );
    });

    it('answers the aliases, a field list, and swarm ids as exact u64 numbers', async () => {
      const reply = await call({
        method: 'get_service_nodes',
        params: { fields: ['pubkey_ed25519', 'swarm_id'] },
      });
      expect(reply.text).toMatch(/"swarm_id":\d+/u);
      const exact = [...reply.text.matchAll(/"swarm_id":(\d+)/gu)].map((match) => BigInt(match[1]!));
      expect(exact).toEqual(devnet.nodes.map((node) => node.swarmId));
      expect((await call({ method: 'get_all_service_nodes' })).status).toBe(200);
    });

    it('refuses malformed JSON and unknown methods readably', async () => {
      const malformed = await postRaw(`${devnet.network.seeds[0]!.url}json_rpc`, '{"method": ');
      expect(malformed.status).toBe(400);
      const unknown = await call({ method: 'get_block' });
      expect(unknown.body).toMatchObject({ error: { code: -32601, message: 'Method not found: get_block' } });
    });

    it('serves the certificate whose pins network.json publishes', async () => {
      const seedUrl = new URL(devnet.network.seeds[0]!.url);
      const served = await new Promise<string>((resolve, reject) => {
        const socket = connect(
          { host: seedUrl.hostname, port: Number(seedUrl.port), rejectUnauthorized: false },
          () => {
            resolve(socket.getPeerX509Certificate()!.toString());
            socket.end();
          },
        );
        socket.on('error', reject);
      });
      expect(certificatePins(served)).toEqual(devnet.network.seeds[0]!.pins);
      const file = JSON.parse(await readFile(devnet.networkFile, 'utf8')) as { name: string };
      expect(file).toEqual(JSON.parse(JSON.stringify(devnet.network)));
      expect(file.name).toBe('devnet');
    });
  });

  describe('swarms and storage', () => {
    it('groups 12 nodes into 2 swarms of 6, and any node names a key’s swarm', async () => {
      const swarms = new Set(devnet.nodes.map((node) => node.swarmId));
      expect(swarms.size).toBe(2);
      const { keys, members, outsiders } = await account();
      expect(members).toHaveLength(6);
      const reply = await rpc(outsiders[0]!, 'get_swarm', { pubkey: keys.sessionId });
      expect(reply.status).toBe(200);
      const body = reply.body as {
        snodes: { pubkey_ed25519: string; port: string; port_https: number }[];
        t: number;
        hf: number[];
      };
      expect(body.snodes.map((node) => node.pubkey_ed25519).sort()).toEqual(
        members.map((node) => node.ed25519PublicKey).sort(),
      );
      expect(typeof body.snodes[0]!.port).toBe('string');
      expect(body.hf).toEqual([19, 4]);
      expect(Math.abs(body.t - Date.now())).toBeLessThan(5_000);
    });

    it('replicates a store to every member of the swarm, signed per node', async () => {
      const { keys, members } = await account();
      const data = randomBytes(200);
      const reply = await rpc(members[0]!, 'store', storeParams(keys, data));
      expect(reply.status).toBe(200);
      const body = reply.body as { hash: string; swarm: Record<string, { hash: string; signature: string }> };
      expect(body.hash).toBe(await messageHash({ pubkey: keys.sessionId, namespace: 0, data }));
      expect(Object.keys(body.swarm).sort()).toEqual(members.map((node) => node.ed25519PublicKey).sort());
      for (const [nodeKey, entry] of Object.entries(body.swarm)) {
        expect(entry.hash).toBe(body.hash);
        expect(
          await verifyRequestSignature(
            new TextEncoder().encode(body.hash),
            entry.signature,
            Buffer.from(nodeKey, 'hex'),
          ),
        ).toBe(true);
      }
      for (const member of members) {
        const retrieved = await rpc(member, 'retrieve', await retrieveParams(keys));
        expect(retrieved.status).toBe(200);
        const messages = (retrieved.body as { messages: { hash: string; data: string }[] }).messages;
        expect(messages.map((message) => message.hash)).toEqual([body.hash]);
        expect(messages[0]!.data).toBe(data.toString('base64'));
      }
    });

    it('answers 421 with the right swarm from a node outside it', async () => {
      const { keys, members, outsiders } = await account();
      const reply = await rpc(outsiders[0]!, 'store', storeParams(keys, randomBytes(10)));
      expect(reply.status).toBe(421);
      const body = reply.body as { snodes: { pubkey_ed25519: string }[] };
      expect(body.snodes.map((node) => node.pubkey_ed25519).sort()).toEqual(
        members.map((node) => node.ed25519PublicKey).sort(),
      );
    });

    it('refuses a signature from a clock off by more than 60 s with 406', async () => {
      const { keys, members } = await account();
      const reply = await rpc(members[0]!, 'retrieve', await retrieveParams(keys, 0, Date.now() - 90_000));
      expect(reply.status).toBe(406);
    });

    it('treats a message as gone once its expiry has passed', async () => {
      const { keys, members } = await account();
      expect((await rpc(members[1]!, 'store', storeParams(keys, randomBytes(40)))).status).toBe(200);
      const expiries = async () =>
        (await rpc(members[2]!, 'retrieve', await retrieveParams(keys))).body as { messages: unknown[] };
      expect((await expiries()).messages).toHaveLength(1);
      // A node whose clock runs 2 days ahead sees the 1-day message as expired.
      devnet.skewClock(members[2]!.ed25519PublicKey, 2 * day);
      try {
        const skewed = await rpc(
          members[2]!,
          'retrieve',
          await retrieveParams(keys, 0, Date.now() + 2 * day),
        );
        expect((skewed.body as { messages: unknown[]; t: number }).messages).toEqual([]);
        expect((skewed.body as { t: number }).t).toBeGreaterThan(Date.now() + day);
      } finally {
        devnet.skewClock(members[2]!.ed25519PublicKey, 0);
      }
    });

    it('reports a raised hardfork version in every reply', async () => {
      await devnet.setHardfork([19, 5]);
      try {
        const reply = await rpc(devnet.nodes[0]!, 'info', {});
        expect((reply.body as { hf: number[] }).hf).toEqual([19, 5]);
      } finally {
        await devnet.setHardfork([19, 4]);
      }
    });
  });

  describe('onion requests', () => {
    it.each(['aes-gcm', 'xchacha20'] as const)(
      'carry a storage RPC through 3 hops with %s',
      async (encryptionType) => {
        const { keys, members, outsiders } = await account();
        const data = randomBytes(64);
        const path = outsiders.slice(0, 3);
        const stored = await onionRpc(
          path,
          members[0]!,
          { method: 'store', params: storeParams(keys, data) },
          encryptionType,
        );
        expect(stored.status).toBe(200);
        const retrieved = await onionRpc(
          path,
          members[3]!,
          { method: 'retrieve', params: await retrieveParams(keys) },
          encryptionType,
        );
        expect(retrieved.status).toBe(200);
        expect((retrieved.body as { messages: { data: string }[] }).messages[0]!.data).toBe(
          data.toString('base64'),
        );
      },
    );

    it('carry the inner 421 inside the encrypted reply', async () => {
      const { keys, outsiders } = await account();
      const reply = await onionRpc(outsiders.slice(0, 3), outsiders[3]!, {
        method: 'store',
        params: storeParams(keys, randomBytes(8)),
      });
      expect(reply.status).toBe(421);
    });

    it.each(['aes-gcm', 'xchacha20'] as const)(
      'reach an HTTP server with v4 framing (%s)',
      async (encryptionType) => {
        const reply = await onionServer(
          devnet.nodes.slice(0, 3),
          devnet.network.httpServers[0]!,
          { method: 'GET', endpoint: '/devnet/status' },
          encryptionType,
        );
        expect(reply.code).toBe(200);
        expect(reply.headers['content-type']).toBe('application/json');
        expect(JSON.parse(utf8Decode(reply.body!))).toMatchObject({
          name: 'devnet',
          nodes: 12,
          hardfork: [19, 4],
        });
        const missing = await onionServer(devnet.nodes.slice(3, 6), devnet.network.httpServers[0]!, {
          method: 'GET',
          endpoint: '/nowhere',
        });
        expect(missing.code).toBe(404);
      },
    );

    it('report path errors in plain text, as the public network does', async () => {
      const guard = devnet.nodes[0]!;
      const stranger = { ...devnet.nodes[1]!, ed25519PublicKey: 'ab'.repeat(32) };
      await expect(
        onionRpc([guard, stranger], devnet.nodes[2]!, { method: 'info', params: {} }),
      ).rejects.toMatchObject({
        status: 502,
        message: expect.stringContaining(`Next node not found: ${'ab'.repeat(32)}`),
      });
      const garbage = await postRaw(
        nodeUrl(guard, '/onion_req/v2'),
        randomBytes(100),
        'application/octet-stream',
      );
      expect(garbage.status).toBe(400);
      expect(garbage.text).toMatch(/^Error parsing onion request/u);
      const wrongKey = Buffer.concat([
        Buffer.from([32, 0, 0, 0]),
        randomBytes(32),
        Buffer.from(JSON.stringify({ ephemeral_key: 'cd'.repeat(32) })),
      ]);
      const undecryptable = await postRaw(
        nodeUrl(guard, '/onion_req/v2'),
        wrongKey,
        'application/octet-stream',
      );
      expect(undecryptable).toMatchObject({ status: 400, text: 'Invalid ciphertext' });
    });
  });

  describe('bad requests', () => {
    it('get a 4xx and a readable message, and the node keeps serving', async () => {
      const node = devnet.nodes[4]!;
      const malformed = await postRaw(nodeUrl(node), '{"method": "info"');
      expect(malformed).toMatchObject({ status: 400, text: 'invalid request: the body is not JSON' });
      const unknown = await rpc(node, 'steal_everything', {});
      expect(unknown.status).toBe(400);
      const oversize = await postRaw(nodeUrl(node), Buffer.alloc(10 * 1024 * 1024 + 10, 32));
      expect(oversize.status).toBe(413);
      expect((await rpc(node, 'info', {})).status).toBe(200);
    });
  });

  describe('fault controls', () => {
    it('stop and start a node with its data, and partition one from its swarm', async () => {
      const { keys, members, outsiders } = await account();
      const [first, second, third] = members as [SnodeRecord, SnodeRecord, SnodeRecord];
      const stored = await rpc(first, 'store', storeParams(keys, randomBytes(30)));
      const hash = (stored.body as { hash: string }).hash;

      await devnet.stopNode(second.ed25519PublicKey);
      expect(devnet.isRunning(second.ed25519PublicKey)).toBe(false);
      await expect(rpc(second, 'info', {})).rejects.toThrow();
      // A relay through the stopped node fails like a node that left the network.
      await expect(
        onionRpc([outsiders[0]!, second], third, { method: 'info', params: {} }),
      ).rejects.toMatchObject({
        status: 502,
      });
      await devnet.startNode(second.ed25519PublicKey);
      const kept = await rpc(second, 'retrieve', await retrieveParams(keys));
      expect((kept.body as { messages: { hash: string }[] }).messages.map((message) => message.hash)).toEqual(
        [hash],
      );

      devnet.partitionNode(third.ed25519PublicKey);
      try {
        await expect(rpc(third, 'info', {})).rejects.toThrow();
        const partial = await rpc(first, 'store', storeParams(keys, randomBytes(30)));
        expect(partial.status).toBe(200);
        expect(
          (partial.body as { swarm: Record<string, { failed?: boolean }> }).swarm[third.ed25519PublicKey],
        ).toMatchObject({ failed: true });
      } finally {
        devnet.partitionNode(third.ed25519PublicKey, false);
      }
      expect((await rpc(third, 'info', {})).status).toBe(200);
    });
  });

  it('limits one abusive client with 429 and keeps serving others', async () => {
    const node = devnet.nodes[11]!;
    const statuses: number[] = [];
    // A burst of 600 and 300 a second after it: rounds of 100 go on until one is refused. On a busy
    // machine the refill keeps up with more rounds before that, so the count of rounds is bounded
    // rather than fixed.
    for (let round = 0; round < 40 && !statuses.includes(429); round += 1) {
      const replies = await Promise.all(Array.from({ length: 100 }, () => rpc(node, 'info', {})));
      statuses.push(...replies.map((reply) => reply.status));
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(600);
    // Onion requests are not limited (§7): the same client still reaches the node through a path.
    const through = await onionRpc(devnet.nodes.slice(0, 2), node, { method: 'info', params: {} });
    expect(through.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the bucket refills at 300/s
    expect((await rpc(node, 'info', {})).status).toBe(200);
  });

  it('comes back with the same keys, ports and data when restarted on its directory', async () => {
    const { keys, members } = await account();
    const stored = await rpc(members[0]!, 'store', storeParams(keys, randomBytes(50)));
    const before = await readFile(devnet.networkFile, 'utf8');
    await devnet.close();
    devnet = await startDevnet({ directory });
    expect(await readFile(devnet.networkFile, 'utf8')).toBe(before);
    const retrieved = await rpc(members[5]!, 'retrieve', await retrieveParams(keys));
    expect(
      (retrieved.body as { messages: { hash: string }[] }).messages.map((message) => message.hash),
    ).toEqual([(stored.body as { hash: string }).hash]);
    await expect(startDevnet({ directory, nodes: 7 })).rejects.toThrow(/holds a devnet of 12 nodes/u);
  }, 60_000);
});
