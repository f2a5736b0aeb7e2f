// Account keys from a seed (protocol-messages.md §1.1): the 16-byte seed of a recovery phrase is
// zero-padded to 32 bytes, expanded into an Ed25519 key pair, and converted to X25519; the
// Session ID is "05" followed by the X25519 public key.
import { concatBytes } from '../bytes';
import { loadSodium } from '../sodium';
import { sessionIdFromX25519PublicKey } from './sessionId';

export interface IdentityKeys {
  /** The 32-byte Ed25519 seed. */
  readonly seed: Uint8Array;
  readonly ed25519PublicKey: Uint8Array;
  /** libsodium's 64-byte form: seed ‖ public key. */
  readonly ed25519SecretKey: Uint8Array;
  readonly x25519PublicKey: Uint8Array;
  readonly x25519SecretKey: Uint8Array;
  readonly sessionId: string;
}

export function expandSeed(seed: Uint8Array): Uint8Array {
  if (seed.length === 32) {
    return seed.slice();
  }
  if (seed.length === 16) {
    return concatBytes(seed, new Uint8Array(16));
  }
  throw new RangeError(`an account seed has 16 or 32 bytes, not ${seed.length}`);
}

export async function deriveIdentityKeys(seed: Uint8Array): Promise<IdentityKeys> {
  const sodium = await loadSodium();
  const fullSeed = expandSeed(seed);
  const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(fullSeed);
  const x25519PublicKey = sodium.crypto_sign_ed25519_pk_to_curve25519(publicKey);
  return {
    seed: fullSeed,
    ed25519PublicKey: publicKey,
    ed25519SecretKey: privateKey,
    x25519PublicKey,
    x25519SecretKey: sodium.crypto_sign_ed25519_sk_to_curve25519(privateKey),
    sessionId: sessionIdFromX25519PublicKey(x25519PublicKey),
  };
}

/** The Session ID that an Ed25519 public key stands for (§2.1: a message's sender). */
export async function sessionIdFromEd25519PublicKey(ed25519PublicKey: Uint8Array): Promise<string> {
  const sodium = await loadSodium();
  return sessionIdFromX25519PublicKey(sodium.crypto_sign_ed25519_pk_to_curve25519(ed25519PublicKey));
}
