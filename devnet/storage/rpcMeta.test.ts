import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invalidSwarmId } from '../../shared/protocol/swarm/swarmMapping';
import { handleStorageRpc } from './rpc';
import { startTestNetwork, type TestNetwork } from '../../test/rpcTestNetwork';
import type { RpcReply } from './rpcTypes';

type Json = Record<string, unknown>;

interface Results {
  results: { code: number; body: unknown }[];
}

const codes = (reply: RpcReply): number[] => (reply.body as Results).results.map((result) => result.code);

describe('storage RPC: node, network and composite methods', () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await startTestNetwork();
  });

  afterEach(() => network.close());

  it('tells its version and clock', async () => {
    expect(await network.rpc('info', {})).toEqual({
      status: 200,
      body: { version: [2, 8, 0], timestamp: network.now, t: network.now, hf: [19, 4] },
    });
    network.entry.skewMs = 5_000;
    expect((await network.rpc('info', undefined)).body).toMatchObject({ t: network.now + 5_000 });
  });

  it('names the swarm of any account, under both names of the method', async () => {
    const { user, entry, peer, away } = network;
    const reply = await network.rpc('get_swarm', { pubkey: user.pubkey }, away);
    expect(reply.status).toBe(200);
    const body = reply.body as { snodes: Json[]; swarm: string };
    expect(body.swarm).toBe('2000000000000000');
    expect(body.snodes.map((snode) => snode.pubkey_ed25519)).toEqual([
      entry.record.ed25519PublicKey,
      peer.record.ed25519PublicKey,
    ]);
    expect(body.snodes[0]).toEqual({
      address: expect.stringMatching(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{52}\.snode$/u),
      pubkey_legacy: entry.record.ed25519PublicKey,
      pubkey_x25519: entry.record.x25519PublicKey,
      pubkey_ed25519: entry.record.ed25519PublicKey,
      port: String(entry.record.port),
      port_https: entry.record.port,
      port_omq: 0,
      port_quic: 0,
      ip: '127.0.0.1',
    });
    const legacy = await network.rpc('get_snodes_for_pubkey', { pubKey: user.pubkey.toUpperCase() });
    expect(legacy.body).toEqual({ ...body, t: network.now, hf: [19, 4] });
    expect((await network.rpc('get_swarm', { pubkey: user.pubkey, pubKey: user.pubkey })).status).toBe(400);
    expect((await network.rpc('get_swarm', { pubkey: '05abc' })).status).toBe(400);
    expect((await network.rpc('get_swarm', {})).status).toBe(400);
  });

  it('answers oxend’s get_service_nodes with every node, and nothing for ONS names', async () => {
    const fields = { public_ip: true, storage_port: true, pubkey_x25519: true, pubkey_ed25519: true };
    const reply = await network.rpc('oxend_request', {
      endpoint: 'get_service_nodes',
      params: { active_only: true, fields },
    });
    expect(reply.status).toBe(200);
    const result = (reply.body as { result: { service_node_states: Json[]; height: number } }).result;
    expect(result).toMatchObject({ height: 1500, hardfork: 19, snode_revision: 4, status: 'OK' });
    expect(result.service_node_states).toEqual(
      network.nodes.map((node) => ({
        public_ip: node.record.ip,
        storage_port: node.record.port,
        pubkey_x25519: node.record.x25519PublicKey,
        pubkey_ed25519: node.record.ed25519PublicKey,
      })),
    );
    const full = await network.rpc('oxend_request', { endpoint: 'get_service_nodes' });
    const states = (full.body as { result: { service_node_states: Json[] } }).result.service_node_states;
    expect(states[2]).toMatchObject({
      requested_unlock_height: 0,
      swarm_id: network.away.record.swarmId,
      swarm: 'a000000000000000',
    });
    const ons = await network.rpc('oxend_request', {
      endpoint: 'ons_resolve',
      params: { type: 0, name_hash: 'x' },
    });
    expect(ons.body).toMatchObject({ result: {} });
    expect(await network.rpc('oxend_request', { endpoint: 'get_info' })).toMatchObject({ status: 400 });
    expect(
      (await network.rpc('oxend_request', { endpoint: 'get_service_nodes', params: 'all' })).status,
    ).toBe(400);
  });

  it('runs a batch of up to 20 subrequests, each with its own result', async () => {
    const { user, awayUser } = network;
    const requests = [
      { method: 'store', params: await network.storeParams(user, 0, 'in a batch') },
      { method: 'retrieve', params: await network.retrieveParams(user, 2) },
      { method: 'retrieve', params: { pubkey: user.pubkey } },
      { method: 'store', params: await network.storeParams(awayUser, 0, 'elsewhere') },
      { method: 'info', params: {} },
    ];
    const reply = await network.rpc('batch', { requests });
    expect(reply.status).toBe(200);
    expect(codes(reply)).toEqual([200, 200, 401, 421, 200]);
    const results = (reply.body as Results).results;
    expect(results[2]!.body).toBe('retrieve: request signature required');
    expect(results[3]!.body).toMatchObject({ swarm: 'a000000000000000' });
    expect(reply.body).toMatchObject({ t: network.now, hf: [19, 4] });
    // Replicated like any other store.
    expect(network.peer.store.liveMessages(network.now)).toHaveLength(1);
    const twenty = Array.from({ length: 20 }, () => ({ method: 'info', params: {} }));
    expect(codes(await network.rpc('batch', { requests: twenty }))).toHaveLength(20);
    expect(
      await network.rpc('batch', { requests: [...twenty, { method: 'info', params: {} }] }),
    ).toMatchObject({
      status: 400,
    });
    expect((await network.rpc('batch', { requests: [] })).status).toBe(400);
    expect((await network.rpc('batch', {})).status).toBe(400);
  });

  it('refuses a whole batch when any subrequest is malformed, before running any', async () => {
    const { user } = network;
    const store = { method: 'store', params: await network.storeParams(user, 0, 'never stored') };
    const malformed: unknown[] = [
      { method: 'retrieve', params: { pubkey: 'nonsense' } },
      { method: 'no_such_method', params: {} },
      { method: 'batch', params: { requests: [{ method: 'info', params: {} }] } },
      { method: 'ifelse', params: {} },
      { method: 'info' },
      { params: {} },
      'info',
      null,
    ];
    for (const bad of malformed) {
      const reply = await network.rpc('batch', { requests: [store, bad] });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatch(/^invalid request: /u);
    }
    expect(network.entry.store.liveMessages(network.now)).toEqual([]);
  });

  it('stops a sequence after the first failure', async () => {
    const { user } = network;
    const requests = [
      { method: 'store', params: await network.storeParams(user, 0, 'first') },
      { method: 'retrieve', params: { pubkey: user.pubkey, namespace: 2 } },
      { method: 'store', params: await network.storeParams(user, 0, 'never') },
    ];
    const reply = await network.rpc('sequence', { requests });
    expect(codes(reply)).toEqual([200, 401]);
    expect(network.entry.store.liveMessages(network.now)).toHaveLength(1);
  });

  it('branches on the hardfork, the version and the height with ifelse', async () => {
    const info = { method: 'info', params: {} };
    const get_swarm = { method: 'get_swarm', params: { pubkey: network.user.pubkey } };
    const ifElse = (condition: Json): Promise<RpcReply> =>
      network.rpc('ifelse', { if: condition, then: info, else: get_swarm });
    const outcome = { hf: [19, 4], v: [2, 8, 0], height: 1500 };
    expect((await ifElse({ hf_at_least: [19, 4] })).body).toMatchObject({
      ...outcome,
      condition: true,
      result: { code: 200, body: { version: [2, 8, 0] } },
    });
    expect((await ifElse({ hf_at_least: [19, 5] })).body).toMatchObject({
      condition: false,
      result: { code: 200, body: { swarm: '2000000000000000' } },
    });
    expect((await ifElse({ hf_before: 20 })).body).toMatchObject({ condition: true });
    expect((await ifElse({ v_at_least: [2, 8], v_before: [2, 9, 0] })).body).toMatchObject({
      condition: true,
    });
    expect((await ifElse({ height_at_least: 1500, height_before: 1500 })).body).toMatchObject({
      condition: false,
    });
    const noElse = await network.rpc('ifelse', { if: { hf_before: [19, 0] }, then: info });
    expect(noElse.body).toEqual({ ...outcome, condition: false, t: network.now });
    const batchInside = await network.rpc('ifelse', {
      if: { hf_at_least: [19] },
      then: { method: 'batch', params: { requests: [info] } },
    });
    expect((batchInside.body as { result: { body: Results } }).result.body.results).toHaveLength(1);
    expect((await network.rpc('ifelse', { if: {}, then: info })).status).toBe(400);
    expect((await network.rpc('ifelse', { if: { hf_before: [20] } })).status).toBe(400);
    expect(
      (await network.rpc('ifelse', { if: { hf_before: [20] }, then: { method: 'ifelse', params: {} } }))
        .status,
    ).toBe(400);
    expect((await network.rpc('ifelse', { if: { hf_before: ['20'] }, then: info })).status).toBe(400);
  });

  it('refuses unknown methods and malformed requests with a readable 400', async () => {
    const unknown = await network.rpc('send_message', {});
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatch(/no method "send_message"; the storage RPC has store, retrieve/u);
    expect(
      await handleStorageRpc({ method: 42 as unknown as string, params: {} }, network.entry.context),
    ).toEqual({
      status: 400,
      body: 'invalid request: no `method` field',
    });
    expect(await network.rpc('info', [])).toEqual({
      status: 400,
      body: 'invalid request: params must be a JSON object',
    });
    expect(await network.rpc('retrieve', { pubkey: 5 })).toEqual({
      status: 400,
      body: "invalid request: Invalid value given for 'pubkey': expected string",
    });
  });

  it('refuses reads forwarded by a peer: only writes are replicated', async () => {
    const reply = await handleStorageRpc(
      { method: 'retrieve', params: await network.retrieveParams(network.user, 0) },
      network.peer.context,
      { forwarded: true },
    );
    expect(reply.status).toBe(400);
  });

  it('serves nothing below hardfork 19.3 or outside any swarm (503)', async () => {
    network.hardfork = [19, 2];
    expect(await network.rpc('info', {})).toEqual({
      status: 503,
      body: 'Snode not ready: not yet on hardfork 19.3',
    });
    network.hardfork = [19, 3];
    expect((await network.rpc('info', {})).status).toBe(200);
    const decommissioned = {
      ...network.entry.context,
      self: { ...network.entry.record, swarmId: invalidSwarmId },
    };
    expect(await handleStorageRpc({ method: 'info', params: {} }, decommissioned)).toEqual({
      status: 503,
      body: 'Snode not ready: not in any swarm',
    });
  });

  it('never throws on hostile input, and refuses it with a 4xx and a message', async () => {
    const methods = [
      'store',
      'retrieve',
      'delete',
      'delete_all',
      'delete_before',
      'expire',
      'expire_all',
      'get_expiries',
      'get_swarm',
      'revoke_subaccount',
      'unrevoke_subaccount',
      'batch',
      'sequence',
      'ifelse',
      'oxend_request',
    ];
    const pubkey = network.user.pubkey;
    const hostile: unknown[] = [
      {},
      { pubkey },
      { pubkey: null },
      { pubkey: [pubkey] },
      { pubkey: 'zz'.repeat(33) },
      { pubkey, namespace: {} },
      { pubkey, namespace: Number.MAX_SAFE_INTEGER * 2 },
      { pubkey, timestamp: -1, signature: 'A'.repeat(88) },
      { pubkey, timestamp: 1e300, ttl: 1e300, data: '' },
      { pubkey, timestamp: network.now, ttl: '99999999999999999', data: '' },
      { pubkey, messages: 'x'.repeat(100_000), expiry: [], signature: '' },
      { pubkey, messages: [null], revoke: [{}], unrevoke: 'x' },
      { pubkey, subaccount: 'A'.repeat(48), subaccount_sig: 'B'.repeat(86), signature: 'C'.repeat(86) },
      { pubkey, pubkey_ed25519: 'ff'.repeat(32), signature: 'A'.repeat(86), timestamp: network.now },
      JSON.parse('{"__proto__": {"pubkey": 1}, "constructor": 5}'),
      { requests: [{ method: 'store', params: [] }], if: [], endpoint: {} },
      { requests: Array.from({ length: 1000 }, () => ({})) },
    ];
    for (const method of methods) {
      for (const params of hostile) {
        const reply = await network.rpc(method, params);
        const what = `${method} ${JSON.stringify(params).slice(0, 80)}`;
        // (get_swarm needs only a pubkey, so some of these are fine for it.)
        expect(reply.status, what).toBeLessThan(500);
        if (reply.status >= 400 && reply.status !== 421) expect(reply.body, what).toEqual(expect.any(String));
      }
    }
  });
});
