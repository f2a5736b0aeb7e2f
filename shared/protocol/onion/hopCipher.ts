// Encrypting and decrypting one onion layer or reply with a hop key (protocol-network.md §5.3). The
// wire form is nonce ‖ ciphertext ‖ 16-byte tag, with no additional data:
// aes-gcm uses a 12-byte IV (28 bytes of overhead), xchacha20 a 24-byte nonce (40 bytes).
import { StarlingError } from '../../errors';
import { concatBytes, randomBytes } from '../bytes';
import { loadSodium } from '../sodium';
import type { EncryptionType } from './encryptionType';

const keyLength = 32;
const tagLength = 16;

export const nonceLengths: Readonly<Record<EncryptionType, number>> = { 'aes-gcm': 12, xchacha20: 24 };

/** Bytes an encrypted layer or reply adds to its plaintext. */
export function encryptionOverhead(encryptionType: EncryptionType): number {
  return nonceLengths[encryptionType] + tagLength;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== keyLength) {
    throw new RangeError(`an onion hop key has ${keyLength} bytes, not ${key.length}`);
  }
}

// No return type written: under Node's types (the tests) CryptoKey is a value, not a type.
function importAesKey(key: Uint8Array) {
  return crypto.subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/**
 * AES-256-GCM as a platform offers it: the process's crypto implementation's
 * (shared/protocol/cryptoInterface.ts) unless a caller passes one. The wasm implementation's is
 * WebCrypto, which wants one joined input, copies it, and answers with a new buffer; the native
 * one's is node:crypto's (core/network/nativeAesGcm.ts), which reads views part by part.
 */
export interface AesGcm {
  /**
   * Encrypts the plaintext that `parts` make in order. Answers the ciphertext in parts of its own
   * (joined, they have the plaintext's length), the 16-byte tag last.
   */
  seal(key: Uint8Array, iv: Uint8Array, parts: readonly Uint8Array[]): Uint8Array[] | Promise<Uint8Array[]>;
  /** The plaintext of `sealed` (ciphertext ‖ tag) in a new array; throws when the tag does not match. */
  open(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : concatBytes(...parts);
}

export const webCryptoAesGcm: AesGcm = {
  async seal(key, iv, parts) {
    const aesKey = await importAesKey(key);
    // WebCrypto answers ciphertext ‖ tag as one buffer: one part that holds both.
    return [new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aesKey, joined(parts)))];
  },
  async open(key, iv, sealed) {
    const aesKey = await importAesKey(key);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aesKey, sealed));
  },
};

/**
 * Encrypts the plaintext that `parts` make, for a builder that wraps layer around layer: answers
 * nonce ‖ ciphertext ‖ tag as parts, so that they can be the next layer's plaintext as they are,
 * without joining. A fresh nonce, unless `nonce` is given for a test vector.
 */
export async function sealHop(
  encryptionType: EncryptionType,
  key: Uint8Array,
  parts: readonly Uint8Array[],
  options: { readonly nonce?: Uint8Array | undefined; readonly aesGcm?: AesGcm | undefined } = {},
): Promise<Uint8Array[]> {
  checkKey(key);
  const nonceLength = nonceLengths[encryptionType];
  const nonce = options.nonce ?? randomBytes(nonceLength);
  if (nonce.length !== nonceLength) {
    throw new RangeError(`a ${encryptionType} nonce has ${nonceLength} bytes, not ${nonce.length}`);
  }
  if (encryptionType === 'aes-gcm') {
    const aesGcm = options.aesGcm ?? (await loadSodium()).aesGcm;
    return [nonce, ...(await aesGcm.seal(key, nonce, parts))];
  }
  // libsodium's AEAD takes one input, so the parts are joined (and the wasm build copies them again
  // into its own memory).
  const sodium = await loadSodium();
  return [nonce, sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(joined(parts), null, null, nonce, key)];
}

/**
 * Encrypts with a fresh random nonce. `nonce` fixes it instead, for test vectors only: reusing a
 * nonce with the same key breaks both ciphers.
 */
export async function encryptHop(
  encryptionType: EncryptionType,
  key: Uint8Array,
  plaintext: Uint8Array,
  nonce?: Uint8Array,
): Promise<Uint8Array> {
  return concatBytes(...(await sealHop(encryptionType, key, [plaintext], { nonce })));
}

/**
 * Decrypts nonce ‖ ciphertext ‖ tag; anything altered, truncated or keyed otherwise is refused. The
 * nonce and the ciphertext are read as views of `sealed`, which is not changed.
 */
export async function decryptHop(
  encryptionType: EncryptionType,
  key: Uint8Array,
  sealed: Uint8Array,
  aesGcm?: AesGcm,
): Promise<Uint8Array> {
  checkKey(key);
  const nonceLength = nonceLengths[encryptionType];
  if (sealed.length < nonceLength + tagLength) {
    throw decryptionFailed();
  }
  const nonce = sealed.subarray(0, nonceLength);
  const ciphertext = sealed.subarray(nonceLength);
  if (encryptionType === 'aes-gcm') {
    try {
      return await (aesGcm ?? (await loadSodium()).aesGcm).open(key, nonce, ciphertext);
    } catch {
      throw decryptionFailed();
    }
  }
  const sodium = await loadSodium();
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, null, nonce, key);
  } catch {
    throw decryptionFailed();
  }
}

function decryptionFailed(): StarlingError<'decryptionFailed'> {
  return new StarlingError(
    'decryptionFailed',
    'An onion request or reply could not be decrypted: it was damaged or encrypted with another key.',
  );
}
