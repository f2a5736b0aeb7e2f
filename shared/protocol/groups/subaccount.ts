// Groups v2 subaccount authentication (protocol-config-groups.md §6.6, protocol-network.md §4.2,
// §4.9). An admin hands each member 100 bytes of auth data; with them the member signs storage
// requests for the group's swarm under a key kT that only the group key could have issued, and the
// admin can later revoke exactly that key by its 36-byte token.
//
// Notation as §4.9: c/C the group Ed25519 secret/public key, X the member's X25519 key (its Session
// ID), T the Ed25519 point of X with the sign bit cleared, k a per-member scalar derived from the
// group seed.
import { toBase64 } from '../base64';
import { concatBytes, fromHex, utf8Encode } from '../bytes';
import { loadSodium, type Sodium } from '../sodium';
import { edwardsPointOfX25519 } from '../identity/montgomery';
import { StarlingError } from '../../errors';

/** §4.2: the flags byte of a token. */
export const subaccountFlags = { read: 1, write: 2, delete: 4, anyPrefix: 8 } as const;

export const subaccountAuthDataLength = 100;
export const subaccountTokenLength = 36;

/** The prefix byte of a groups v2 account (`03…`), the first byte of every token (§4.2). */
const groupPrefix = 0x03;

const maskKey = utf8Encode('SessionGroupSubaccountMask');
const signatureNonceKey = utf8Encode('SubaccountSig');
const seedHashKey = utf8Encode('SubaccountSeed');

export type SubaccountErrorCode = 'invalidSubaccountInput';
export type SubaccountError = StarlingError<SubaccountErrorCode>;

function invalidInput(message: string): SubaccountError {
  return new StarlingError('invalidSubaccountInput', message);
}

export interface SubaccountGrant {
  /** libsodium's 64-byte form (seed ‖ public key) of the group's Ed25519 key: admins only. */
  readonly groupEd25519SecretKey: Uint8Array;
  /** The member's `05…` Session ID. */
  readonly memberSessionId: string;
  /** Store permission; default true, as desktop's `makeSwarmSubAccount` (§6.6). */
  readonly write?: boolean;
  /** Delete permission; default false. */
  readonly delete?: boolean;
}

export interface SubaccountRequestSignature {
  /** The 36-byte token, base64 (48 characters). */
  readonly subaccount: string;
  /** The group's signature over the token, base64. */
  readonly subaccount_sig: string;
  /** The request's signature under the token's key, base64. */
  readonly signature: string;
}

function flagsOf(write: boolean, remove: boolean): number {
  return subaccountFlags.read | (write ? subaccountFlags.write : 0) | (remove ? subaccountFlags.delete : 0);
}

function checkSecretKey(secretKey: Uint8Array, what: string): void {
  if (secretKey.length !== 64) {
    throw invalidInput(`The ${what} Ed25519 secret key must be 64 bytes, not ${secretKey.length}.`);
  }
}

function memberX25519Key(sessionId: string): Uint8Array {
  if (!/^05[0-9a-fA-F]{64}$/u.test(sessionId)) {
    throw invalidInput('A group member must be named by a 05-prefixed Session ID of 66 hex digits.');
  }
  return fromHex(sessionId.slice(2));
}

/** The member's T (§4.9), refused in words when the Session ID is no usable X25519 key. */
function pointOfSessionKey(x25519PublicKey: Uint8Array): Uint8Array {
  const point = edwardsPointOfX25519(x25519PublicKey);
  if (!point) throw invalidInput('This Session ID is not a usable X25519 key.');
  return point;
}

// --- Derivation -----------------------------------------------------------------------------------

/** §4.9 k = BLAKE2b-512(key = BLAKE2b-256(seed, key = mask), 05 ‖ X ‖ 03 ‖ C) mod L. */
function memberScalar(
  groupEd25519SecretKey: Uint8Array,
  x25519PublicKey: Uint8Array,
  sodium: Sodium,
): Uint8Array {
  const seed = groupEd25519SecretKey.subarray(0, 32);
  const groupPublicKey = groupEd25519SecretKey.subarray(32, 64);
  const maskedSeed = sodium.crypto_generichash(32, seed, maskKey);
  const wide = sodium.crypto_generichash(
    64,
    concatBytes(Uint8Array.of(0x05), x25519PublicKey, Uint8Array.of(groupPrefix), groupPublicKey),
    maskedSeed,
  );
  return sodium.crypto_core_ed25519_scalar_reduce(wide);
}

/** k·P for a point P; libsodium clears the scalar's top bit itself (hence §8.7's one harmless bit). */
function multiply(scalar: Uint8Array, point: Uint8Array, sodium: Sodium): Uint8Array {
  try {
    return sodium.crypto_scalarmult_ed25519_noclamp(scalar, point);
  } catch {
    throw invalidInput('The subaccount key cannot be derived from this key (it is not a valid point).');
  }
}

function tokenOf(flags: number, subaccountPublicKey: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(groupPrefix, flags, 0, 0), subaccountPublicKey);
}

/** The admin's view of a member: k, the token kT and its flags (§6.6). */
async function deriveGrant(grant: SubaccountGrant): Promise<{ scalar: Uint8Array; token: Uint8Array }> {
  checkSecretKey(grant.groupEd25519SecretKey, 'group');
  const sodium = await loadSodium();
  const x25519PublicKey = memberX25519Key(grant.memberSessionId);
  const scalar = memberScalar(grant.groupEd25519SecretKey, x25519PublicKey, sodium);
  const point = pointOfSessionKey(x25519PublicKey);
  const token = tokenOf(flagsOf(grant.write ?? true, grant.delete ?? false), multiply(scalar, point, sodium));
  return { scalar, token };
}

/** §6.6 (`swarm_make_subaccount`): `03 ‖ flags ‖ 00 00 ‖ k ‖ sig_c(03 ‖ flags ‖ 00 00 ‖ kT)`, 100 bytes. */
export async function makeSubaccountAuthData(grant: SubaccountGrant): Promise<Uint8Array> {
  const { scalar, token } = await deriveGrant(grant);
  const sodium = await loadSodium();
  const signature = sodium.crypto_sign_detached(token, grant.groupEd25519SecretKey);
  return concatBytes(token.subarray(0, 4), scalar, signature);
}

/** §6.6 (`swarm_subaccount_token`): `03 ‖ flags ‖ 00 00 ‖ kT`, what revoke_subaccount names. */
export async function subaccountToken(grant: SubaccountGrant): Promise<Uint8Array> {
  return (await deriveGrant(grant)).token;
}

function checkAuthData(authData: Uint8Array): void {
  if (authData.length !== subaccountAuthDataLength) {
    throw invalidInput(`Subaccount auth data is ${subaccountAuthDataLength} bytes, not ${authData.length}.`);
  }
}

/** The member's kT = k·|A|: its own Ed25519 key with the sign bit cleared equals T (§4.9). */
function memberSubaccountKey(
  authData: Uint8Array,
  memberEd25519PublicKey: Uint8Array,
  sodium: Sodium,
): Uint8Array {
  const absolute = memberEd25519PublicKey.slice();
  absolute[31]! &= 0x7f;
  return multiply(authData.subarray(4, 36), absolute, sodium);
}

/**
 * §6.6 (`swarm_subaccount_sign`): signs a storage request as the member's subaccount. The signature
 * is EdDSA under kT with the scalar k·(±a) and a nonce of our own (§4.9), so it verifies as plain
 * Ed25519 while nothing but the member's seed and the auth data can make it.
 */
export async function signAsSubaccount(request: {
  readonly message: Uint8Array;
  readonly authData: Uint8Array;
  readonly memberEd25519SecretKey: Uint8Array;
}): Promise<SubaccountRequestSignature> {
  const { message, authData, memberEd25519SecretKey } = request;
  checkAuthData(authData);
  checkSecretKey(memberEd25519SecretKey, 'member');
  const sodium = await loadSodium();
  const seed = memberEd25519SecretKey.subarray(0, 32);
  const memberPublicKey = memberEd25519SecretKey.subarray(32, 64);
  const subaccountPublicKey = memberSubaccountKey(authData, memberPublicKey, sodium);

  // a is the member's clamped secret scalar; T dropped A's sign, so a negative A needs −a.
  let memberSecretScalar = sodium.crypto_sign_ed25519_sk_to_curve25519(memberEd25519SecretKey);
  if ((memberPublicKey[31]! & 0x80) !== 0) {
    memberSecretScalar = sodium.crypto_core_ed25519_scalar_negate(memberSecretScalar);
  }
  const scalar = authData.slice(4, 36);
  scalar[31]! &= 0x7f; // the same scalar libsodium used for kT
  const subaccountScalar = sodium.crypto_core_ed25519_scalar_mul(scalar, memberSecretScalar);

  const hashedSeed = sodium.crypto_generichash(32, seed, seedHashKey);
  const nonce = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_generichash(64, concatBytes(hashedSeed, subaccountPublicKey, message), signatureNonceKey),
  );
  const commitment = sodium.crypto_scalarmult_ed25519_base_noclamp(nonce);
  const challenge = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_hash_sha512(concatBytes(commitment, subaccountPublicKey, message)),
  );
  const response = sodium.crypto_core_ed25519_scalar_add(
    nonce,
    sodium.crypto_core_ed25519_scalar_mul(challenge, subaccountScalar),
  );

  return {
    subaccount: toBase64(concatBytes(authData.subarray(0, 4), subaccountPublicKey)),
    subaccount_sig: toBase64(authData.subarray(36, 100)),
    signature: toBase64(concatBytes(commitment, response)),
  };
}

/**
 * §6.6 (`swarm_verify_subaccount`): the member's check of the auth data in an invite. The token's
 * key depends on the member's own key, so that key is needed too. Checks the prefix (03 or
 * AnyPrefix), the READ flag, and the group's signature over the token; optionally required flags.
 */
export async function verifySubaccountAuthData(
  authData: Uint8Array,
  groupEd25519PublicKey: Uint8Array,
  memberEd25519PublicKey: Uint8Array,
  required: { readonly write?: boolean; readonly delete?: boolean } = {},
): Promise<boolean> {
  if (authData.length !== subaccountAuthDataLength || groupEd25519PublicKey.length !== 32) return false;
  if (memberEd25519PublicKey.length !== 32) return false;
  const flags = authData[1]!;
  if (authData[0] !== groupPrefix && (flags & subaccountFlags.anyPrefix) === 0) return false;
  const needed = flagsOf(required.write ?? false, required.delete ?? false);
  if ((flags & needed) !== needed) return false;
  const sodium = await loadSodium();
  try {
    const token = concatBytes(
      authData.subarray(0, 4),
      memberSubaccountKey(authData, memberEd25519PublicKey, sodium),
    );
    return sodium.crypto_sign_verify_detached(authData.subarray(36, 100), token, groupEd25519PublicKey);
  } catch {
    // libsodium throws, rather than answering false, for some invalid keys and points.
    return false;
  }
}

/** The 36-byte token a member's requests carry (for tests and for logs: it holds no secret). */
export async function memberSubaccountToken(
  authData: Uint8Array,
  memberEd25519PublicKey: Uint8Array,
): Promise<Uint8Array> {
  checkAuthData(authData);
  const sodium = await loadSodium();
  return concatBytes(authData.subarray(0, 4), memberSubaccountKey(authData, memberEd25519PublicKey, sodium));
}
