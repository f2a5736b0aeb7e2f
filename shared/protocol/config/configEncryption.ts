// Config encryption (protocol-config-groups.md §4 step 4):
//   key   = BLAKE2b-256(key_base ‖ u64be(len(plaintext)) ‖ domain), unkeyed;
//   nonce = BLAKE2b-192(plaintext, key = "libsessionutil-config-encrypted-" ‖ domain);
//   out   = XChaCha20-Poly1305-IETF(key, nonce, no AD)(plaintext) ‖ nonce.
// The nonce is a hash of the message, so equal configs encrypt to equal bytes (§9 "Determinism").
import { concatBytes, utf8Encode } from '../bytes';
import { loadSodium } from '../sodium';
import { ConfigDecodeError } from './configErrors';

const keyBaseBytes = 32;
const nonceBytes = 24;
const tagBytes = 16;
const maxDomainBytes = 24;
const nonceKeyPrefix = utf8Encode('libsessionutil-config-encrypted-');

function domainBytes(domain: string): Uint8Array {
  const bytes = utf8Encode(domain);
  // 32 + 24 = 56 bytes: within BLAKE2b's 64-byte key limit.
  if (bytes.length < 1 || bytes.length > maxDomainBytes) {
    throw new RangeError(`A config encryption domain is 1–24 bytes, not ${bytes.length}.`);
  }
  return bytes;
}

function checkKeyBase(keyBase: Uint8Array): void {
  if (keyBase.length !== keyBaseBytes) {
    throw new RangeError(`A config key base is 32 bytes, not ${keyBase.length}.`);
  }
}

function u64BigEndian(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

async function deriveKey(keyBase: Uint8Array, length: number, domain: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_generichash(32, concatBytes(keyBase, u64BigEndian(length), domain), null);
}

export async function encryptConfig(
  plaintext: Uint8Array,
  keyBase: Uint8Array,
  domain: string,
): Promise<Uint8Array> {
  checkKeyBase(keyBase);
  const domainPart = domainBytes(domain);
  const sodium = await loadSodium();
  const key = await deriveKey(keyBase, plaintext.length, domainPart);
  const nonce = sodium.crypto_generichash(nonceBytes, plaintext, concatBytes(nonceKeyPrefix, domainPart));
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, null, null, nonce, key);
  return concatBytes(sealed, nonce);
}

/** Throws a ConfigDecodeError ('undecryptable') when the bytes do not open under this key and domain. */
export async function decryptConfig(
  ciphertext: Uint8Array,
  keyBase: Uint8Array,
  domain: string,
): Promise<Uint8Array> {
  checkKeyBase(keyBase);
  const domainPart = domainBytes(domain);
  if (ciphertext.length < tagBytes + nonceBytes) {
    throw new ConfigDecodeError(
      'undecryptable',
      `This config message is ${ciphertext.length} bytes, too short to hold a tag and a nonce.`,
    );
  }
  const sodium = await loadSodium();
  const sealed = ciphertext.subarray(0, ciphertext.length - nonceBytes);
  const nonce = ciphertext.subarray(ciphertext.length - nonceBytes);
  const key = await deriveKey(keyBase, sealed.length - tagBytes, domainPart);
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key);
  } catch {
    throw new ConfigDecodeError(
      'undecryptable',
      `This ${domain} config message could not be decrypted: it is for another account, or damaged.`,
    );
  }
}
