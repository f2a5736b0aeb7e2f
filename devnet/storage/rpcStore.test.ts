import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { fromHex, utf8Encode } from '../../shared/protocol/bytes';
import { messageHash } from '../../shared/protocol/storage/messageHash';
import { verifyRequestSignature } from '../../shared/protocol/storage/requestSignature';
import { storeSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { startTestNetwork, type TestNetwork, type TestNode } from '../../test/rpcTestNetwork';
import type { RpcReply } from './rpcTypes';

type Json = Record<string, unknown>;
const day = 24 * 60 * 60 * 1000;

function swarmOf(reply: RpcReply): Record<string, Json> {
  return (reply.body as { swarm: Record<string, Json> }).swarm;
}

function entryOf(reply: RpcReply, node: TestNode): Json {
  return swarmOf(reply)[node.record.ed25519PublicKey]!;
}

describe('storage RPC: store', () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await startTestNetwork();
  });

  afterEach(() => network.close());

  it('stores in a public inbox without auth, on every node of the swarm, each signing the hash', async () => {
    const { entry, peer, user } = network;
    const reply = await network.rpc('store', await network.storeParams(user, 0, 'hello'));
    const hash = await messageHash({ pubkey: user.pubkey, namespace: 0, data: utf8Encode('hello') });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ hash, t: network.now, hf: [19, 4] });
    expect(Object.keys(swarmOf(reply)).sort()).toEqual(
      [entry.record.ed25519PublicKey, peer.record.ed25519PublicKey].sort(),
    );
    // §4.6: only the entry node's own entry carries `t`.
    expect(entryOf(reply, entry)).toEqual({
      hash,
      signature: expect.any(String),
      expiry: network.now + 3_600_000,
      t: network.now,
    });
    expect(entryOf(reply, peer)).toEqual({
      hash,
      signature: expect.any(String),
      expiry: network.now + 3_600_000,
    });
    for (const node of [entry, peer]) {
      const signature = entryOf(reply, node).signature as string;
      expect(
        await verifyRequestSignature(utf8Encode(hash), signature, fromHex(node.record.ed25519PublicKey)),
      ).toBe(true);
    }
    expect(network.forwarded).toEqual([
      { method: 'store', params: expect.objectContaining({ pubkey: user.pubkey }) },
    ]);
    // The peer really has it, in its own store.
    const retrieved = await network.rpc('retrieve', await network.retrieveParams(user, 0), peer);
    expect(retrieved.body).toMatchObject({
      messages: [
        {
          hash,
          timestamp: network.now,
          expiration: network.now + 3_600_000,
          data: toBase64(utf8Encode('hello')),
        },
      ],
      more: false,
    });
  });

  it('reports a message stored again as already there, with the later expiry', async () => {
    const { user } = network;
    await network.rpc('store', await network.storeParams(user, 0, 'twice'));
    const again = await network.rpc('store', await network.storeParams(user, 0, 'twice', { ttl: 7_200_000 }));
    expect(entryOf(again, network.peer)).toMatchObject({ already: true, expiry: network.now + 7_200_000 });
    const shorter = await network.rpc('store', await network.storeParams(user, 0, 'twice', { ttl: 60_000 }));
    expect(entryOf(shorter, network.entry)).toMatchObject({ already: true, expiry: network.now + 7_200_000 });
  });

  it('needs the owner’s signature outside public inboxes', async () => {
    const { user, otherUser } = network;
    const unsigned = await network.storeParams(user, 2, 'config', { signature: undefined });
    delete unsigned.signature;
    expect(await network.rpc('store', unsigned)).toEqual({
      status: 401,
      body: 'store: signature required to store to namespace 2',
    });
    const forged = await network.storeParams(user, 2, 'config', {
      signature: await otherUser.sign(storeSignatureMessage({ namespace: 2, timestamp: network.now })),
    });
    expect((await network.rpc('store', forged)).status).toBe(401);
    expect((await network.rpc('store', await network.storeParams(user, 2, 'config'))).status).toBe(200);
    // Every ns % 10 == 0 is a public inbox, −10 and 10 included; there a signature is not even checked.
    for (const namespace of [-10, 10, -30]) {
      const params = await network.storeParams(user, namespace, 'anyone', { signature: forged.signature });
      expect((await network.rpc('store', params)).status).toBe(200);
    }
  });

  it('checks that a 05 ID’s pubkey_ed25519 converts to it, and refuses one for a 03 group', async () => {
    const { user, otherUser, group } = network;
    const withoutKey = await network.storeParams(user, 3, 'x');
    delete withoutKey.pubkey_ed25519;
    expect(await network.rpc('store', withoutKey)).toMatchObject({
      status: 401,
      body: expect.stringContaining('pubkey_ed25519'),
    });
    const wrongKey = await network.storeParams(user, 3, 'x', {
      pubkey_ed25519: otherUser.identity.pubkey_ed25519,
    });
    expect(await network.rpc('store', wrongKey)).toMatchObject({
      status: 401,
      body: expect.stringContaining('does not belong'),
    });
    const groupWithKey = await network.storeParams(group, 13, 'x', {
      pubkey_ed25519: user.identity.pubkey_ed25519,
    });
    expect(await network.rpc('store', groupWithKey)).toMatchObject({
      status: 400,
      body: expect.stringContaining('pubkey_ed25519'),
    });
    expect((await network.rpc('store', await network.storeParams(group, 13, 'x'))).status).toBe(200);
  });

  it('accepts uppercase hex pubkeys and stores them lowercase', async () => {
    const { user } = network;
    const params = await network.storeParams(user, 0, 'upper', { pubkey: user.pubkey.toUpperCase() });
    expect((await network.rpc('store', params)).status).toBe(200);
    const retrieved = await network.rpc('retrieve', await network.retrieveParams(user, 0));
    expect((retrieved.body as { messages: unknown[] }).messages).toHaveLength(1);
  });

  it('bounds the TTL: 10 s to 14 days in public inboxes, to 30 days elsewhere (403)', async () => {
    const { user } = network;
    const invalid = { status: 403, body: 'Provided expiry/TTL is not valid.' };
    expect(await network.rpc('store', await network.storeParams(user, 0, 'a', { ttl: 9_999 }))).toEqual(
      invalid,
    );
    expect(
      (await network.rpc('store', await network.storeParams(user, 0, 'a', { ttl: 10_000 }))).status,
    ).toBe(200);
    expect(
      (await network.rpc('store', await network.storeParams(user, 0, 'b', { ttl: 14 * day }))).status,
    ).toBe(200);
    expect(
      await network.rpc('store', await network.storeParams(user, 0, 'c', { ttl: 14 * day + 1 })),
    ).toEqual(invalid);
    expect(
      (await network.rpc('store', await network.storeParams(user, 2, 'd', { ttl: 30 * day }))).status,
    ).toBe(200);
    expect(
      await network.rpc('store', await network.storeParams(user, 2, 'e', { ttl: 30 * day + 1 })),
    ).toEqual(invalid);
    // `expiry` instead of `ttl`; strings for the old clients' timestamp and ttl.
    const byExpiry = await network.storeParams(user, 0, 'f', {
      ttl: undefined,
      expiry: network.now + 60_000,
    });
    delete byExpiry.ttl;
    expect(entryOf(await network.rpc('store', byExpiry), network.entry)).toMatchObject({
      expiry: network.now + 60_000,
    });
    const asStrings = await network.storeParams(user, 0, 'g', {
      ttl: '60000',
      timestamp: String(network.now),
    });
    expect(entryOf(await network.rpc('store', asStrings), network.entry)).toMatchObject({
      expiry: network.now + 60_000,
    });
    const both = await network.storeParams(user, 0, 'h', { expiry: network.now + 60_000 });
    expect(await network.rpc('store', both)).toMatchObject({
      status: 400,
      body: expect.stringMatching(/^invalid request: /u),
    });
    const neither = await network.storeParams(user, 0, 'i');
    delete neither.ttl;
    expect((await network.rpc('store', neither)).status).toBe(400);
  });

  it('judges the clock: timestamp ≤ now + 10 s, expiry ≥ now − 10 s, signed time within 60 s (406)', async () => {
    const { user } = network;
    const clockError = { status: 406, body: 'Timestamp error: check your clock' };
    const ahead = await network.storeParams(user, 0, 'a', { timestamp: network.now + 10_001 });
    expect(await network.rpc('store', ahead)).toEqual(clockError);
    const justAhead = await network.storeParams(user, 0, 'a', { timestamp: network.now + 10_000 });
    expect((await network.rpc('store', justAhead)).status).toBe(200);
    const expired = await network.storeParams(user, 0, 'b', { timestamp: network.now - 60_000, ttl: 49_000 });
    expect(await network.rpc('store', expired)).toEqual(clockError);
    // In a private namespace, sig_timestamp (or timestamp) must be within a minute.
    const stale = await network.storeParams(user, 2, 'c', { sig_timestamp: network.now - 60_001 });
    expect(await network.rpc('store', stale)).toMatchObject({ status: 406 });
    const recent = await network.storeParams(user, 2, 'c', { sig_timestamp: network.now - 60_000 });
    expect((await network.rpc('store', recent)).status).toBe(200);
    // A skewed node judges by its own clock.
    network.entry.skewMs = 20_000;
    expect((await network.rpc('store', await network.storeParams(user, 0, 'd'))).status).toBe(200);
    network.entry.skewMs = -20_000;
    expect(await network.rpc('store', await network.storeParams(user, 0, 'd'))).toEqual(clockError);
  });

  it('takes timestamps in milliseconds only, and data of at most 76,800 bytes in base64', async () => {
    const { user } = network;
    // §4.2: below 10^6 s it was surely meant as seconds; today's time in seconds is just a bad clock.
    const tiny = await network.storeParams(user, 0, 'a', { timestamp: 999_999_999 });
    expect(await network.rpc('store', tiny)).toEqual({
      status: 400,
      body: "invalid request: Invalid timestamp for 'timestamp': timestamp must be in milliseconds",
    });
    const inSeconds = await network.storeParams(user, 0, 'a', { timestamp: Math.floor(network.now / 1000) });
    expect((await network.rpc('store', inSeconds)).status).toBe(406);
    const largest = await network.storeParams(user, 0, '', { data: toBase64(new Uint8Array(76_800)) });
    expect((await network.rpc('store', largest)).status).toBe(200);
    const tooLarge = await network.storeParams(user, 0, '', { data: toBase64(new Uint8Array(76_801)) });
    expect(await network.rpc('store', tooLarge)).toEqual({
      status: 400,
      body: 'invalid request: Message body exceeds maximum allowed length of 76800 bytes',
    });
    const notBase64 = await network.storeParams(user, 0, '', { data: 'not base64!' });
    expect(await network.rpc('store', notBase64)).toMatchObject({
      status: 400,
      body: expect.stringContaining('base64'),
    });
    for (const namespace of [32_768, -32_769, 1.5, '2']) {
      const params = await network.storeParams(user, 0, 'a', { namespace });
      expect((await network.rpc('store', params)).status).toBe(400);
    }
  });

  it('answers 421 with the right swarm when the account is not this node’s', async () => {
    const { awayUser, away } = network;
    const reply = await network.rpc('store', await network.storeParams(awayUser, 0, 'elsewhere'));
    expect(reply.status).toBe(421);
    expect(reply.body).toEqual({
      snodes: [
        expect.objectContaining({
          pubkey_ed25519: away.record.ed25519PublicKey,
          port: String(away.record.port),
        }),
      ],
      swarm: 'a000000000000000',
      t: network.now,
      hf: [19, 4],
    });
    expect(network.forwarded).toEqual([]);
    expect(
      (await network.rpc('store', await network.storeParams(awayUser, 0, 'elsewhere'), away)).status,
    ).toBe(200);
  });

  it('keeps only the latest message of a public outbox, stored by the owner and read by anyone', async () => {
    const { user } = network;
    const unsigned = await network.storeParams(user, -1, 'profile v1', { signature: undefined });
    delete unsigned.signature;
    expect((await network.rpc('store', unsigned)).status).toBe(401);
    expect((await network.rpc('store', await network.storeParams(user, -1, 'profile v1'))).status).toBe(200);
    expect((await network.rpc('store', await network.storeParams(user, -1, 'profile v2'))).status).toBe(200);
    for (const node of [network.entry, network.peer]) {
      const reply = await network.rpc('retrieve', { pubkey: user.pubkey, namespace: -1 }, node);
      expect(reply.body).toMatchObject({ messages: [{ data: toBase64(utf8Encode('profile v2')) }] });
    }
  });

  it('answers 200 while any node stored the message, 500 when none did', async () => {
    const { user, entry, peer } = network;
    peer.down = true;
    const onlyEntry = await network.rpc('store', await network.storeParams(user, 0, 'a'));
    expect(onlyEntry.status).toBe(200);
    expect(entryOf(onlyEntry, peer)).toEqual({ failed: true, timeout: true });
    // A store that cannot write (its database is closed) fails with query_failure.
    entry.store.close();
    const none = await network.rpc('store', await network.storeParams(user, 0, 'b'));
    expect(none.status).toBe(500);
    expect(entryOf(none, entry)).toEqual({ failed: true, query_failure: true });
    expect(none.body).not.toHaveProperty('hash');
    network.restart(entry);
    peer.down = false;
    // A peer that refuses (here: its clock is far behind) reports its code and reason.
    peer.skewMs = -30_000;
    const refused = await network.rpc('store', await network.storeParams(user, 0, 'c'));
    expect(refused.status).toBe(200);
    expect(entryOf(refused, peer)).toEqual({
      failed: true,
      code: 406,
      reason: 'Timestamp error: check your clock',
    });
  });
});
