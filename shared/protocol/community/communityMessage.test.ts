// Community posts (protocol-messages.md §6.4): signed by the blinded key, checked by every reader.
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../base64';
import { fromHex, toHex } from '../bytes';
import { loadSodium } from '../sodium';
import { blindedSessionId } from './blinding';
import { readCommunityPost, signCommunityPost } from './communityMessage';

const server = fromHex('abcdef0123456789'.repeat(4));

async function keys(seedHex: string) {
  const sodium = await loadSodium();
  const pair = sodium.crypto_sign_seed_keypair(fromHex(seedHex));
  return {
    secretKey: pair.privateKey,
    sessionId: `05${toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(pair.publicKey))}`,
    x25519SecretKey: sodium.crypto_sign_ed25519_sk_to_curve25519(pair.privateKey),
    publicKey: pair.publicKey,
  };
}

describe('community posts', () => {
  it('carry padded Content signed by the blinded key, and read back', async () => {
    const alice = await keys('fecd9a6034bc9aba273925dee7062b123334587c3c6257341afae2d7fe85e122');
    const post = await signCommunityPost({ dataMessage: { body: 'hello, room' } }, alice.secretKey, server);
    // Padded as desktop pads: ≡ 159 mod 160.
    expect(fromBase64(post.data).length % 160).toBe(159);
    const sender = await blindedSessionId(alice.secretKey, server);
    const read = await readCommunityPost({ session_id: sender, ...post });
    expect(read).toEqual({
      ok: true,
      content: expect.objectContaining({ dataMessage: expect.objectContaining({ body: 'hello, room' }) }),
      // The bytes as posted, kept for the room's export.
      data: fromBase64(post.data),
      signature: fromBase64(post.signature),
    });
  });

  it('are dropped when the signature is another sender’s, changed, or missing', async () => {
    const alice = await keys('fecd9a6034bc9aba273925dee7062b123334587c3c6257341afae2d7fe85e122');
    const bob = await keys('8659efdcbe0949e0f81141e6d397e8be75f45d09262f209d5950e97989eb43c7');
    const post = await signCommunityPost({ dataMessage: { body: 'mine' } }, alice.secretKey, server);
    const bobId = await blindedSessionId(bob.secretKey, server);
    expect(await readCommunityPost({ session_id: bobId, ...post })).toMatchObject({ ok: false });
    const data = fromBase64(post.data);
    data[3]! ^= 1;
    const aliceId = await blindedSessionId(alice.secretKey, server);
    expect(
      await readCommunityPost({ session_id: aliceId, data: toBase64(data), signature: post.signature }),
    ).toEqual({
      ok: false,
      reason: 'a signature that does not hold',
    });
    expect(await readCommunityPost({ session_id: aliceId, data: post.data })).toMatchObject({ ok: false });
    expect(await readCommunityPost({ session_id: 'admin', ...post })).toMatchObject({ ok: false });
  });

  it('from an unblinded 05 sender are checked with XEd25519, with the sign bit in either place', async () => {
    const alice = await keys('c010d89eccbaf5d1c6d19df766c6eedf965d4a28a56f87c9fc819edb59896dd9');
    const sodium = await loadSodium();
    const bytes = fromBase64(
      (await signCommunityPost({ dataMessage: { body: 'old server' } }, alice.secretKey, server)).data,
    );
    // An XEd25519 signer signs with the Ed25519 key whose sign bit is the one of its own public key:
    // here the account's Ed25519 key itself, the sign bit moved into the signature's top bit.
    const signature = sodium.crypto_sign_detached(bytes, alice.secretKey);
    signature[63]! |= alice.publicKey[31]! & 0x80;
    const read = await readCommunityPost({
      session_id: alice.sessionId,
      data: toBase64(bytes),
      signature: toBase64(signature),
    });
    expect(read.ok).toBe(true);
    const other = await keys('880adf5164a79bce71f7387fbc2cb2693c0bf0ab4cb42bf1edafddade7527a66');
    expect(
      (
        await readCommunityPost({
          session_id: other.sessionId,
          data: toBase64(bytes),
          signature: toBase64(signature),
        })
      ).ok,
    ).toBe(false);
  });
});
