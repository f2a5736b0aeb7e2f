// The native and wasm implementations of the crypto interface agree on random inputs: every
// deterministic operation byte for byte, every randomised one by opening or verifying what the
// other made, and both refuse the same damaged inputs. Seeded, so that a failure can be replayed.
import { describe, expect, it } from 'vitest';
import type { Crypto } from '../../shared/protocol/cryptoInterface';
import { chooseCrypto, loadSodium } from '../../shared/protocol/sodium';
import { loadWasmCrypto } from '../../shared/protocol/wasmCrypto';
import { loadNativeCrypto } from './nativeCrypto';

const cases = 300;

/** mulberry32: a small seeded generator, independent of both implementations under test. */
function seededRandom(seed: number): { bytes(length: number): Uint8Array; below(limit: number): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    bytes: (length) => Uint8Array.from({ length }, () => Math.floor(next() * 256)),
    below: (limit) => Math.floor(next() * limit),
  };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A copy of `bytes` with one bit flipped at a random place. */
function damaged(bytes: Uint8Array, random: ReturnType<typeof seededRandom>): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[random.below(copy.length)]! ^= 1 << random.below(8);
  return copy;
}

async function both(): Promise<{ native: Crypto; wasm: Crypto }> {
  return { native: await loadNativeCrypto(), wasm: await loadWasmCrypto() };
}

/** Runs `check` on `cases` seeded inputs, with the two implementations in both roles. */
async function forEachCase(
  seed: number,
  check: (
    pair: { first: Crypto; second: Crypto },
    random: ReturnType<typeof seededRandom>,
  ) => void | Promise<void>,
  count = cases,
): Promise<void> {
  const { native, wasm } = await both();
  const random = seededRandom(seed);
  for (let index = 0; index < count; index += 1) {
    const [first, second] = index % 2 === 0 ? [native, wasm] : [wasm, native];
    await check({ first, second }, random);
  }
}

/** Asserts that both implementations throw, or that both answer the same bytes. */
function sameOutcome(first: () => Uint8Array, second: () => Uint8Array): void {
  const outcome = (run: () => Uint8Array): string => {
    try {
      return hex(run());
    } catch {
      return 'thrown';
    }
  };
  expect(outcome(first)).toBe(outcome(second));
}

describe('the crypto implementations', () => {
  it('is native in tests unless STARLING_CRYPTO=wasm', async () => {
    expect((await loadSodium()).name).toBe(process.env.STARLING_CRYPTO === 'wasm' ? 'wasm' : 'native');
  });

  it('cannot be chosen once crypto has run, except as the same choice', async () => {
    await loadSodium();
    const chosen = process.env.STARLING_CRYPTO === 'wasm' ? loadWasmCrypto : loadNativeCrypto;
    const other = chosen === loadWasmCrypto ? loadNativeCrypto : loadWasmCrypto;
    expect(() => chooseCrypto(chosen)).not.toThrow();
    expect(() => chooseCrypto(other)).toThrow(/already in use/);
  });

  it('have the same constants', async () => {
    const { native, wasm } = await both();
    for (const name of [
      'crypto_aead_xchacha20poly1305_ietf_NPUBBYTES',
      'crypto_aead_xchacha20poly1305_ietf_ABYTES',
      'crypto_box_NONCEBYTES',
      'crypto_pwhash_SALTBYTES',
      'crypto_pwhash_ALG_ARGON2ID13',
    ] as const) {
      expect(native[name], name).toBe(wasm[name]);
    }
  });

  it('draw random bytes of the length asked', async () => {
    await forEachCase(1, ({ first }, random) => {
      const length = random.below(100);
      expect(first.randombytes_buf(length).length).toBe(length);
    });
  });

  it('agree on hashes, keyed hashes, MACs and the deterministic stream', async () => {
    await forEachCase(2, ({ first, second }, random) => {
      const message = random.bytes(random.below(300));
      const length = 1 + random.below(64);
      // No key, an empty one, and 1 to 64 bytes (below 16, native borrows the wasm build).
      const keyLength = random.below(67) - 2;
      const key = keyLength < 0 ? null : random.bytes(keyLength);
      expect(hex(first.crypto_generichash(length, message, key))).toBe(
        hex(second.crypto_generichash(length, message, key)),
      );
      expect(hex(first.crypto_hash_sha512(message))).toBe(hex(second.crypto_hash_sha512(message)));
      const macKey = random.bytes(32);
      expect(hex(first.crypto_auth_hmacsha256(message, macKey))).toBe(
        hex(second.crypto_auth_hmacsha256(message, macKey)),
      );
      const seed = random.bytes(32);
      const streamLength = random.below(200);
      expect(hex(first.randombytes_buf_deterministic(streamLength, seed))).toBe(
        hex(second.randombytes_buf_deterministic(streamLength, seed)),
      );
    });
  });

  it('agree on Argon2id', async () => {
    // Argon2id at its smallest cost: the parameters differ from the engine's, the code path does not.
    await forEachCase(
      3,
      ({ first, second }, random) => {
        const password = random.bytes(random.below(40));
        const salt = random.bytes(16);
        const derive = (crypto: Crypto): string =>
          hex(crypto.crypto_pwhash(32, password, salt, 1, 8192, crypto.crypto_pwhash_ALG_ARGON2ID13));
        expect(derive(first)).toBe(derive(second));
      },
      40,
    );
  });

  it('agree on Ed25519 keys and signatures, and verify each other', async () => {
    await forEachCase(4, ({ first, second }, random) => {
      const seed = random.bytes(32);
      const keys = first.crypto_sign_seed_keypair(seed);
      const again = second.crypto_sign_seed_keypair(seed);
      expect(hex(keys.publicKey)).toBe(hex(again.publicKey));
      expect(hex(keys.privateKey)).toBe(hex(again.privateKey));
      const message = random.bytes(random.below(500));
      const signature = first.crypto_sign_detached(message, keys.privateKey);
      expect(hex(signature)).toBe(hex(second.crypto_sign_detached(message, keys.privateKey)));
      expect(second.crypto_sign_verify_detached(signature, message, keys.publicKey)).toBe(true);
      const forged = damaged(signature, random);
      expect(second.crypto_sign_verify_detached(forged, message, keys.publicKey)).toBe(false);
      expect(first.crypto_sign_verify_detached(forged, message, keys.publicKey)).toBe(false);
      expect(hex(first.crypto_sign_ed25519_pk_to_curve25519(keys.publicKey))).toBe(
        hex(second.crypto_sign_ed25519_pk_to_curve25519(keys.publicKey)),
      );
      expect(hex(first.crypto_sign_ed25519_sk_to_curve25519(keys.privateKey))).toBe(
        hex(second.crypto_sign_ed25519_sk_to_curve25519(keys.privateKey)),
      );
      // Random 32 bytes are a valid point about half the time: both accept or refuse them alike.
      const anyBytes = random.bytes(32);
      sameOutcome(
        () => first.crypto_sign_ed25519_pk_to_curve25519(anyBytes),
        () => second.crypto_sign_ed25519_pk_to_curve25519(anyBytes),
      );
      const fresh = first.crypto_sign_keypair();
      expect(
        second.crypto_sign_verify_detached(
          first.crypto_sign_detached(message, fresh.privateKey),
          message,
          fresh.publicKey,
        ),
      ).toBe(true);
    });
  });

  it('agree on X25519 and boxes, and open each other’s sealed boxes', async () => {
    await forEachCase(5, ({ first, second }, random) => {
      const seed = random.bytes(32);
      const recipient = first.crypto_box_seed_keypair(seed);
      expect(hex(recipient.privateKey)).toBe(hex(second.crypto_box_seed_keypair(seed).privateKey));
      expect(hex(recipient.publicKey)).toBe(hex(second.crypto_box_seed_keypair(seed).publicKey));
      const sender = second.crypto_box_keypair();
      expect(hex(first.crypto_scalarmult_base(sender.privateKey))).toBe(hex(sender.publicKey));
      expect(hex(first.crypto_scalarmult(sender.privateKey, recipient.publicKey))).toBe(
        hex(second.crypto_scalarmult(recipient.privateKey, sender.publicKey)),
      );
      const message = random.bytes(random.below(500));
      const nonce = random.bytes(first.crypto_box_NONCEBYTES);
      expect(hex(first.crypto_box_easy(message, nonce, recipient.publicKey, sender.privateKey))).toBe(
        hex(second.crypto_box_easy(message, nonce, recipient.publicKey, sender.privateKey)),
      );
      const sealed = first.crypto_box_seal(message, recipient.publicKey);
      expect(hex(second.crypto_box_seal_open(sealed, recipient.publicKey, recipient.privateKey))).toBe(
        hex(message),
      );
      const altered = damaged(sealed, random);
      expect(() => second.crypto_box_seal_open(altered, recipient.publicKey, recipient.privateKey)).toThrow();
      expect(() => first.crypto_box_seal_open(altered, recipient.publicKey, recipient.privateKey)).toThrow();
      const truncated = sealed.subarray(0, random.below(48));
      expect(() =>
        first.crypto_box_seal_open(truncated, recipient.publicKey, recipient.privateKey),
      ).toThrow();
      expect(() =>
        second.crypto_box_seal_open(truncated, recipient.publicKey, recipient.privateKey),
      ).toThrow();
    });
  });

  it('agree on XChaCha20-Poly1305 and ChaCha20, and refuse the same damage', async () => {
    await forEachCase(6, ({ first, second }, random) => {
      const key = random.bytes(32);
      const nonce = random.bytes(24);
      const message = random.bytes(random.below(500));
      const associated = random.below(2) === 0 ? null : random.bytes(random.below(40));
      const ciphertext = first.crypto_aead_xchacha20poly1305_ietf_encrypt(
        message,
        associated,
        null,
        nonce,
        key,
      );
      expect(hex(ciphertext)).toBe(
        hex(second.crypto_aead_xchacha20poly1305_ietf_encrypt(message, associated, null, nonce, key)),
      );
      expect(
        hex(second.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associated, nonce, key)),
      ).toBe(hex(message));
      const altered = damaged(ciphertext, random);
      for (const crypto of [first, second]) {
        expect(() =>
          crypto.crypto_aead_xchacha20poly1305_ietf_decrypt(null, altered, associated, nonce, key),
        ).toThrow();
        expect(() =>
          crypto.crypto_aead_xchacha20poly1305_ietf_decrypt(
            null,
            ciphertext.subarray(0, 15),
            associated,
            nonce,
            key,
          ),
        ).toThrow();
      }
      const streamNonce = random.bytes(12);
      expect(hex(first.crypto_stream_chacha20_ietf_xor(message, streamNonce, key))).toBe(
        hex(second.crypto_stream_chacha20_ietf_xor(message, streamNonce, key)),
      );
    });
  });

  it('agree on the Ed25519 scalar and point operations of blinding', async () => {
    await forEachCase(7, ({ first, second }, random) => {
      const wide = random.bytes(64);
      const x = first.crypto_core_ed25519_scalar_reduce(wide);
      expect(hex(x)).toBe(hex(second.crypto_core_ed25519_scalar_reduce(wide)));
      const y = second.crypto_core_ed25519_scalar_reduce(random.bytes(64));
      expect(hex(first.crypto_core_ed25519_scalar_add(x, y))).toBe(
        hex(second.crypto_core_ed25519_scalar_add(x, y)),
      );
      expect(hex(first.crypto_core_ed25519_scalar_mul(x, y))).toBe(
        hex(second.crypto_core_ed25519_scalar_mul(x, y)),
      );
      expect(hex(first.crypto_core_ed25519_scalar_negate(x))).toBe(
        hex(second.crypto_core_ed25519_scalar_negate(x)),
      );
      const point = first.crypto_scalarmult_ed25519_base_noclamp(x);
      expect(hex(point)).toBe(hex(second.crypto_scalarmult_ed25519_base_noclamp(x)));
      expect(hex(first.crypto_scalarmult_ed25519_noclamp(y, point))).toBe(
        hex(second.crypto_scalarmult_ed25519_noclamp(y, point)),
      );
      // Arbitrary bytes as a point, and the zero scalar: both refuse (or accept) alike.
      const anyPoint = random.bytes(32);
      sameOutcome(
        () => first.crypto_scalarmult_ed25519_noclamp(y, anyPoint),
        () => second.crypto_scalarmult_ed25519_noclamp(y, anyPoint),
      );
      const zero = new Uint8Array(32);
      expect(() => first.crypto_scalarmult_ed25519_base_noclamp(zero)).toThrow();
      expect(() => second.crypto_scalarmult_ed25519_base_noclamp(zero)).toThrow();
    });
  });

  it('agree on AES-256-GCM and open each other’s layers', async () => {
    await forEachCase(8, async ({ first, second }, random) => {
      const key = random.bytes(32);
      const iv = random.bytes(12);
      const message = random.bytes(random.below(2000));
      const cut = random.below(message.length + 1);
      const sealed = Buffer.concat(
        await first.aesGcm.seal(key, iv, [message.subarray(0, cut), message.subarray(cut)]),
      );
      expect(hex(sealed)).toBe(hex(Buffer.concat(await second.aesGcm.seal(key, iv, [message]))));
      expect(hex(await second.aesGcm.open(key, iv, sealed))).toBe(hex(message));
      const altered = damaged(sealed, random);
      await expect(Promise.resolve().then(() => first.aesGcm.open(key, iv, altered))).rejects.toThrow();
      await expect(Promise.resolve().then(() => second.aesGcm.open(key, iv, altered))).rejects.toThrow();
    });
  });
});
