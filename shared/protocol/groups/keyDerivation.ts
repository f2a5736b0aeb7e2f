// The derived values of Keys messages (protocol-config-groups.md §6.2 "Notation and derived values",
// "Full message" steps 1–6, "Supplemental message" step 2). Everything is deterministic, so two
// admins rekeying the same member list produce the same message (§9 "Determinism is load-bearing").
import { blake2b } from '@noble/hashes/blake2.js';
import { concatBytes, fromHex, utf8Encode } from '../bytes';
import { isSessionId } from '../identity/sessionId';
import { loadSodium } from '../sodium';
import { GroupKeysError } from './groupKeysError';

export const seedHashKey = 'SessionGroupKeySeed';
export const keyGenerationHashKey = 'SessionGroupKeyGen';
/** The code's names; the header comments' "SessionGroupKeyAdmin"/"…Member" are stale (§6.2). */
export const adminKeyHashKey = 'SessionGroupKeyAdminKey';
export const memberKeyDomain = 'SessionGroupKeyMemberKey';
export const junkSeedHashKey = 'SessionGroupJunkMembers';

/** §6.2 step 6: `k` is padded with junk to a multiple of this many entries. */
export const messageKeyMultiple = 75;
/**
 * Multiples a received `k` may have. A newer libsession copy in the search index pads to 45 (to fit
 * push notifications); the doc and the Jan 2025 code say 75. Which one desktop 1.17.17's libsession
 * uses is unverified, and a reader strict on one would refuse every rekey of the other, so both are
 * read (we write 75, as documented).
 */
export const acceptedKeyMultiples: readonly number[] = [75, 45];
export const groupKeyBytes = 32;
export const keyNonceBytes = 24;
/** A 32-byte key sealed with XChaCha20-Poly1305: 32 + 16. */
export const sealedKeyBytes = 48;

export interface GroupSigningKeys {
  readonly seed: Uint8Array;
  /** libsodium's 64-byte form, seed ‖ public key: `gsk`. */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** The group key pair from a 32-byte seed or a 64-byte secret key (LS `load_admin_key` takes both). */
export async function groupSigningKeys(seedOrSecretKey: Uint8Array): Promise<GroupSigningKeys> {
  if (seedOrSecretKey.length !== 32 && seedOrSecretKey.length !== 64) {
    throw new GroupKeysError(
      'invalidInput',
      `A group seed is 32 bytes (or a 64-byte secret key), not ${seedOrSecretKey.length}.`,
    );
  }
  const seed = seedOrSecretKey.slice(0, 32);
  const sodium = await loadSodium();
  const { publicKey, privateKey } = sodium.crypto_sign_seed_keypair(seed);
  return { seed, secretKey: privateKey, publicKey };
}

/** `seed_hash(K) = BLAKE2b-256(msg = seed, key = K)`. */
export function seedHash(seed: Uint8Array, key: string): Uint8Array {
  return blake2b(seed, { dkLen: 32, key: utf8Encode(key) });
}

/** The X25519 key of a 05 Session ID; refuses anything else with a typed error. */
export function sessionIdX25519(sessionId: string): Uint8Array {
  if (!isSessionId(sessionId)) {
    throw new GroupKeysError(
      'invalidInput',
      'A group member must be a 05 Session ID of 66 lowercase hex digits; one is not.',
    );
  }
  return fromHex(sessionId.slice(2));
}

/** Members sorted by their hex ID and de-duplicated, as LS iterates the Members config. */
export function sortedMemberIds(memberSessionIds: readonly string[]): string[] {
  for (const sessionId of memberSessionIds) sessionIdX25519(sessionId);
  return [...new Set(memberSessionIds)].sort();
}

/**
 * Full message steps 1–3: `h1 = BLAKE2b-448(key "SessionGroupKeyGen", sorted hex IDs ‖ ascii(gen) ‖ h2)`;
 * the key is h1[0:32] and the nonce h1[32:56]. `sortedIds` must come from `sortedMemberIds`.
 */
export function rekeyHash(seed: Uint8Array, sortedIds: readonly string[], generation: number): Uint8Array {
  const h2 = seedHash(seed, seedHashKey);
  const message = concatBytes(...sortedIds.map(utf8Encode), utf8Encode(String(generation)), h2);
  return blake2b(message, { dkLen: 56, key: utf8Encode(keyGenerationHashKey) });
}

/**
 * Step 6: `n` junk entries from `randombytes_buf_deterministic(48·n, BLAKE2b-256(key
 * "SessionGroupJunkMembers", h1 ‖ gsk))`, i.e. the ChaCha20-IETF keystream with nonce "LibsodiumDRG".
 */
export async function junkEntries(
  h1: Uint8Array,
  groupSecretKey: Uint8Array,
  count: number,
): Promise<Uint8Array[]> {
  if (count === 0) return [];
  const sodium = await loadSodium();
  const rngSeed = sodium.crypto_generichash(32, concatBytes(h1, groupSecretKey), utf8Encode(junkSeedHashKey));
  const stream = sodium.randombytes_buf_deterministic(sealedKeyBytes * count, rngSeed);
  return Array.from({ length: count }, (_, index) =>
    stream.slice(index * sealedKeyBytes, (index + 1) * sealedKeyBytes),
  );
}

/** The supplement nonce (step 2): IDs in the order given, not sorted, whatever the comment says. */
export function supplementNonce(
  seed: Uint8Array,
  sessionIds: readonly string[],
  keyList: Uint8Array,
): Uint8Array {
  const h2 = seedHash(seed, seedHashKey);
  return blake2b(concatBytes(...sessionIds.map(utf8Encode), keyList, h2), {
    dkLen: keyNonceBytes,
    key: utf8Encode(keyGenerationHashKey),
  });
}
