import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { fromHex, toHex, utf8Encode } from '../../shared/protocol/bytes';
import { signRequest, verifyRequestSignature } from '../../shared/protocol/storage/requestSignature';
import {
  deleteSignatureMessage,
  expireSignatureMessage,
  retrieveSignatureMessage,
  revokeSubaccountSignatureMessage,
  storeSignatureMessage,
  unrevokeSubaccountSignatureMessage,
  type ExpireMode,
} from '../../shared/protocol/storage/signatureMessages';
import { subaccountFlags } from './requestAuth';
import {
  ed25519KeyPair,
  startTestNetwork,
  subaccountToken,
  type TestNetwork,
} from '../../test/rpcTestNetwork';
import type { RpcReply } from './rpcTypes';

type Json = Record<string, unknown>;
const { read, write, delete: remove, anyPrefix } = subaccountFlags;
const hour = 3_600_000;

interface Member {
  readonly token: Uint8Array;
  readonly tokenSignature: string;
  sign(message: Uint8Array): Promise<string>;
}

describe('storage RPC: groups v2 subaccounts', () => {
  let network: TestNetwork;

  beforeEach(async () => {
    network = await startTestNetwork();
  });

  afterEach(() => network.close());

  /** A member with a fresh Ed25519 key and a token signed by the group (§4.2). */
  async function member(flags: number, seedByte = 42, prefix?: number): Promise<Member> {
    const keys = await ed25519KeyPair(seedByte);
    const { token, signature } = await subaccountToken(network.group, flags, keys.publicKey, prefix);
    return { token, tokenSignature: signature, sign: (message) => signRequest(message, keys.privateKey) };
  }

  function credentials(someone: Member, signature: string): Json {
    return { subaccount: toBase64(someone.token), subaccount_sig: someone.tokenSignature, signature };
  }

  async function storeAs(
    someone: Member,
    namespace: number,
    text: string,
    extra: Json = {},
  ): Promise<RpcReply> {
    const timestamp = network.now;
    const signature = await someone.sign(storeSignatureMessage({ namespace, timestamp }));
    const params = await network.storeParams(network.group, namespace, text, {
      ...credentials(someone, signature),
      ...extra,
    });
    return network.rpc('store', params);
  }

  async function retrieveAs(someone: Member, namespace: number, extra: Json = {}): Promise<RpcReply> {
    const timestamp = network.now;
    const signature = await someone.sign(retrieveSignatureMessage({ namespace, timestamp }));
    return network.rpc('retrieve', {
      pubkey: network.group.pubkey,
      namespace,
      timestamp,
      ...credentials(someone, signature),
      ...extra,
    });
  }

  async function revocation(
    action: 'revoke' | 'unrevoke',
    tokens: Uint8Array[],
    signer = network.group,
  ): Promise<Json> {
    const timestamp = network.now;
    const message =
      action === 'revoke'
        ? revokeSubaccountSignatureMessage({ timestamp, tokens })
        : unrevokeSubaccountSignatureMessage({ timestamp, tokens });
    return {
      pubkey: network.group.pubkey,
      timestamp,
      [action]: tokens.map((token) => toHex(token)),
      signature: await signer.sign(message),
    };
  }

  it('lets a member write and read with the flags its token grants', async () => {
    const writer = await member(read | write);
    expect((await storeAs(writer, 11, 'hello group')).status).toBe(200);
    const reply = await retrieveAs(writer, 11);
    expect(reply.body).toMatchObject({ messages: [{ data: toBase64(utf8Encode('hello group')) }] });
    const reader = await member(read, 43);
    expect(await storeAs(reader, 11, 'no')).toMatchObject({
      status: 401,
      body: 'store signature verification failed: the subaccount token does not grant this access',
    });
    expect((await retrieveAs(reader, 11)).status).toBe(200);
    // The token may also be sent as hex.
    const timestamp = network.now;
    const hexSignature = await reader.sign(retrieveSignatureMessage({ namespace: 11, timestamp }));
    const asHex = await retrieveAs(reader, 11, { subaccount: toHex(reader.token), signature: hexSignature });
    expect(asHex.status).toBe(200);
  });

  it('checks the token’s prefix, the group’s signature of it and the member’s signature', async () => {
    const wrongPrefix = await member(read, 44, 0x05);
    expect(await retrieveAs(wrongPrefix, 11)).toMatchObject({
      status: 401,
      body: expect.stringContaining('another kind'),
    });
    const anyPrefixToken = await member(read | anyPrefix, 45, 0x05);
    expect((await retrieveAs(anyPrefixToken, 11)).status).toBe(200);
    const reader = await member(read, 46);
    const notByGroup = { ...reader, tokenSignature: await network.user.sign(reader.token) };
    expect(await retrieveAs(notByGroup, 11)).toMatchObject({
      status: 401,
      body: expect.stringContaining('subaccount_sig'),
    });
    // Signed by the group key instead of the member's: the token names another key.
    const byGroup = await network.group.sign(
      retrieveSignatureMessage({ namespace: 11, timestamp: network.now }),
    );
    expect((await retrieveAs(reader, 11, { signature: byGroup })).status).toBe(401);
    expect((await retrieveAs(reader, 11, { subaccount_sig: undefined })).status).toBe(400);
    expect((await retrieveAs(reader, 11, { subaccount: 'abc' })).status).toBe(400);
  });

  it('needs write and delete access to store in a public outbox', async () => {
    expect((await storeAs(await member(write), -21, 'profile')).status).toBe(401);
    expect((await storeAs(await member(write | remove, 47), -21, 'profile')).status).toBe(200);
  });

  it('revokes tokens on the whole swarm, except for reading the unrevocable namespaces', async () => {
    const { peer } = network;
    const reader = await member(read);
    await network.rpc('store', await network.storeParams(network.group, -11, 'you were removed'));
    const revoke = await network.rpc('revoke_subaccount', await revocation('revoke', [reader.token]));
    expect(revoke.status).toBe(200);
    const ownEntry = (revoke.body as { swarm: Record<string, Json> }).swarm[peer.record.ed25519PublicKey]!;
    expect(ownEntry).toEqual({ signature: expect.any(String) });
    const signed = new Uint8Array([...utf8Encode(`${network.group.pubkey}${network.now}`), ...reader.token]);
    expect(
      await verifyRequestSignature(
        signed,
        ownEntry.signature as string,
        fromHex(peer.record.ed25519PublicKey),
      ),
    ).toBe(true);
    for (const node of [network.entry, peer]) {
      expect(node.store.isSubaccountRevoked(network.group.pubkey, reader.token)).toBe(true);
    }
    expect(await retrieveAs(reader, 11)).toMatchObject({
      status: 401,
      body: expect.stringContaining('revoked'),
    });
    expect((await retrieveAs(reader, -11)).status).toBe(200);
    const unrevoke = await network.rpc('unrevoke_subaccount', await revocation('unrevoke', [reader.token]));
    expect(
      (unrevoke.body as { swarm: Record<string, Json> }).swarm[peer.record.ed25519PublicKey],
    ).toMatchObject({ count: 1 });
    expect((await retrieveAs(reader, 11)).status).toBe(200);
  });

  it('lets only the group key revoke, at most 50 tokens at once', async () => {
    const admin = await member(read | write | remove);
    const params = await revocation('revoke', [admin.token]);
    const timestamp = network.now;
    const memberSigned = {
      ...params,
      subaccount: toBase64(admin.token),
      subaccount_sig: admin.tokenSignature,
      signature: await admin.sign(revokeSubaccountSignatureMessage({ timestamp, tokens: [admin.token] })),
    };
    expect((await network.rpc('revoke_subaccount', memberSigned)).status).toBe(401);
    const tooMany = await revocation(
      'revoke',
      Array.from({ length: 51 }, () => admin.token),
    );
    expect(await network.rpc('revoke_subaccount', tooMany)).toMatchObject({ status: 400 });
    expect((await network.rpc('revoke_subaccount', { ...params, revoke: ['not a token'] })).status).toBe(400);
    network.now += 61_000;
    expect((await network.rpc('revoke_subaccount', params)).status).toBe(406);
  });

  it('needs delete access to delete, and to shorten an expiry; without it expire only extends', async () => {
    const writer = await member(read | write);
    const moderator = await member(read | write | remove, 48);
    const hash = ((await storeAs(writer, 11, 'message')).body as { hash: string }).hash;
    const messages = [hash];
    const deleteSignature = (someone: Member) => someone.sign(deleteSignatureMessage({ messages }));
    const deleteAs = async (someone: Member): Promise<RpcReply> =>
      network.rpc('delete', {
        pubkey: network.group.pubkey,
        messages,
        ...credentials(someone, await deleteSignature(someone)),
      });
    const expireAs = async (someone: Member, expiry: number, mode?: ExpireMode): Promise<RpcReply> =>
      network.rpc('expire', {
        pubkey: network.group.pubkey,
        messages,
        expiry,
        ...(mode ? { [mode]: true } : {}),
        ...credentials(someone, await someone.sign(expireSignatureMessage({ mode, expiry, messages }))),
      });
    const expiry = (): number | undefined =>
      network.peer.store.getExpiries(network.group.pubkey, messages, network.now).get(hash);

    expect(await expireAs(writer, network.now + 10 * 60_000, 'shorten')).toMatchObject({
      status: 400,
      body: expect.stringContaining('missing delete access'),
    });
    expect((await expireAs(writer, network.now + 10 * 60_000)).status).toBe(200);
    expect(expiry()).toBe(network.now + hour);
    expect((await expireAs(writer, network.now + 2 * hour)).status).toBe(200);
    expect(expiry()).toBe(network.now + 2 * hour);
    expect((await expireAs(moderator, network.now + 10 * 60_000, 'shorten')).status).toBe(200);
    expect(expiry()).toBe(network.now + 10 * 60_000);

    expect((await deleteAs(writer)).status).toBe(401);
    expect((await deleteAs(moderator)).status).toBe(200);
    expect(expiry()).toBeUndefined();
  });
});
