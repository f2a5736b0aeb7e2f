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
 * Encrypts with a fresh random nonce. `nonce` fixes it instead, for test vectors only: reusing a
 * nonce with the same key breaks both ciphers.
 */
export async function encryptHop(
  encryptionType: EncryptionType,
  key: Uint8Array,
  plaintext: Uint8Array,
  nonce?: Uint8Array,
): Promise<Uint8Array> {
  checkKey(key);
  const nonceLength = nonceLengths[encryptionType];
  const usedNonce = nonce ?? randomBytes(nonceLength);
  if (usedNonce.length !== nonceLength) {
    throw new RangeError(`a ${encryptionType} nonce has ${nonceLength} bytes, not ${usedNonce.length}`);
  }
  if (encryptionType === 'aes-gcm') {
    const aesKey = await importAesKey(key);
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: usedNonce }, aesKey, plaintext);
    return concatBytes(usedNonce, new Uint8Array(sealed));
  }
  const sodium = await loadSodium();
  return concatBytes(
    usedNonce,
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, null, null, usedNonce, key),
  );
}

/** Decrypts nonce ‖ ciphertext ‖ tag; anything altered, truncated or keyed otherwise is refused. */
export async function decryptHop(
  encryptionType: EncryptionType,
  key: Uint8Array,
  sealed: Uint8Array,
): Promise<Uint8Array> {
  checkKey(key);
  const nonceLength = nonceLengths[encryptionType];
  if (sealed.length < nonceLength + tagLength) {
    throw decryptionFailed();
  }
  const nonce = sealed.slice(0, nonceLength);
  const ciphertext = sealed.slice(nonceLength);
  if (encryptionType === 'aes-gcm') {
    const aesKey = await importAesKey(key);
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce }, aesKey, ciphertext));
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
