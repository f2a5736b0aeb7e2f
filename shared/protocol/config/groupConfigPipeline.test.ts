// Group Info/Members transport (protocol-config-groups.md §4, §6.3, §6.4) against §8.10, plus the
// key list, tampering and multipart. zstd is the real one from core (tests may reach outside shared).
import { encryptConfig } from './configEncryption';
import { blake2b } from '@noble/hashes/blake2.js';
import { describe, expect, it } from 'vitest';
import { zstdCompressor } from '../../../core/config/zstdCompressor';
import { fromHex, toHex, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { ConfigBase } from './configBase';
import { compressIfSmaller } from './configCompression';
import { ConfigDecodeError } from './configErrors';
import { configHash, ConfigMessage } from './configMessage';
import { MultipartAssembler } from './configMultipart';
import { groupConfigKindOfNamespace, groupConfigKinds, groupConfigPushOrder } from './groupConfigKinds';
import { groupConfigSigning, openGroupConfig, sealGroupConfig } from './groupConfigPipeline';
import { readGroupInfo, updateGroupInfo } from './types/groupInfo';

const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);
const hash = (bytes: Uint8Array): string => toHex(blake2b(bytes, { dkLen: 32 }));

// §8.7 group seed; §8.9 enc_key (generation 0 of that group with the admin and member1).
const groupSeed = fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210');
const encKey = fromHex('c46568d9431515236220e362eab1e096061be67f47cb6cb35e9c9fc60818d830');
// §2 "Hash": the implicit seqno-0 message `d1:#i0e1:&de1:<le1:=dee`.
const emptyHash = 'ea173b57beca8af18c3519a7bbf69c3e7a05d1c049fa9558341d8ebb48b0c965';

async function groupKeys(): Promise<{ publicKey: Uint8Array; secretKey: Uint8Array }> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_sign_seed_keypair(groupSeed);
  return { publicKey: pair.publicKey, secretKey: pair.privateKey };
}

async function tomatosauce(): Promise<Uint8Array> {
  const { publicKey, secretKey } = await groupKeys();
  const admin = ConfigBase.empty(await groupConfigSigning(publicKey, secretKey));
  admin.edit((data) => updateGroupInfo(data, { name: 'tomatosauce' }));
  return admin.push().plaintext;
}

describe('group config kinds (§4 table)', () => {
  it('maps namespaces 13 and 14 to their domains', () => {
    expect(groupConfigKinds.groupInfo).toEqual({ namespace: 13, domain: 'groups::Info' });
    expect(groupConfigKinds.groupMembers).toEqual({ namespace: 14, domain: 'groups::Members' });
    expect(groupConfigPushOrder).toEqual(['groupInfo', 'groupMembers']);
    expect(groupConfigKindOfNamespace(14)).toBe('groupMembers');
    expect(groupConfigKindOfNamespace(12)).toBeUndefined();
    expect(groupConfigKindOfNamespace(2)).toBeUndefined();
  });
});

describe('§8.10 group Info push', () => {
  it('signs the seqno-1 message whose first lag is the empty message', async () => {
    const { publicKey } = await groupKeys();
    expect(toHex(publicKey)).toBe('c50cb3ae956947a8de19135b5be2685ff348afc63fc34a837aca12bc5c1f5625');
    expect(toHex(configHash(utf8Encode('d1:#i0e1:&de1:<le1:=dee')))).toBe(emptyHash);

    const message = await tomatosauce();
    expect(message.length).toBe(157);
    const signed = message.subarray(0, message.length - 1 - 70);
    expect(latin1(signed)).toBe(
      `d1:#i1e1:&d1:n11:tomatosaucee1:<lli0e32:${latin1(fromHex(emptyHash))}deee1:=d1:n0:e`,
    );
    expect(latin1(message.subarray(signed.length, signed.length + 6))).toBe('1:~64:');
    expect(toHex(message.subarray(signed.length + 6, message.length - 1))).toBe(
      'cd20b96ad2e82c7d5485054cfe9400ba7f957f9ae822f8040502b981055d01781b7a6f8d28bace69568d9dd7780bc0b8b26c0085dfff66f6752d10cb09a9770c',
    );
    expect(latin1(message.subarray(message.length - 1))).toBe('e');
    expect(hash(message)).toBe('86ae45656c19c003114a41d6d68c12689d4f18a3b95f08be2ec63dfb00f41254');
  });

  it('is not compressed, and encrypts to the 256 bytes of §8.10', async () => {
    const message = await tomatosauce();
    // `z` ‖ zstd is 167 bytes, more than the 157 of the plaintext, so it is sent as it is.
    expect(zstdCompressor.compress(message).length + 1).toBe(167);
    expect(compressIfSmaller(message, zstdCompressor)).toBe(message);

    const sealed = await sealGroupConfig(message, 'groupInfo', encKey, zstdCompressor);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.length).toBe(256);
    expect(hash(sealed[0]!)).toBe('32342f9334ccae384c7d7e80dcb6f76980a0e7f3117a2a1c596f8b97e4de2442');
    expect(toHex(sealed[0]!.subarray(232))).toBe('96c921ad834e48b4094cb4f18ad41e39f9e7db99a2c1b7a2');

    const opened = await openGroupConfig(sealed[0]!, 'groupInfo', [encKey], zstdCompressor);
    expect(opened.complete && toHex(opened.plaintext)).toBe(toHex(message));
  });
});

describe('opening group configs', () => {
  const older = new Uint8Array(32).fill(1);
  const pending = new Uint8Array(32).fill(2);

  it('tries each key in order and says which one opened it', async () => {
    const message = await tomatosauce();
    const [sealed] = await sealGroupConfig(message, 'groupInfo', encKey, zstdCompressor);
    const opened = await openGroupConfig(sealed!, 'groupInfo', [pending, encKey, older], zstdCompressor);
    expect(opened).toEqual({ complete: true, plaintext: message, keyIndex: 1 });
  });

  it('refuses a flipped byte, a wrong key, another domain, truncation and no keys', async () => {
    const message = await tomatosauce();
    const [sealed] = await sealGroupConfig(message, 'groupInfo', encKey, zstdCompressor);
    const flipped = sealed!.slice();
    flipped[10]! ^= 0x01;
    const attempts: Array<Promise<unknown>> = [
      openGroupConfig(flipped, 'groupInfo', [encKey], zstdCompressor),
      openGroupConfig(sealed!, 'groupInfo', [older, pending], zstdCompressor),
      openGroupConfig(sealed!, 'groupMembers', [encKey], zstdCompressor),
      openGroupConfig(sealed!.subarray(0, 200), 'groupInfo', [encKey], zstdCompressor),
      openGroupConfig(sealed!.subarray(0, 20), 'groupInfo', [encKey], zstdCompressor),
      openGroupConfig(sealed!, 'groupInfo', [], zstdCompressor),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toMatchObject({ name: 'ConfigDecodeError', reason: 'undecryptable' });
    }
  });

  it('refuses keys of the wrong length and oversized input with typed errors', async () => {
    const message = await tomatosauce();
    await expect(
      sealGroupConfig(message, 'groupInfo', encKey.subarray(1), zstdCompressor),
    ).rejects.toMatchObject({
      code: 'config-invalid-key',
    });
    await expect(
      openGroupConfig(new Uint8Array(256), 'groupInfo', [new Uint8Array(31)], zstdCompressor),
    ).rejects.toMatchObject({ code: 'config-invalid-key' });
    await expect(
      openGroupConfig(new Uint8Array(76_801), 'groupInfo', [encKey], zstdCompressor),
    ).rejects.toMatchObject({ reason: 'oversized' });
  });

  it('refuses bytes that decrypt but are not a config message', async () => {
    const notConfig = await encryptConfig(new Uint8Array(216).fill(0x41), encKey, 'groups::Info');
    const error = await openGroupConfig(notConfig, 'groupInfo', [encKey], zstdCompressor).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigDecodeError);
    expect((error as ConfigDecodeError).reason).toBe('malformed');
  });

  it('compresses a large message and splits one past 76 800 bytes into parts', async () => {
    const { publicKey, secretKey } = await groupKeys();
    const admin = ConfigBase.empty(await groupConfigSigning(publicKey, secretKey));
    admin.edit((data) => updateGroupInfo(data, { description: 'tomato '.repeat(280) }));
    const compressible = admin.push().plaintext;
    const [small] = await sealGroupConfig(compressible, 'groupInfo', encKey, zstdCompressor);
    expect(small!.length).toBeLessThan(compressible.length);
    const opened = await openGroupConfig(small!, 'groupInfo', [encKey], zstdCompressor);
    expect(opened.complete && readGroupInfo(ConfigMessage.parse(opened.plaintext).data).description).toBe(
      'tomato '.repeat(280),
    );

    // Random bytes do not compress: 100 000 of them need two parts.
    const sodium = await loadSodium();
    const noise = sodium.randombytes_buf(100_000);
    const big = utf8Encode(`d1:#i1e1:&d1:x100000:`);
    const large = new Uint8Array([...big, ...noise, ...utf8Encode('e1:<le1:=dee')]);
    const parts = await sealGroupConfig(large, 'groupMembers', encKey, zstdCompressor);
    expect(parts).toHaveLength(2);
    const assembler = new MultipartAssembler();
    await expect(openGroupConfig(parts[0]!, 'groupMembers', [encKey], zstdCompressor)).rejects.toMatchObject({
      reason: 'malformed',
    });
    expect(
      await openGroupConfig(parts[1]!, 'groupMembers', [pending, encKey], zstdCompressor, assembler),
    ).toEqual({
      complete: false,
    });
    const whole = await openGroupConfig(parts[0]!, 'groupMembers', [encKey], zstdCompressor, assembler);
    expect(whole.complete && toHex(whole.plaintext) === toHex(large)).toBe(true);
  });
});

describe('groupConfigSigning', () => {
  it('verifies with the public key and signs only with the secret key', async () => {
    const { publicKey, secretKey } = await groupKeys();
    const admin = await groupConfigSigning(publicKey, secretKey);
    const member = await groupConfigSigning(publicKey);
    expect(member.sign).toBeUndefined();
    const payload = utf8Encode('payload');
    const signature = admin.sign!(payload);
    expect(member.verify!(payload, signature)).toBe(true);
    expect(member.verify!(utf8Encode('payloaD'), signature)).toBe(false);
    expect(member.verify!(payload, signature.subarray(1))).toBe(false);
  });

  it('refuses keys of the wrong length or of another group', async () => {
    const { publicKey, secretKey } = await groupKeys();
    await expect(groupConfigSigning(publicKey.subarray(1))).rejects.toMatchObject({
      code: 'config-invalid-key',
    });
    await expect(groupConfigSigning(publicKey, secretKey.subarray(0, 32))).rejects.toMatchObject({
      code: 'config-invalid-key',
    });
    const other = new Uint8Array(32).fill(9);
    await expect(groupConfigSigning(other, secretKey)).rejects.toMatchObject({ code: 'config-invalid-key' });
  });
});
