import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { toHex } from '../../shared/protocol/bytes';
import { decodeRequestSignature } from '../../shared/protocol/storage/requestSignature';
import { getExpiriesSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { startTestNetwork, type TestNetwork } from '../../test/rpcTestNetwork';
import type { RpcReply } from './rpcTypes';

interface RetrieveBody {
  messages: { hash: string; timestamp: number; expiration: number; data: string }[];
  more: boolean;
}

const retrieved = (reply: RpcReply): RetrieveBody => reply.body as RetrieveBody;
const hashesOf = (reply: RpcReply): string[] => retrieved(reply).messages.map((message) => message.hash);

describe('storage RPC: retrieve and get_expiries', () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await startTestNetwork();
  });

  afterEach(() => network.close());

  async function storeMany(count: number, namespace = 0, size = 10): Promise<string[]> {
    const hashes: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const params = await network.storeParams(network.user, namespace, '', {
        data: toBase64(new Uint8Array(size).fill(index)),
      });
      const reply = await network.rpc('store', params);
      hashes.push((reply.body as { hash: string }).hash);
    }
    return hashes;
  }

  it('needs the owner’s signature in ordinary namespaces', async () => {
    const { user, otherUser } = network;
    await storeMany(1);
    expect(await network.rpc('retrieve', { pubkey: user.pubkey })).toEqual({
      status: 401,
      body: 'retrieve: request signature required',
    });
    expect(await network.rpc('retrieve', { pubkey: user.pubkey, namespace: 3 })).toMatchObject({
      status: 401,
    });
    const forged = await network.retrieveParams(user, 0, {
      signature: (await network.retrieveParams(otherUser, 0)).signature,
    });
    expect((await network.rpc('retrieve', forged)).status).toBe(401);
    const good = await network.rpc('retrieve', await network.retrieveParams(user, 0));
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ more: false, t: network.now, hf: [19, 4] });
    expect(retrieved(good).messages).toHaveLength(1);
  });

  it('takes signatures as base64 with or without padding, never as hex', async () => {
    const { user } = network;
    const params = await network.retrieveParams(user, 0);
    const signature = params.signature as string;
    expect((await network.rpc('retrieve', { ...params, signature: signature.slice(0, 86) })).status).toBe(
      200,
    );
    const asHex = toHex(decodeRequestSignature(signature));
    expect(await network.rpc('retrieve', { ...params, signature: asHex })).toEqual({
      status: 400,
      body: 'invalid request: invalid signature: expected base64 encoded Ed25519 signature',
    });
    expect(
      (await network.rpc('retrieve', { ...params, signature: `${signature.slice(0, 86)}A=` })).status,
    ).toBe(400);
    expect((await network.rpc('retrieve', { ...params, signature: 12 })).status).toBe(400);
  });

  it('refuses signed timestamps more than 60 s away (406), and a signature without its timestamp (400)', async () => {
    const { user } = network;
    const early = await network.retrieveParams(user, 0, { timestamp: network.now - 60_001 });
    expect(await network.rpc('retrieve', early)).toMatchObject({ status: 406 });
    const late = await network.retrieveParams(user, 0, { timestamp: network.now + 60_001 });
    expect(await network.rpc('retrieve', late)).toMatchObject({ status: 406 });
    const edge = await network.retrieveParams(user, 0, { timestamp: network.now + 60_000 });
    expect((await network.rpc('retrieve', edge)).status).toBe(200);
    const params = await network.retrieveParams(user, 0);
    delete params.timestamp;
    expect(await network.rpc('retrieve', params)).toEqual({
      status: 400,
      body: "invalid request: Required field 'timestamp' missing",
    });
  });

  it('lets anyone read −10 and public outboxes, unless an auth field asks for auth', async () => {
    const { user, otherUser } = network;
    await storeMany(2, -10);
    const anonymous = await network.rpc('retrieve', { pubkey: user.pubkey, namespace: -10 });
    expect(retrieved(anonymous).messages).toHaveLength(2);
    expect((await network.rpc('retrieve', { pubkey: user.pubkey, namespace: -41 })).status).toBe(200);
    // §4.6: any auth field makes auth mandatory, even on −10.
    const withTimestamp = { pubkey: user.pubkey, namespace: -10, timestamp: network.now };
    expect(await network.rpc('retrieve', withTimestamp)).toMatchObject({ status: 401 });
    const forged = await network.retrieveParams(user, -10, {
      signature: (await network.retrieveParams(otherUser, -10)).signature,
    });
    expect((await network.rpc('retrieve', forged)).status).toBe(401);
    expect((await network.rpc('retrieve', await network.retrieveParams(user, -10))).status).toBe(200);
  });

  it('pages with last_hash, max_count and max_size, and reports more', async () => {
    const { user } = network;
    const hashes = await storeMany(5, 0, 1000);
    const firstPage = await network.rpc('retrieve', await network.retrieveParams(user, 0, { max_count: 2 }));
    expect(hashesOf(firstPage)).toEqual(hashes.slice(0, 2));
    expect(retrieved(firstPage).more).toBe(true);
    const secondPage = await network.rpc(
      'retrieve',
      await network.retrieveParams(user, 0, { last_hash: hashes[1], max_count: 2 }),
    );
    expect(hashesOf(secondPage)).toEqual(hashes.slice(2, 4));
    const lastPage = await network.rpc(
      'retrieve',
      await network.retrieveParams(user, 0, { lastHash: hashes[3] }),
    );
    expect(hashesOf(lastPage)).toEqual(hashes.slice(4));
    expect(retrieved(lastPage).more).toBe(false);
    // An unknown last_hash (e.g. deleted, or from another node) means "everything"; "" means none.
    const unknown = 'A'.repeat(43);
    expect(
      hashesOf(await network.rpc('retrieve', await network.retrieveParams(user, 0, { last_hash: unknown }))),
    ).toEqual(hashes);
    expect(
      hashesOf(await network.rpc('retrieve', await network.retrieveParams(user, 0, { last_hash: '' }))),
    ).toEqual(hashes);
    // 1000 bytes are 1336 base64 characters, plus about 100 per message.
    const twoFit = await network.rpc(
      'retrieve',
      await network.retrieveParams(user, 0, { max_size: 2 * 1436 }),
    );
    expect(hashesOf(twoFit)).toEqual(hashes.slice(0, 2));
    const atLeastOne = await network.rpc('retrieve', await network.retrieveParams(user, 0, { max_size: 10 }));
    expect(hashesOf(atLeastOne)).toEqual(hashes.slice(0, 1));
    expect(retrieved(atLeastOne).more).toBe(true);
    // −k means a k-th of 7.8 MB: still all five here.
    expect(
      hashesOf(await network.rpc('retrieve', await network.retrieveParams(user, 0, { max_size: -8 }))),
    ).toEqual(hashes);
    for (const bad of [
      { last_hash: 'short' },
      { last_hash: hashes[0], lastHash: hashes[0] },
      { max_count: 'many' },
    ]) {
      expect((await network.rpc('retrieve', await network.retrieveParams(user, 0, bad))).status).toBe(400);
    }
  });

  it('returns messages until they expire, then never again', async () => {
    const { user } = network;
    await network.rpc('store', await network.storeParams(user, 0, 'short-lived', { ttl: 10_000 }));
    await network.rpc('store', await network.storeParams(user, 0, 'long-lived'));
    expect(
      retrieved(await network.rpc('retrieve', await network.retrieveParams(user, 0))).messages,
    ).toHaveLength(2);
    network.now += 10_000;
    expect(
      retrieved(await network.rpc('retrieve', await network.retrieveParams(user, 0))).messages,
    ).toHaveLength(1);
  });

  it('keeps messages across a restart of the node', async () => {
    const { user, entry } = network;
    const hashes = await storeMany(3);
    network.restart(entry);
    expect(hashesOf(await network.rpc('retrieve', await network.retrieveParams(user, 0)))).toEqual(hashes);
    expect(
      hashesOf(
        await network.rpc('retrieve', await network.retrieveParams(user, 0, { last_hash: hashes[0] })),
      ),
    ).toEqual(hashes.slice(1));
  });

  it('reports the expiries of the owner’s messages to the owner', async () => {
    const { user, otherUser } = network;
    const [mine] = await storeMany(1);
    const theirs = (
      (await network.rpc('store', await network.storeParams(otherUser, 0, 'theirs'))).body as { hash: string }
    ).hash;
    const messages = [mine!, theirs];
    const timestamp = network.now;
    const signature = await user.sign(getExpiriesSignatureMessage({ timestamp, messages }));
    const params = { ...user.identity, timestamp, messages, signature };
    expect(await network.rpc('get_expiries', params)).toEqual({
      status: 200,
      body: { expiries: { [mine!]: network.now + 3_600_000 }, t: network.now, hf: [19, 4] },
    });
    expect((await network.rpc('get_expiries', { ...params, signature: undefined })).status).toBe(401);
    expect((await network.rpc('get_expiries', { ...params, messages: [theirs] })).status).toBe(401);
    expect((await network.rpc('get_expiries', { ...params, timestamp: undefined })).status).toBe(400);
    expect((await network.rpc('get_expiries', { ...params, messages: ['nope'] })).status).toBe(400);
    network.now += 61_000;
    expect((await network.rpc('get_expiries', params)).status).toBe(406);
  });
});
