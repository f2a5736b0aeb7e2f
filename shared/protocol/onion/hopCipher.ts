// Encrypting and decrypting one onion layer or reply with a hop key (protocol-network.md §5.3). The
// wire form is nonce ‖ ciphertext ‖ 16-byte tag, with no additional data:
// aes-gcm uses a 12-byte IV (28 bytes of overhead), xchacha20 a 24-byte nonce (40 bytes).
import { StarlingError } from '../../errors';
import { randomBytes } from '../bytes';
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
 * AES-256-GCM as a platform offers it. shared/ also runs in the renderer, so the default is WebCrypto,
 * which copies its input and answers with a new buffer (two copies of a layer); the engine passes
 * node:crypto's (core/network/nativeAesGcm.ts), which reads views and writes where it is told.
 */
export interface AesGcm {
  /**
   * `region` is the plaintext followed by 16 spare bytes: the plaintext is replaced by its
   * ciphertext, and the tag written into the spare bytes.
   */
  sealInPlace(key: Uint8Array, iv: Uint8Array, region: Uint8Array): void | Promise<void>;
  /** The plaintext of `sealed` (ciphertext ‖ tag) in a new array; throws when the tag does not match. */
  open(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

export const webCryptoAesGcm: AesGcm = {
  async sealInPlace(key, iv, region) {
    const aesKey = await importAesKey(key);
    const plaintext = region.subarray(0, region.length - tagLength);
    // WebCrypto answers ciphertext ‖ tag, which is exactly the region's layout.
    region.set(new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aesKey, plaintext)));
  },
  async open(key, iv, sealed) {
    const aesKey = await importAesKey(key);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aesKey, sealed));
  },
};

/**
 * Encrypts one layer where it lies, for a builder that lays the whole request out at once:
 * `sealed` is nonce ‖ plaintext ‖ tag, with the plaintext already in place and room for the nonce
 * (written here, fresh unless `nonce` is given for a test vector) and the tag.
 */
export async function sealHopInPlace(
  encryptionType: EncryptionType,
  key: Uint8Array,
  sealed: Uint8Array,
  options: { readonly nonce?: Uint8Array | undefined; readonly aesGcm?: AesGcm | undefined } = {},
): Promise<void> {
  checkKey(key);
  const nonceLength = nonceLengths[encryptionType];
  if (sealed.length < nonceLength + tagLength) throw new RangeError('no room for the nonce and the tag');
  const nonce = options.nonce ?? randomBytes(nonceLength);
  if (nonce.length !== nonceLength) {
    throw new RangeError(`a ${encryptionType} nonce has ${nonceLength} bytes, not ${nonce.length}`);
  }
  sealed.set(nonce, 0);
  const region = sealed.subarray(nonceLength);
  if (encryptionType === 'aes-gcm') {
    await (options.aesGcm ?? webCryptoAesGcm).sealInPlace(key, nonce, region);
    return;
  }
  // libsodium works on its own WebAssembly memory, so it copies either way; detached, at least the
  // ciphertext and the tag land in place without a joined buffer of both.
  const sodium = await loadSodium();
  const plaintextLength = region.length - tagLength;
  const { ciphertext, mac } = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
    region.subarray(0, plaintextLength),
    null,
    null,
    nonce,
    key,
  );
  region.set(ciphertext, 0);
  region.set(mac, plaintextLength);
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
  const sealed = new Uint8Array(plaintext.length + encryptionOverhead(encryptionType));
  sealed.set(plaintext, nonceLengths[encryptionType]);
  await sealHopInPlace(encryptionType, key, sealed, { nonce });
  return sealed;
}

/**
 * Decrypts nonce ‖ ciphertext ‖ tag; anything altered, truncated or keyed otherwise is refused. The
 * nonce and the ciphertext are read as views of `sealed`, which is not changed.
 */
export async function decryptHop(
  encryptionType: EncryptionType,
  key: Uint8Array,
  sealed: Uint8Array,
  aesGcm: AesGcm = webCryptoAesGcm,
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
      return await aesGcm.open(key, nonce, ciphertext);
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
