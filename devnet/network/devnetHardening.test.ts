// The devnet as a server that others on the machine may attack (issue 12): onion requests may not
// steer a node to other paths than /oxen|loki/…/lsrpc, only swarm peers may replicate, JSON bodies
// are bounded before they are parsed, and malformed onion input gets a 4xx, never a 500.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeUrl, onionRpc, onionServer, postRaw, rpc } from '../../test/devnetClient';
import { nestedObject, nodeSecretKeys, sendOneLayer, startRecordingServer } from '../../test/devnetAttacker';
import { toHex } from '../../shared/protocol/bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import { encodeOnionLayer } from '../../shared/protocol/onion/layer';
import type { V4Headers } from '../../shared/protocol/onion/v4Payload';
import { retrieveAuthentication } from '../../shared/protocol/storage/retrieveAuthentication';
import { swarmIdForPubkey } from '../../shared/protocol/swarm/swarmMapping';
import { maximumBodyBytes } from '../http/httpBody';
import { post } from '../http/httpsClient';
import { replicationRequestHeaders } from '../node/peerAuthentication';
import type { SnodeRecord } from '../storage/rpcTypes';
import { type Devnet, startDevnet } from './devnet';

const day = 24 * 3600 * 1000;

/** X25519 points of small order (and p−1, p, p+1 that reduce to them): their shared secret is known. */
const lowOrderPoints = [
  '00'.repeat(32),
  `01${'00'.repeat(31)}`,
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  `ec${'ff'.repeat(30)}7f`,
  `ed${'ff'.repeat(30)}7f`,
  `ee${'ff'.repeat(30)}7f`,
];

describe('devnet under attack', () => {
  let directory: string;
  let devnet: Devnet;
  let secretKeys: Uint8Array[];

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'starling-devnet-hardening-'));
    devnet = await startDevnet({ directory });
    secretKeys = await nodeSecretKeys(directory);
  }, 60_000);
  afterAll(async () => {
    await devnet?.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function account(): Promise<{
    keys: IdentityKeys;
    members: SnodeRecord[];
    outsiders: SnodeRecord[];
  }> {
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

  const secretKeyOf = (node: SnodeRecord): Uint8Array => secretKeys[devnet.nodes.indexOf(node)]!;

  describe('onion requests to HTTP destinations', () => {
    const routing = (port: number, target: string) => ({
      host: '127.0.0.1',
      port,
      protocol: 'http',
      target,
      method: 'POST',
      ephemeral_key: toHex(randomBytes(32)),
    });

    it('reach a local server at an /oxen/…/lsrpc target', async () => {
      const victim = await startRecordingServer();
      try {
        const answer = await sendOneLayer(devnet.nodes[0]!, routing(victim.port, '/oxen/v4/lsrpc'));
        expect(answer).toMatchObject({ status: 200, text: 'reached' });
        expect(victim.requests).toEqual(['POST /oxen/v4/lsrpc']);
      } finally {
        await victim.close();
      }
    });

    it.each([
      '/oxen/../admin#/lsrpc',
      '/oxen/%2e%2e/admin/lsrpc',
      '/oxen/%2E%2e/%2e./admin/lsrpc',
      '/loki/v4/../../admin/lsrpc',
      '/oxen/..\\..\\admin/lsrpc',
      '/oxen/.\t./admin/lsrpc',
      '/oxen/..%2fadmin/lsrpc',
      '/oxen/v4/lsrpc#/lsrpc',
      '/oxen//lsrpc',
      '/oxen/./lsrpc',
      '/admin/oxen/lsrpc',
    ])('refuse the target %j with an encrypted 400 and send nothing', async (target) => {
      const victim = await startRecordingServer();
      try {
        const answer = await sendOneLayer(devnet.nodes[1]!, routing(victim.port, target));
        expect(answer.status).toBe(200);
        expect(answer.sealed).toEqual({ status: 400, body: 'Invalid url' });
        expect(victim.requests).toEqual([]);
      } finally {
        await victim.close();
      }
    });
  });

  describe('replication', () => {
    function replicate(to: SnodeRecord, body: Buffer, headers: Record<string, string> = {}) {
      return post(nodeUrl(to, '/devnet/replicate'), body, {
        contentType: 'application/json',
        timeoutMs: 10_000,
        headers,
      });
    }

    async function storeBody(owner: IdentityKeys): Promise<Buffer> {
      const params = {
        pubkey: owner.sessionId,
        namespace: 0,
        timestamp: Date.now(),
        ttl: day,
        data: randomBytes(30).toString('base64'),
      };
      return Buffer.from(JSON.stringify({ method: 'store', params }));
    }

    async function storedAt(node: SnodeRecord, owner: IdentityKeys): Promise<unknown[]> {
      const reply = await rpc(node, 'retrieve', await retrieveAuthentication(owner, 0, Date.now()));
      return (reply.body as { messages: unknown[] }).messages;
    }

    const signedBy = (sender: SnodeRecord, receiver: SnodeRecord, body: Buffer, timestamp?: number) =>
      replicationRequestHeaders({
        sender: sender.ed25519PublicKey,
        receiver: receiver.ed25519PublicKey,
        body,
        ed25519SecretKey: secretKeyOf(sender),
        ...(timestamp === undefined ? {} : { timestamp }),
      });

    it('refuses unsigned, forged, stale, misaddressed and non-peer writes, storing nothing', async () => {
      const { keys, members, outsiders } = await account();
      const [target, peer, otherPeer] = members as [SnodeRecord, SnodeRecord, SnodeRecord];
      const body = await storeBody(keys);
      const forgedKey = (await deriveIdentityKeys(randomBytes(16))).ed25519SecretKey;
      const attempts: [number, Record<string, string>][] = [
        [401, {}],
        [
          401,
          await replicationRequestHeaders({
            sender: peer.ed25519PublicKey,
            receiver: target.ed25519PublicKey,
            body,
            ed25519SecretKey: forgedKey,
          }),
        ],
        [401, await signedBy(peer, target, body, Date.now() - 60_000)],
        [401, await signedBy(peer, otherPeer, body)],
        [401, await signedBy(peer, target, Buffer.from('{"method":"info","params":{}}'))],
        [403, await signedBy(outsiders[0]!, target, body)],
      ];
      for (const [status, headers] of attempts) {
        const reply = await replicate(target, body, headers);
        expect(reply.status).toBe(status);
        expect(reply.body.toString('utf8')).toMatch(/^Replication refused: /u);
      }
      expect(await storedAt(target, keys)).toEqual([]);
    });

    it('accepts a write signed by a swarm peer once, and refuses its replay', async () => {
      const { keys, members } = await account();
      const [target, peer] = members as [SnodeRecord, SnodeRecord];
      const body = await storeBody(keys);
      const headers = await signedBy(peer, target, body);
      expect((await replicate(target, body, headers)).status).toBe(200);
      expect(await storedAt(target, keys)).toHaveLength(1);
      const replayed = await replicate(target, body, headers);
      expect(replayed.status).toBe(401);
      expect(replayed.body.toString('utf8')).toMatch(/already received/u);
    });

    it('keeps replicating real writes to every peer, also from a node with a skewed clock', async () => {
      const { keys, members } = await account();
      devnet.skewClock(members[0]!.ed25519PublicKey, 5_000);
      try {
        const params = {
          pubkey: keys.sessionId,
          namespace: 0,
          timestamp: Date.now(),
          ttl: day,
          data: randomBytes(20).toString('base64'),
        };
        const reply = await rpc(members[0]!, 'store', params);
        expect(reply.status).toBe(200);
        const swarm = (reply.body as { swarm: Record<string, { failed?: boolean }> }).swarm;
        expect(Object.values(swarm).filter((entry) => entry.failed)).toEqual([]);
      } finally {
        devnet.skewClock(members[0]!.ed25519PublicKey, 0);
      }
      for (const member of members) expect(await storedAt(member, keys)).toHaveLength(1);
    });
  });

  describe('JSON bodies', () => {
    /** Valid JSON of `bytes` bytes: arrays inside arrays, half of it opening, half closing. */
    const nested = (bytes: number) =>
      Buffer.concat([Buffer.alloc(bytes / 2, '['), Buffer.alloc(bytes / 2, ']')]);

    it('refuses twelve deeply nested 10 MiB bodies before parsing them, and keeps answering', async () => {
      const body = nested(maximumBodyBytes);
      const heapBefore = process.memoryUsage().heapUsed;
      const replies = await Promise.all(
        devnet.nodes.map((node) => postRaw(nodeUrl(node), body, 'application/json', 30_000)),
      );
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      for (const reply of replies) {
        expect(reply).toMatchObject({
          status: 400,
          text: 'invalid request: the JSON is nested more than 12 levels deep',
        });
      }
      // Parsed, each body would have been millions of arrays on this heap (all nodes run here).
      expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
      for (const node of devnet.nodes) expect((await rpc(node, 'info', {})).status).toBe(200);
    }, 60_000);

    it('refuses a body of too many values, and nesting inside batch subrequests', async () => {
      const node = devnet.nodes[2]!;
      const flat = `[${'0,'.repeat(4 * 1024 * 1024)}0]`;
      expect(await postRaw(nodeUrl(node), flat)).toMatchObject({
        status: 400,
        text: 'invalid request: the JSON holds more than 100000 values',
      });
      const batch = await rpc(node, 'batch', {
        requests: [{ method: 'info', params: nestedObject(40) }],
      });
      expect(batch).toMatchObject({ status: 400, text: expect.stringMatching(/nested more than 12/u) });
    });

    it('refuses nesting in onion layers and in the RPC an onion request carries', async () => {
      const guard = devnet.nodes[3]!;
      const layer = encodeOnionLayer(new Uint8Array(0), {});
      const deepLayer = Buffer.concat([layer.subarray(0, 4), nested(1024 * 1024)]);
      const refused = await postRaw(nodeUrl(guard, '/onion_req/v2'), deepLayer, 'application/octet-stream');
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/^Error parsing onion request: .*nested more than 12 levels/u);
      const carried = await onionRpc(devnet.nodes.slice(3, 5), devnet.nodes[5]!, {
        method: 'info',
        params: nestedObject(40),
      });
      expect(carried).toMatchObject({ status: 400, body: expect.stringMatching(/nested more than 12/u) });
    });

    it('refuses nesting at the seed, in JSON-RPC and in v4 onion requests', async () => {
      const seedUrl = devnet.network.seeds[0]!.url;
      const jsonRpc = await postRaw(`${seedUrl}json_rpc`, nested(60 * 1024));
      expect(jsonRpc.status).toBe(400);
      expect(jsonRpc.body).toMatchObject({
        error: { code: -32700, message: expect.stringMatching(/nested/u) },
      });
      const v4 = await onionServer(devnet.nodes.slice(0, 2), devnet.network.httpServers[0]!, {
        method: 'GET',
        endpoint: '/devnet/status',
        headers: nestedObject(40) as V4Headers,
      });
      expect(v4.code).toBe(400);
      expect(new TextDecoder().decode(v4.body)).toMatch(/nested more than 12/u);
    });
  });

  describe('malformed onion input', () => {
    it.each(lowOrderPoints)('answers the ephemeral key %s with 400 at a guard', async (key) => {
      const payload = encodeOnionLayer(randomBytes(64), { ephemeral_key: key });
      const reply = await postRaw(
        nodeUrl(devnet.nodes[6]!, '/onion_req/v2'),
        payload,
        'application/octet-stream',
      );
      expect(reply.status).toBe(400);
      expect(reply.text).toMatch(/^(Error parsing onion request: .*ephemeral_key|Invalid ciphertext)/u);
    });

    it('answers a low-order key for an HTTP server or the next hop with 400', async () => {
      const seed = new URL(devnet.network.seeds[0]!.url);
      const toServer = await sendOneLayer(devnet.nodes[7]!, {
        host: '127.0.0.1',
        port: Number(seed.port),
        protocol: 'https',
        target: '/oxen/v4/lsrpc',
        ephemeral_key: lowOrderPoints[0],
      });
      expect(toServer.status).toBe(400);
      const toHop = await sendOneLayer(devnet.nodes[7]!, {
        destination: devnet.nodes[8]!.ed25519PublicKey,
        ephemeral_key: lowOrderPoints[0],
      });
      expect(toHop.status).toBe(400);
    });

    it('never answers garbage with a 5xx', async () => {
      const guard = devnet.nodes[9]!;
      const validKey = devnet.nodes[10]!.x25519PublicKey;
      const tail = (json: unknown) => encodeOnionLayer(randomBytes(48), json as Record<string, unknown>);
      const payloads = [
        new Uint8Array(0),
        Uint8Array.of(1, 2, 3),
        Uint8Array.of(255, 255, 255, 255, 0),
        Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('[1]')]),
        Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('null')]),
        Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from([0xff, 0xfe])]),
        tail({ ephemeral_key: 5 }),
        tail({ ephemeral_key: 'zz'.repeat(32) }),
        tail({ ephemeral_key: validKey, enc_type: 'aes-cbc' }),
        tail({ ephemeral_key: validKey, enc_type: { name: 'aes-gcm' } }),
        tail({ ephemeral_key: validKey, hop_no: 99 }),
        tail({ ephemeral_key: validKey, hop_no: -1 }),
        tail({ ephemeral_key: validKey, hop_no: 1.5 }),
        encodeOnionLayer(new Uint8Array(0), { ephemeral_key: validKey }),
      ];
      for (const payload of payloads) {
        const reply = await postRaw(nodeUrl(guard, '/onion_req/v2'), payload, 'application/octet-stream');
        expect(reply.status).toBe(400);
      }
      const inner = [
        { destination: 5, ephemeral_key: validKey },
        { destination: devnet.nodes[10]!.ed25519PublicKey, ephemeral_key: 'zz', enc_type: 7 },
        { host: 5 },
        { host: '127.0.0.1', target: '/oxen/v4/lsrpc', port: 'x' },
        { host: '127.0.0.1', target: '/oxen/v4/lsrpc', protocol: 'gopher' },
        { headers: {}, json: 'yes' },
      ];
      for (const routing of inner) {
        const answer = await sendOneLayer(guard, routing);
        expect(answer.status).toBeLessThan(500);
        expect(answer.sealed?.status ?? answer.status).toBe(400);
      }
      expect((await rpc(guard, 'info', {})).status).toBe(200);
    });
  });
});
