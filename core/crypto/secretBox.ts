// Authenticated encryption of small secrets at rest (keys, seeds): XChaCha20-Poly1305, whose
// 24-byte random nonces are safe to pick at random for every message.
import { loadSodium } from '../../shared/protocol/sodium';

/** XChaCha20-Poly1305 with a random nonce: nonce ‖ ciphertext ‖ tag. */
export async function seal(
  plaintext: Uint8Array,
  key: Uint8Array,
  associatedData: Uint8Array | null = null,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    associatedData,
    null,
    nonce,
    key,
  );
  const sealed = new Uint8Array(nonce.length + ciphertext.length);
  sealed.set(nonce);
  sealed.set(ciphertext, nonce.length);
  return sealed;
}

/** The inverse of `seal`; undefined when the key is wrong or the bytes were altered. */
export async function open(
  sealed: Uint8Array,
  key: Uint8Array,
  associatedData: Uint8Array | null = null,
): Promise<Uint8Array | undefined> {
  const sodium = await loadSodium();
  const nonceLength = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (sealed.length < nonceLength + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return undefined;
  }
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.subarray(nonceLength),
      associatedData,
      sealed.subarray(0, nonceLength),
      key,
    );
  } catch {
    return undefined;
  }
}
