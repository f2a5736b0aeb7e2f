// Signing and checking storage requests (protocol-network.md §4.2, §4.6): Ed25519 over the bytes of
// signatureMessages.ts, sent as standard base64. Servers accept it with or without padding
// (88 or 86 characters) and refuse hex.
import { StarlingError } from '../../errors';
import { fromBase64, toBase64 } from '../base64';
import { loadSodium } from '../sodium';

const signatureLength = 64;
const publicKeyLength = 32;

/** Signs a request with libsodium's 64-byte Ed25519 secret key (seed ‖ public key). */
export async function signRequest(message: Uint8Array, ed25519SecretKey: Uint8Array): Promise<string> {
  const sodium = await loadSodium();
  return toBase64(sodium.crypto_sign_detached(message, ed25519SecretKey));
}

/** The 64 signature bytes of a request's `signature` parameter (§4.2: base64, 86 or 88 characters). */
export function decodeRequestSignature(signature: string): Uint8Array {
  if (signature.length !== 86 && signature.length !== 88) {
    throw new StarlingError(
      'invalidSignature',
      `A request signature is 86 or 88 base64 characters; this one has ${signature.length}.`,
    );
  }
  const bytes = fromBase64(signature);
  if (bytes.length !== signatureLength) {
    throw new StarlingError('invalidSignature', 'A request signature holds 64 bytes.');
  }
  return bytes;
}

/** Whether `signature` is a valid signature of `message` by the key; false for malformed ones too. */
export async function verifyRequestSignature(
  message: Uint8Array,
  signature: string,
  ed25519PublicKey: Uint8Array,
): Promise<boolean> {
  if (ed25519PublicKey.length !== publicKeyLength) {
    return false;
  }
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = decodeRequestSignature(signature);
  } catch {
    return false;
  }
  const sodium = await loadSodium();
  return sodium.crypto_sign_verify_detached(signatureBytes, message, ed25519PublicKey);
}
