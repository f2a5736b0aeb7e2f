// 15-blinding (protocol-messages.md §6.3): a community server knows each member by a key of their
// own derived for that server alone, so that two servers cannot tell they see the same person.
// k = BLAKE2b-512(server key) mod L; the member's blinded secret is ka = k·a (a: their clamped
// X25519 scalar) and their blinded ID is 15 ‖ kA. Anyone can derive k·Ed(X) from a Session ID, but
// without the sign bit: there are two candidates, and matching tries both.
import { StarlingError } from '../../errors';
import { concatBytes, fromHex, toHex } from '../bytes';
import { edwardsPointOfX25519 } from '../identity/montgomery';
import { loadSodium, type Sodium } from '../sodium';

export const blindedPrefix = '15';

export class BlindingError extends StarlingError<'blindingInvalidInput'> {}

const invalid = (message: string): BlindingError => new BlindingError('blindingInvalidInput', message);

/**
 * Whose nonce rule a signature follows: desktop hashes the seed alone, libsession the seed and the
 * public key (§6.3 H_rh). Both verify the same; byte-exact vectors depend on the choice.
 */
export type NonceRule = 'libsession' | 'desktop';

export interface BlindedKeyPair {
  /** kA, the 32 bytes after `15` in the blinded ID. */
  readonly publicKey: Uint8Array;
  /** ka = k·a mod L. */
  readonly secretScalar: Uint8Array;
}

function checkServerKey(serverPublicKey: Uint8Array): void {
  if (serverPublicKey.length !== 32) throw invalid('A community server key is 32 bytes.');
}

/** k = BLAKE2b-512(server key) mod L. */
function blindingFactor(serverPublicKey: Uint8Array, sodium: Sodium): Uint8Array {
  checkServerKey(serverPublicKey);
  return sodium.crypto_core_ed25519_scalar_reduce(sodium.crypto_generichash(64, serverPublicKey, null));
}

export async function blindedKeyPair(
  ed25519SecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
): Promise<BlindedKeyPair> {
  if (ed25519SecretKey.length !== 64) throw invalid('An Ed25519 secret key is 64 bytes (seed ‖ public key).');
  const sodium = await loadSodium();
  const factor = blindingFactor(serverPublicKey, sodium);
  const scalar = sodium.crypto_sign_ed25519_sk_to_curve25519(ed25519SecretKey);
  const secretScalar = sodium.crypto_core_ed25519_scalar_mul(factor, scalar);
  return { publicKey: sodium.crypto_scalarmult_ed25519_base_noclamp(secretScalar), secretScalar };
}

/** Our own blinded ID on a server: `15` ‖ kA in hex. */
export async function blindedSessionId(
  ed25519SecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
): Promise<string> {
  return blindedPrefix + toHex((await blindedKeyPair(ed25519SecretKey, serverPublicKey)).publicKey);
}

/**
 * The two blinded IDs a Session ID may have on a server: k·Ed(X) as derived, then with its sign
 * bit flipped (the hex digit at index 64 XOR 8).
 */
export async function blindedIdCandidates(
  sessionId: string,
  serverPublicKey: Uint8Array,
): Promise<[string, string]> {
  if (!/^05[0-9a-f]{64}$/u.test(sessionId)) throw invalid('Give a Session ID: 05 and 64 hex digits.');
  const sodium = await loadSodium();
  const factor = blindingFactor(serverPublicKey, sodium);
  const point = edwardsPointOfX25519(fromHex(sessionId.slice(2)));
  if (!point) throw invalid('This Session ID is not a usable X25519 key.');
  let blinded: Uint8Array;
  try {
    blinded = sodium.crypto_scalarmult_ed25519_noclamp(factor, point);
  } catch {
    throw invalid('This Session ID is not a usable X25519 key.');
  }
  const flipped = blinded.slice();
  flipped[31]! ^= 0x80;
  return [blindedPrefix + toHex(blinded), blindedPrefix + toHex(flipped)];
}

/** Whether a 15 ID is the blinded ID of a Session ID on this server (libsession tries both). */
export async function blindedIdMatches(
  sessionId: string,
  blindedId: string,
  serverPublicKey: Uint8Array,
): Promise<boolean> {
  if (!/^15[0-9a-f]{64}$/u.test(blindedId)) return false;
  return (await blindedIdCandidates(sessionId, serverPublicKey)).includes(blindedId);
}

/**
 * EdDSA under kA with ka and a nonce of our own (§6.3): r = SHA-512(H_rh ‖ kA ‖ M) mod L,
 * S = r + SHA-512(R ‖ kA ‖ M)·ka. The result verifies as plain Ed25519 under kA.
 */
export async function signBlinded(
  message: Uint8Array,
  ed25519SecretKey: Uint8Array,
  serverPublicKey: Uint8Array,
  nonceRule: NonceRule = 'libsession',
): Promise<Uint8Array> {
  const { publicKey, secretScalar } = await blindedKeyPair(ed25519SecretKey, serverPublicKey);
  const sodium = await loadSodium();
  const seed = ed25519SecretKey.subarray(0, 32);
  const nonceKey = sodium
    .crypto_hash_sha512(nonceRule === 'desktop' ? seed : concatBytes(seed, ed25519SecretKey.subarray(32, 64)))
    .subarray(32, 64);
  const nonce = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_hash_sha512(concatBytes(nonceKey, publicKey, message)),
  );
  const commitment = sodium.crypto_scalarmult_ed25519_base_noclamp(nonce);
  const challenge = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_hash_sha512(concatBytes(commitment, publicKey, message)),
  );
  const response = sodium.crypto_core_ed25519_scalar_add(
    nonce,
    sodium.crypto_core_ed25519_scalar_mul(challenge, secretScalar),
  );
  return concatBytes(commitment, response);
}

/** A blinded sender's signature is plain Ed25519 under kA (a message's, or a request's). */
export async function verifyBlindedSignature(
  signature: Uint8Array,
  message: Uint8Array,
  blindedPublicKey: Uint8Array,
): Promise<boolean> {
  if (signature.length !== 64 || blindedPublicKey.length !== 32) return false;
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(signature, message, blindedPublicKey);
  } catch {
    return false;
  }
}
