// The client's subaccount signatures (protocol-config-groups.md §6.6) against our own storage server:
// a member holding the auth data an admin would put in its invite reads and writes the group's
// swarm, and once revoked can still read the kicked notice in −11 (§6.7).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/protocol/base64';
import { toHex, utf8Encode } from '../../shared/protocol/bytes';
import { deriveIdentityKeys, type IdentityKeys } from '../../shared/protocol/identity/keys';
import {
  makeSubaccountAuthData,
  signAsSubaccount,
  subaccountToken,
} from '../../shared/protocol/groups/subaccount';
import {
  retrieveSignatureMessage,
  revokeSubaccountSignatureMessage,
  storeSignatureMessage,
} from '../../shared/protocol/storage/signatureMessages';
import { startTestNetwork, type TestNetwork } from '../../test/rpcTestNetwork';
import type { RpcReply } from './rpcTypes';

describe('storage RPC: a groups v2 member signing with signAsSubaccount', () => {
  let network: TestNetwork;
  let member: IdentityKeys;
  let authData: Uint8Array;

  beforeEach(async () => {
    network = await startTestNetwork();
    member = await deriveIdentityKeys(new Uint8Array(32).fill(77));
    // The admin is the group's own Ed25519 key (§6.1).
    authData = await makeSubaccountAuthData({
      groupEd25519SecretKey: network.group.ed25519SecretKey,
      memberSessionId: member.sessionId,
    });
  });

  afterEach(() => network.close());

  async function storeAsMember(namespace: number, text: string): Promise<RpcReply> {
    const credentials = await signAsSubaccount({
      message: storeSignatureMessage({ namespace, timestamp: network.now }),
      authData,
      memberEd25519SecretKey: member.ed25519SecretKey,
    });
    // §6.6: the request names the 03 group and carries no pubkey_ed25519.
    const params = await network.storeParams(network.group, namespace, text, { ...credentials });
    return network.rpc('store', params);
  }

  async function retrieveAsMember(namespace: number): Promise<RpcReply> {
    const timestamp = network.now;
    const credentials = await signAsSubaccount({
      message: retrieveSignatureMessage({ namespace, timestamp }),
      authData,
      memberEd25519SecretKey: member.ed25519SecretKey,
    });
    return network.rpc('retrieve', { pubkey: network.group.pubkey, namespace, timestamp, ...credentials });
  }

  function dataOf(reply: RpcReply): string[] {
    return (reply.body as { messages: { data: string }[] }).messages.map((message) => message.data);
  }

  it('stores to ns 11 and reads ns 11, 12 and −11', async () => {
    expect((await storeAsMember(11, 'hello from a member')).status).toBe(200);
    // The admin writes keys and the kicked notice itself (§4.3).
    expect((await network.rpc('store', await network.storeParams(network.group, 12, 'keys'))).status).toBe(
      200,
    );
    expect((await network.rpc('store', await network.storeParams(network.group, -11, 'kicked'))).status).toBe(
      200,
    );

    const messages = await retrieveAsMember(11);
    expect(messages.status).toBe(200);
    expect(dataOf(messages)).toEqual([toBase64(utf8Encode('hello from a member'))]);
    expect(dataOf(await retrieveAsMember(12))).toEqual([toBase64(utf8Encode('keys'))]);
    expect(dataOf(await retrieveAsMember(-11))).toEqual([toBase64(utf8Encode('kicked'))]);
  });

  it('is refused by another group’s swarm and without write access', async () => {
    const readOnly = await makeSubaccountAuthData({
      groupEd25519SecretKey: network.group.ed25519SecretKey,
      memberSessionId: member.sessionId,
      write: false,
    });
    authData = readOnly;
    expect((await storeAsMember(11, 'no')).status).toBe(401);
    expect((await retrieveAsMember(11)).status).toBe(200);
    // Auth data the group did not issue to this member: the token's key is not the member's.
    const stranger = await deriveIdentityKeys(new Uint8Array(32).fill(78));
    authData = await makeSubaccountAuthData({
      groupEd25519SecretKey: network.group.ed25519SecretKey,
      memberSessionId: stranger.sessionId,
    });
    expect((await retrieveAsMember(11)).status).toBe(401);
  });

  it('once revoked gets 401 on ns 11 but still reads −11', async () => {
    await network.rpc('store', await network.storeParams(network.group, -11, 'you were removed'));
    expect((await storeAsMember(11, 'before')).status).toBe(200);

    const token = await subaccountToken({
      groupEd25519SecretKey: network.group.ed25519SecretKey,
      memberSessionId: member.sessionId,
    });
    const timestamp = network.now;
    const revoke = await network.rpc('revoke_subaccount', {
      pubkey: network.group.pubkey,
      timestamp,
      revoke: [toHex(token)],
      signature: await network.group.sign(revokeSubaccountSignatureMessage({ timestamp, tokens: [token] })),
    });
    expect(revoke.status).toBe(200);

    expect(await retrieveAsMember(11)).toMatchObject({
      status: 401,
      body: expect.stringContaining('revoked'),
    });
    expect((await storeAsMember(11, 'after')).status).toBe(401);
    const notice = await retrieveAsMember(-11);
    expect(notice.status).toBe(200);
    expect(dataOf(notice)).toEqual([toBase64(utf8Encode('you were removed'))]);
  });
});
