import { describe, expect, it } from 'vitest';
import { zstdCompressor } from '../../../core/config/zstdCompressor';
import { isStarlingError } from '../../errors';
import { concatBytes, fromHex, toHex, utf8Encode } from '../bytes';
import { encodeBt, type BtValue } from '../config/bencode';
import { deriveIdentityKeys } from '../identity/keys';
import { loadSodium } from '../sodium';
import {
  decryptGroupMessage,
  encryptGroupMessage,
  maxGroupPlaintextBytes,
  padGroupMessage,
} from './groupMessage';

// protocol-config-groups.md §8.11, with the keys of §8.7 and §8.9.
const groupSeed = fromHex('0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210');
const adminSeed = fromHex('0123456789abcdef0123456789abcdeffedcba9876543210fedcba9876543210');
const encryptionKey = fromHex('c46568d9431515236220e362eab1e096061be67f47cb6cb35e9c9fc60818d830');
const expected =
  '000000000000000000000000000000000000000000000000' +
  '8da437cb3bb82cb1b7d79a375e8f6b07a37d6991502cbcc714ea87573bb46be6dc19ac9ac55fad0f2d6cdca41aabdf5eea92697f66845a30fdb453e7b7f68faa70f697b36d039b8b39e049f8dd8e8237a5d40215f7643834eca2edbabbb37b8c42aca5ba832c04a4bd6fe1f753c0652ea6b1c04627fdcbe2e307329f426839a225c627ea923e47a7b0fee463f0d0a527f32c5fe0fd7bce96947ad7f4b5848736a54a8bb046735ee19ed5cd01648f655924fbd3d96171c44a83d1071f4fa10858e34d2293ca2bf501bd52148ca00c19a4cfef76c9556b18e61fc1f969b3886ec378a028b68b23ad5a';
const adminSessionId = '05f1e8b64bbf761edf8f7b47e3a1f369985644cce0a62adb8e21604474bdd49627';

async function setting() {
  const group = await deriveIdentityKeys(groupSeed);
  const admin = await deriveIdentityKeys(adminSeed);
  return { groupPublicKey: group.ed25519PublicKey, admin };
}

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (isStarlingError(error) ? error.code : `untyped: ${String(error)}`),
  );
}

/** Seals any dict the way §6.5 steps 5–6 do, for messages our encoder would never make. */
async function sealDict(dictBytes: Uint8Array, key = encryptionKey): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const nonce = new Uint8Array(24).fill(7);
  return concatBytes(
    nonce,
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padGroupMessage(dictBytes), null, null, nonce, key),
  );
}

async function signedFields(data: Uint8Array, extra: Record<string, BtValue> = {}, dataKey = 'd') {
  const { groupPublicKey, admin } = await setting();
  const sodium = await loadSodium();
  const signature = sodium.crypto_sign_detached(concatBytes(data, groupPublicKey), admin.ed25519SecretKey);
  return new Map<string, BtValue>(
    Object.entries({ '': 1n, a: admin.ed25519PublicKey, s: signature, [dataKey]: data, ...extra }),
  );
}

describe('group messages (§6.5)', () => {
  it('reproduces §8.11 with the nonce forced to zeros', async () => {
    const { groupPublicKey, admin } = await setting();
    expect(admin.sessionId).toBe(adminSessionId);
    const encrypted = await encryptGroupMessage({
      plaintext: utf8Encode('hello group'),
      groupEd25519PublicKey: groupPublicKey,
      encryptionKey,
      senderEd25519SecretKey: admin.ed25519SecretKey,
      compressor: zstdCompressor,
      nonce: new Uint8Array(24),
    });
    expect(encrypted.length).toBe(256);
    expect(toHex(encrypted)).toBe(expected);
  });

  it('decrypts §8.11 to its sender and text, trying each key', async () => {
    const { groupPublicKey, admin } = await setting();
    const decrypted = await decryptGroupMessage(fromHex(expected), {
      groupEd25519PublicKey: groupPublicKey,
      keys: [new Uint8Array(32).fill(1), encryptionKey],
      compressor: zstdCompressor,
    });
    expect(decrypted.senderSessionId).toBe(adminSessionId);
    expect(decrypted.senderEd25519PublicKey).toEqual(admin.ed25519PublicKey);
    expect(new TextDecoder().decode(decrypted.plaintext)).toBe('hello group');
  });

  it('uses a random nonce by default and round-trips compressed data', async () => {
    const { groupPublicKey, admin } = await setting();
    const plaintext = utf8Encode('group '.repeat(500));
    const options = {
      plaintext,
      groupEd25519PublicKey: groupPublicKey,
      encryptionKey,
      senderEd25519SecretKey: admin.ed25519SecretKey,
      compressor: zstdCompressor,
    };
    const first = await encryptGroupMessage(options);
    const second = await encryptGroupMessage(options);
    expect(toHex(first.subarray(0, 24))).not.toBe(toHex(second.subarray(0, 24)));
    // Compressed well below the 3000 bytes of text: one block.
    expect(first.length).toBe(256);
    const decrypted = await decryptGroupMessage(first, {
      groupEd25519PublicKey: groupPublicKey,
      keys: [encryptionKey],
      compressor: zstdCompressor,
    });
    expect(decrypted.plaintext).toEqual(plaintext);
  });

  it('pads so that nonce, dict and tag fill whole 256-byte blocks', () => {
    expect(padGroupMessage(new Uint8Array(216)).length).toBe(216);
    expect(padGroupMessage(new Uint8Array(217)).length).toBe(472);
    expect(padGroupMessage(new Uint8Array(1)).length).toBe(216);
  });

  it('refuses a message no key opens, and any flipped byte', async () => {
    const { groupPublicKey } = await setting();
    const options = {
      groupEd25519PublicKey: groupPublicKey,
      keys: [encryptionKey],
      compressor: zstdCompressor,
    };
    expect(await refusal(decryptGroupMessage(fromHex(expected), { ...options, keys: [] }))).toBe(
      'decryptionFailed',
    );
    expect(
      await refusal(
        decryptGroupMessage(fromHex(expected), { ...options, keys: [new Uint8Array(32).fill(2)] }),
      ),
    ).toBe('decryptionFailed');
    for (const index of [0, 23, 24, 100, 255]) {
      const tampered = fromHex(expected);
      tampered[index]! ^= 1;
      expect(await refusal(decryptGroupMessage(tampered, options))).toBe('decryptionFailed');
    }
    expect(await refusal(decryptGroupMessage(fromHex(expected).subarray(0, 39), options))).toBe(
      'malformedMessage',
    );
    expect(await refusal(decryptGroupMessage(fromHex(expected).subarray(0, 200), options))).toBe(
      'decryptionFailed',
    );
  });

  it('refuses a signature by another group key, and the old Jan-2025 form over data alone', async () => {
    const { groupPublicKey, admin } = await setting();
    const options = {
      groupEd25519PublicKey: groupPublicKey,
      keys: [encryptionKey],
      compressor: zstdCompressor,
    };
    // §8.11 itself, checked as if it belonged to another group.
    expect(
      await refusal(
        decryptGroupMessage(fromHex(expected), { ...options, groupEd25519PublicKey: admin.ed25519PublicKey }),
      ),
    ).toBe('badSignature');
    const sodium = await loadSodium();
    const data = utf8Encode('hello group');
    const oldForm = await signedFields(data, {
      s: sodium.crypto_sign_detached(data, admin.ed25519SecretKey),
    });
    expect(await refusal(decryptGroupMessage(await sealDict(encodeBt(oldForm)), options))).toBe(
      'badSignature',
    );
    const flipped = await signedFields(data);
    (flipped.get('s') as Uint8Array)[5]! ^= 1;
    expect(await refusal(decryptGroupMessage(await sealDict(encodeBt(flipped)), options))).toBe(
      'badSignature',
    );
    // The well-formed version of the same dict opens: the helpers themselves are right.
    const good = await decryptGroupMessage(await sealDict(encodeBt(await signedFields(data))), options);
    expect(good.plaintext).toEqual(data);
  });

  it('refuses malformed dicts with typed errors', async () => {
    const { groupPublicKey, admin } = await setting();
    const options = {
      groupEd25519PublicKey: groupPublicKey,
      keys: [encryptionKey],
      compressor: zstdCompressor,
    };
    const data = utf8Encode('hello group');
    const decryptDict = async (fields: Map<string, BtValue>, trailing: Uint8Array = new Uint8Array()) =>
      refusal(decryptGroupMessage(await sealDict(concatBytes(encodeBt(fields), trailing)), options));

    const version2 = await signedFields(data, { '': 2n });
    expect(await decryptDict(version2)).toBe('unsupportedMessage');
    const noVersion = await signedFields(data);
    noVersion.delete('');
    expect(await decryptDict(noVersion)).toBe('malformedMessage');
    expect(await decryptDict(await signedFields(data, { a: admin.ed25519PublicKey.subarray(0, 31) }))).toBe(
      'malformedMessage',
    );
    expect(
      await decryptDict(
        await signedFields(data, { a: concatBytes(admin.ed25519PublicKey, Uint8Array.of(0)) }),
      ),
    ).toBe('malformedMessage');
    expect(await decryptDict(await signedFields(data, { z: data }))).toBe('malformedMessage');
    const neither = await signedFields(data);
    neither.delete('d');
    expect(await decryptDict(neither)).toBe('malformedMessage');
    expect(await decryptDict(await signedFields(new Uint8Array()))).toBe('malformedMessage');
    expect(await decryptDict(await signedFields(data, { s: new Uint8Array(63) }))).toBe('malformedMessage');
    expect(await decryptDict(await signedFields(data), utf8Encode('x'))).toBe('malformedMessage');
    expect(await decryptDict(await signedFields(data), utf8Encode('de'))).toBe('malformedMessage');
    // A key that is not on the curve.
    const offCurve = new Uint8Array(32).fill(0xff);
    offCurve[31] = 0x7f;
    expect(await decryptDict(await signedFields(data, { a: offCurve }))).toBe('malformedMessage');
    // Not a dict at all.
    expect(await refusal(decryptGroupMessage(await sealDict(utf8Encode('li1ee')), options))).toBe(
      'malformedMessage',
    );
    // An unknown key is skipped, as libsession does.
    const withExtra = await signedFields(data, { q: 5n });
    const opened = await decryptGroupMessage(await sealDict(encodeBt(withExtra)), options);
    expect(opened.plaintext).toEqual(data);
  });

  it('refuses invalid zstd and a decompression bomb', async () => {
    const { groupPublicKey } = await setting();
    const options = {
      groupEd25519PublicKey: groupPublicKey,
      keys: [encryptionKey],
      compressor: zstdCompressor,
    };
    const garbage = await signedFields(utf8Encode('not zstd at all'), {}, 'z');
    expect(await refusal(decryptGroupMessage(await sealDict(encodeBt(garbage)), options))).toBe(
      'malformedMessage',
    );
    const bomb = zstdCompressor.compress(new Uint8Array(maxGroupPlaintextBytes + 1));
    const bombFields = await signedFields(bomb, {}, 'z');
    expect(await refusal(decryptGroupMessage(await sealDict(encodeBt(bombFields)), options))).toBe(
      'malformedMessage',
    );
  });

  it('refuses to encrypt oversize or empty plaintexts and wrong key lengths', async () => {
    const { groupPublicKey, admin } = await setting();
    const base = {
      plaintext: utf8Encode('hi'),
      groupEd25519PublicKey: groupPublicKey,
      encryptionKey,
      senderEd25519SecretKey: admin.ed25519SecretKey,
      compressor: zstdCompressor,
    };
    expect(
      await refusal(encryptGroupMessage({ ...base, plaintext: new Uint8Array(maxGroupPlaintextBytes + 1) })),
    ).toBe('malformedMessage');
    expect(await refusal(encryptGroupMessage({ ...base, plaintext: new Uint8Array() }))).toBe(
      'malformedMessage',
    );
    expect(await refusal(encryptGroupMessage({ ...base, encryptionKey: new Uint8Array(31) }))).toBe(
      'malformedMessage',
    );
    expect(await refusal(encryptGroupMessage({ ...base, groupEd25519PublicKey: new Uint8Array(33) }))).toBe(
      'malformedMessage',
    );
    expect(await refusal(encryptGroupMessage({ ...base, nonce: new Uint8Array(12) }))).toBe(
      'malformedMessage',
    );
    // The largest plaintext is accepted (it compresses, so it fits a store).
    const largest = await encryptGroupMessage({ ...base, plaintext: new Uint8Array(maxGroupPlaintextBytes) });
    expect(largest.length % 256).toBe(0);
  });

  it('refuses stored data too large to be a group message before trying keys', async () => {
    const { groupPublicKey } = await setting();
    // All zeros would fail as decryptionFailed if any key were tried.
    const huge = new Uint8Array(maxGroupPlaintextBytes + 1024);
    const options = {
      groupEd25519PublicKey: groupPublicKey,
      keys: [encryptionKey],
      compressor: zstdCompressor,
    };
    expect(await refusal(decryptGroupMessage(huge, options))).toBe('malformedMessage');
  });
});
