import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromHex, utf8Encode } from '../../shared/protocol/bytes';
import { verifyRequestSignature } from '../../shared/protocol/storage/requestSignature';
import {
  deleteAllSignatureMessage,
  deleteBeforeSignatureMessage,
  deleteSignatureMessage,
  expireAllSignatureMessage,
  expireSignatureMessage,
  type ExpireMode,
} from '../../shared/protocol/storage/signatureMessages';
import { handleStorageRpc } from './rpc';
import {
  startTestNetwork,
  type TestAccount,
  type TestNetwork,
  type TestNode,
} from '../../test/rpcTestNetwork';
import type { RpcReply } from './rpcTypes';

type Json = Record<string, unknown>;
const hour = 3_600_000;
const day = 24 * hour;

function entryOf(reply: RpcReply, node: TestNode): Json {
  return (reply.body as { swarm: Record<string, Json> }).swarm[node.record.ed25519PublicKey]!;
}

async function signedByNode(node: TestNode, text: string, signature: unknown): Promise<boolean> {
  return verifyRequestSignature(utf8Encode(text), signature as string, fromHex(node.record.ed25519PublicKey));
}

const sorted = (hashes: readonly string[]): string[] => [...hashes].sort();

describe('storage RPC: delete and expire', () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await startTestNetwork();
  });

  afterEach(() => network.close());

  async function store(
    text: string,
    namespace = 0,
    account: TestAccount = network.user,
    ttl = hour,
  ): Promise<string> {
    const reply = await network.rpc('store', await network.storeParams(account, namespace, text, { ttl }));
    return (reply.body as { hash: string }).hash;
  }

  async function expiries(node: TestNode, hashes: readonly string[]): Promise<Map<string, number>> {
    return node.store.getExpiries(network.user.pubkey, hashes, network.now);
  }

  async function deleteParams(messages: string[], extra: Json = {}): Promise<Json> {
    return {
      ...network.user.identity,
      messages,
      signature: await network.user.sign(deleteSignatureMessage({ messages })),
      ...extra,
    };
  }

  it('deletes by hash on every node, each signing what was asked and what it deleted', async () => {
    const { user, otherUser, entry, peer } = network;
    const first = await store('first');
    const second = await store('second', 3);
    const theirs = await store('theirs', 0, otherUser);
    const messages = [second, theirs, first];
    const reply = await network.rpc('delete', await deleteParams(messages));
    expect(reply.status).toBe(200);
    for (const node of [entry, peer]) {
      const own = entryOf(reply, node);
      expect(own.deleted).toEqual(sorted([first, second]));
      const signed = `${user.pubkey}${messages.join('')}${sorted([first, second]).join('')}`;
      expect(await signedByNode(node, signed, own.signature)).toBe(true);
      expect(await expiries(node, [first, second])).toEqual(new Map());
    }
    // The other account's message is not the signer's to delete.
    expect(peer.store.getExpiries(otherUser.pubkey, [theirs], network.now).size).toBe(1);
  });

  it('answers 404 for a required delete that deleted nothing, and 401/400 for bad requests', async () => {
    const missing = 'B'.repeat(43);
    expect((await network.rpc('delete', await deleteParams([missing], { required: true }))).status).toBe(404);
    expect((await network.rpc('delete', await deleteParams([missing]))).status).toBe(200);
    const hash = await store('x');
    expect((await network.rpc('delete', await deleteParams([hash], { required: true }))).status).toBe(200);
    const forged = await deleteParams([missing], { signature: await network.otherUser.sign('delete') });
    expect((await network.rpc('delete', forged)).status).toBe(401);
    expect((await network.rpc('delete', await deleteParams(['short']))).status).toBe(400);
    expect((await network.rpc('delete', await deleteParams([]))).status).toBe(400);
    expect((await network.rpc('delete', await deleteParams([missing], { required: 'yes' }))).status).toBe(
      400,
    );
  });

  it('deletes a namespace or all of them, and signs the sorted hashes', async () => {
    const { user, entry, peer } = network;
    const inbox = [await store('a'), await store('b')];
    const config = await store('c', 2);
    const timestamp = network.now;
    const deleteAll = async (namespace: number | 'all'): Promise<RpcReply> =>
      network.rpc('delete_all', {
        ...user.identity,
        namespace,
        timestamp,
        signature: await user.sign(deleteAllSignatureMessage({ namespace, timestamp })),
      });
    const one = await deleteAll(0);
    expect(entryOf(one, peer).deleted).toEqual(sorted(inbox));
    expect(
      await signedByNode(
        peer,
        `${user.pubkey}${timestamp}${sorted(inbox).join('')}`,
        entryOf(one, peer).signature,
      ),
    ).toBe(true);
    const again = [await store('a'), await store('d', -10)];
    const all = await deleteAll('all');
    expect(entryOf(all, entry).deleted).toEqual({ '0': [again[0]], '2': [config], '-10': [again[1]] });
    const allHashes = sorted([...again, config]).join('');
    expect(
      await signedByNode(entry, `${user.pubkey}${timestamp}${allHashes}`, entryOf(all, entry).signature),
    ).toBe(true);
    expect(entry.store.liveMessages(network.now)).toEqual([]);
    expect(peer.store.liveMessages(network.now)).toEqual([]);
  });

  it('refuses delete_all timestamps more than 60 s away, 70 s for a forwarded one', async () => {
    const { user, peer } = network;
    const timestamp = network.now - 65_000;
    const params = {
      ...user.identity,
      timestamp,
      signature: await user.sign(deleteAllSignatureMessage({ namespace: 0, timestamp })),
    };
    expect(await network.rpc('delete_all', params)).toMatchObject({ status: 406 });
    const forwarded = await handleStorageRpc({ method: 'delete_all', params }, peer.context, {
      forwarded: true,
    });
    expect(forwarded).toMatchObject({ status: 200, body: { deleted: [], signature: expect.any(String) } });
    network.now += 6_000;
    const late = await handleStorageRpc({ method: 'delete_all', params }, peer.context, { forwarded: true });
    expect(late.status).toBe(406);
    expect((await network.rpc('delete_all', { ...params, namespace: 'some' })).status).toBe(400);
  });

  it('deletes what was stored at or before a time, no more than a minute ahead', async () => {
    const { user, peer } = network;
    const old = await store('old');
    network.now += 1_000;
    const recent = await store('recent');
    const deleteBefore = async (before: number): Promise<RpcReply> =>
      network.rpc('delete_before', {
        ...user.identity,
        before,
        signature: await user.sign(deleteBeforeSignatureMessage({ namespace: 0, before })),
      });
    const reply = await deleteBefore(network.now - 1_000);
    expect(entryOf(reply, peer).deleted).toEqual([old]);
    expect(
      await signedByNode(peer, `${user.pubkey}${network.now - 1_000}${old}`, entryOf(reply, peer).signature),
    ).toBe(true);
    expect(await deleteBefore(network.now + 60_001)).toEqual({
      status: 401,
      body: 'delete_before timestamp too far in the future',
    });
    expect(entryOf(await deleteBefore(network.now + 60_000), peer).deleted).toEqual([recent]);
  });

  async function expireParams(
    messages: string[],
    expiry: number | number[],
    mode?: ExpireMode,
    extra: Json = {},
  ): Promise<Json> {
    return {
      ...network.user.identity,
      messages,
      expiry,
      ...(mode ? { [mode]: true } : {}),
      signature: await network.user.sign(expireSignatureMessage({ mode, expiry, messages })),
      ...extra,
    };
  }

  it('sets expiries both ways, and signs the expiry, the request and the result', async () => {
    const { user, entry, peer } = network;
    const first = await store('first');
    const second = await store('second', 0, user, 2 * hour);
    const messages = [second, first];
    const target = network.now + 90 * 60_000;
    const reply = await network.rpc('expire', await expireParams(messages, target));
    expect(reply.status).toBe(200);
    for (const node of [entry, peer]) {
      const own = entryOf(reply, node);
      expect(own).toEqual({ expiry: target, updated: sorted(messages), signature: expect.any(String) });
      const signed = `${user.pubkey}${target}${messages.join('')}${sorted(messages).join('')}`;
      expect(await signedByNode(node, signed, own.signature)).toBe(true);
      expect(await expiries(node, messages)).toEqual(
        new Map([
          [first, target],
          [second, target],
        ]),
      );
    }
  });

  it('extends or shortens only, reporting the messages left unchanged', async () => {
    const { user, peer } = network;
    const soon = await store('soon');
    const later = await store('later', 0, user, 3 * hour);
    const target = network.now + 2 * hour;
    const extended = await network.rpc('expire', await expireParams([soon, later], target, 'extend'));
    const own = entryOf(extended, peer);
    expect(own).toMatchObject({ updated: [soon], unchanged: { [later]: network.now + 3 * hour } });
    const signed = `${user.pubkey}${target}${soon}${later}${soon}${later}${network.now + 3 * hour}`;
    expect(await signedByNode(peer, signed, own.signature)).toBe(true);
    const shortened = await network.rpc(
      'expire',
      await expireParams([soon, later], network.now + hour, 'shorten'),
    );
    expect(entryOf(shortened, peer)).toMatchObject({ updated: sorted([soon, later]), unchanged: {} });
    const both = await expireParams([soon], target, 'shorten', { extend: true });
    expect((await network.rpc('expire', both)).status).toBe(400);
  });

  it('takes one expiry per message from hardfork 19.4, caps expiries at 30 days and refuses past ones', async () => {
    const { user, peer } = network;
    const first = await store('first');
    const second = await store('second');
    const targets = [network.now + 2 * hour, network.now + 3 * hour];
    const reply = await network.rpc('expire', await expireParams([first, second], targets));
    const own = entryOf(reply, peer);
    const ordered = sorted([first, second]);
    const appliedInOrder = ordered.map((hash) => targets[hash === first ? 0 : 1]!);
    expect(own).toMatchObject({ expiry: appliedInOrder, updated: ordered });
    const signed = `${user.pubkey}${appliedInOrder.join('')}${first}${second}${ordered.join('')}`;
    expect(await signedByNode(peer, signed, own.signature)).toBe(true);
    const threeForTwo = await expireParams([first, second], targets, undefined, {
      expiry: [...targets, network.now],
    });
    expect((await network.rpc('expire', threeForTwo)).status).toBe(400);
    network.hardfork = [19, 3];
    expect(await network.rpc('expire', await expireParams([first, second], targets))).toMatchObject({
      status: 403,
    });
    network.hardfork = [19, 4];
    const far = await network.rpc('expire', await expireParams([first], network.now + 40 * day));
    expect(entryOf(far, peer)).toMatchObject({ expiry: network.now + 30 * day, updated: [first] });
    expect(await network.rpc('expire', await expireParams([first], network.now - 60_001))).toEqual({
      status: 401,
      body: 'expire: timestamp should be >= current time',
    });
    const forged = await expireParams([first], network.now + hour, undefined, {
      expiry: network.now + 2 * hour,
    });
    expect((await network.rpc('expire', forged)).status).toBe(401);
  });

  it('only shortens with expire_all, in one namespace or all', async () => {
    const { user, entry, peer } = network;
    const inbox = await store('inbox', 0, user, 3 * hour);
    const config = await store('config', 2, user, 3 * hour);
    const brief = await store('brief', 2, user, 10 * 60_000);
    const expireAll = async (
      namespace: number | 'all',
      expiry: number,
      node: TestNode = entry,
    ): Promise<RpcReply> =>
      network.rpc(
        'expire_all',
        {
          ...user.identity,
          namespace,
          expiry,
          signature: await user.sign(expireAllSignatureMessage({ namespace, expiry })),
        },
        node,
      );
    const target = network.now + hour;
    const one = await expireAll(2, target);
    expect(entryOf(one, peer).updated).toEqual([config]);
    expect(await signedByNode(peer, `${user.pubkey}${target}${config}`, entryOf(one, peer).signature)).toBe(
      true,
    );
    const all = await expireAll('all', network.now + 30 * 60_000);
    expect(entryOf(all, entry).updated).toEqual({ '0': [inbox], '2': [config] });
    expect(await expiries(peer, [inbox, config, brief])).toEqual(
      new Map([
        [inbox, network.now + 30 * 60_000],
        [config, network.now + 30 * 60_000],
        [brief, network.now + 10 * 60_000],
      ]),
    );
    expect(await expireAll(0, network.now - 60_001)).toEqual({
      status: 406,
      body: 'expire_all timestamp should be >= current time',
    });
  });
});
