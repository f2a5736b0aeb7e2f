// Transport of the group configs Info (ns 13) and Members (ns 14) (protocol-config-groups.md §4,
// §6.3, §6.4): compress if smaller, pad, encrypt with key base = the 32-byte group encryption key
// and the kind's domain. Unlike user configs there is no protobuf wrapping and no seed: the keys come
// from the group's Keys config (§6.2 "Key order"), and the messages are signed with the group
// Ed25519 key, which every member verifies and only admins hold (§9 "keeping the admin and member
// code paths separate").
import { bytesEqual } from '../bytes';
import { loadSodium } from '../sodium';
import type { ConfigSigning } from './configBase';
import { compressedPrefix, compressIfSmaller, type ConfigCompressor } from './configCompression';
import { ConfigDecodeError } from './configErrors';
import { decryptConfig, encryptConfig } from './configEncryption';
import {
  multipartPrefix,
  parseMultipartPart,
  splitIntoParts,
  type MultipartAssembler,
} from './configMultipart';
import { configEncryptionOverhead, padConfig, stripConfigPadding } from './configPadding';
import { maxConfigPlaintextBytes } from './configPipeline';
import { maxConfigMessageBytes } from './configWrapping';
import { groupConfigKinds, type GroupConfigKind } from './groupConfigKinds';
import { configTypeError } from './types/configFields';

const encryptionKeyBytes = 32;
const publicKeyBytes = 32;
const secretKeyBytes = 64;
const configPrefix = 0x64; // 'd'

export type OpenedGroupConfig =
  /** `keyIndex`: which of the given decryption keys opened it (0 = the first tried). */
  | { readonly complete: true; readonly plaintext: Uint8Array; readonly keyIndex: number }
  /** A multipart part, buffered in the assembler. */
  | { readonly complete: false };

function checkEncryptionKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array) || key.length !== encryptionKeyBytes) {
    throw configTypeError('config-invalid-key', `${what} must be ${encryptionKeyBytes} bytes.`);
  }
}

/**
 * §4 push steps 2–4 with the group encryption key (pending key if any, else the newest, §6.2).
 * Returns the messages to store: one, or several multipart parts when the padded message plus 40
 * bytes passes 76 800 ([newer LS] multipart; parts are config-encrypted one by one, as for users).
 */
export async function sealGroupConfig(
  plaintext: Uint8Array,
  kind: GroupConfigKind,
  encryptionKey: Uint8Array,
  compressor: ConfigCompressor,
): Promise<Uint8Array[]> {
  if (plaintext[0] !== configPrefix) {
    throw new RangeError('A config message to seal must be a serialized bt dict (starting with "d").');
  }
  checkEncryptionKey(encryptionKey, 'A group encryption key');
  const { domain } = groupConfigKinds[kind];
  const padded = padConfig(compressIfSmaller(plaintext, compressor));
  if (padded.length + configEncryptionOverhead <= maxConfigMessageBytes) {
    return [await encryptConfig(padded, encryptionKey, domain)];
  }
  const parts = splitIntoParts(padded);
  return Promise.all(parts.map((part) => encryptConfig(padConfig(part), encryptionKey, domain)));
}

/** §4 receive step 2: the first key (in the order given) that opens the bytes, and what it opened. */
async function decryptWithAny(
  data: Uint8Array,
  domain: string,
  decryptionKeys: readonly Uint8Array[],
): Promise<{ padded: Uint8Array; keyIndex: number }> {
  for (const [keyIndex, key] of decryptionKeys.entries()) {
    try {
      return { padded: await decryptConfig(data, key, domain), keyIndex };
    } catch (error) {
      if (!(error instanceof ConfigDecodeError)) throw error;
      // Too short to hold a tag and nonce: no key will do.
      if (data.length < configEncryptionOverhead) throw error;
    }
  }
  throw new ConfigDecodeError(
    'undecryptable',
    `This ${domain} message opens with none of the group's ${decryptionKeys.length} keys: it is newer ` +
      'than the keys we have, or damaged.',
  );
}

function decompressed(body: Uint8Array, compressor: ConfigCompressor): Uint8Array {
  if (body[0] !== compressedPrefix) return body;
  try {
    return compressor.decompress(body.subarray(1), maxConfigPlaintextBytes);
  } catch (error) {
    if (error instanceof ConfigDecodeError) throw error;
    throw new ConfigDecodeError('malformed', 'This group config message does not decompress.');
  }
}

function requireConfigMessage(plaintext: Uint8Array): Uint8Array {
  if (plaintext[0] !== configPrefix) {
    throw new ConfigDecodeError('malformed', 'This group config message does not decrypt to a bt dict.');
  }
  return plaintext;
}

/**
 * §4 receive steps 2–6: try each key in the order given (the Keys config's decryption order: pending,
 * then newest → oldest, §6.2), strip padding, decompress (bounded), require `d`. A multipart part is
 * buffered in `parts`; without an assembler it is refused. Errors are ConfigDecodeErrors.
 */
export async function openGroupConfig(
  data: Uint8Array,
  kind: GroupConfigKind,
  decryptionKeys: readonly Uint8Array[],
  compressor: ConfigCompressor,
  parts?: MultipartAssembler,
): Promise<OpenedGroupConfig> {
  if (data.length > maxConfigMessageBytes) {
    throw new ConfigDecodeError(
      'oversized',
      `This group config message is ${data.length} bytes; it was refused.`,
    );
  }
  if (decryptionKeys.length === 0) {
    throw new ConfigDecodeError(
      'undecryptable',
      'No group keys are known yet, so this config cannot be opened.',
    );
  }
  decryptionKeys.forEach((key) => checkEncryptionKey(key, 'A group decryption key'));
  const { padded, keyIndex } = await decryptWithAny(data, groupConfigKinds[kind].domain, decryptionKeys);
  const body = stripConfigPadding(padded);
  if (body[0] !== multipartPrefix) {
    return { complete: true, plaintext: requireConfigMessage(decompressed(body, compressor)), keyIndex };
  }
  if (parts === undefined) {
    throw new ConfigDecodeError(
      'malformed',
      'This group config is a multipart part, and parts are not collected here.',
    );
  }
  const whole = parts.add(parseMultipartPart(body));
  if (whole === undefined) return { complete: false };
  const assembled = stripConfigPadding(whole);
  return {
    complete: true,
    plaintext: requireConfigMessage(decompressed(assembled, compressor)).slice(),
    keyIndex,
  };
}

/**
 * The ConfigSigning of a group config (§2 "Signature", §6.3): every message is verified against the
 * group Ed25519 public key; only an admin, who holds the 64-byte secret key, also signs. Without the
 * secret key the config is verify-only: merges take the best message (§3 step 4) and edits are
 * refused.
 */
export async function groupConfigSigning(
  groupEd25519PublicKey: Uint8Array,
  groupEd25519SecretKey?: Uint8Array,
): Promise<ConfigSigning> {
  if (!(groupEd25519PublicKey instanceof Uint8Array) || groupEd25519PublicKey.length !== publicKeyBytes) {
    throw configTypeError('config-invalid-key', `A group public key must be ${publicKeyBytes} bytes.`);
  }
  const publicKey = groupEd25519PublicKey.slice();
  if (groupEd25519SecretKey !== undefined) {
    if (!(groupEd25519SecretKey instanceof Uint8Array) || groupEd25519SecretKey.length !== secretKeyBytes) {
      throw configTypeError('config-invalid-key', `A group secret key must be ${secretKeyBytes} bytes.`);
    }
    // libsodium's 64-byte secret key ends with its public key: a mismatch is another group's key.
    if (!bytesEqual(groupEd25519SecretKey.subarray(publicKeyBytes), publicKey)) {
      throw configTypeError('config-invalid-key', 'The group secret key does not belong to this group.');
    }
  }
  const sodium = await loadSodium();
  const verify = (signed: Uint8Array, signature: Uint8Array): boolean => {
    try {
      return sodium.crypto_sign_verify_detached(signature, signed, publicKey);
    } catch {
      return false;
    }
  };
  if (groupEd25519SecretKey === undefined) return { verify };
  const secretKey = groupEd25519SecretKey.slice();
  return { verify, sign: (signed) => sodium.crypto_sign_detached(signed, secretKey) };
}
