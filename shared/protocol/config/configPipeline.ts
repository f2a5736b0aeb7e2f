// The two entry points of user config transport (protocol-config-groups.md §4): seal a serialized
// config message for the swarm, and open what the swarm returns. Both work on bytes; the plaintext
// is a config message (`d…e`, §2) that the merge engine reads and writes.
import { ConfigDecodeError } from './configErrors';
import { compressedPrefix, compressIfSmaller, type ConfigCompressor } from './configCompression';
import { decryptConfig, encryptConfig } from './configEncryption';
import { userConfigKinds, type UserConfigKind } from './configKinds';
import {
  multipartPrefix,
  parseMultipartPart,
  splitIntoParts,
  type MultipartAssembler,
} from './configMultipart';
import { configEncryptionOverhead, padConfig, stripConfigPadding } from './configPadding';
import { maxConfigMessageBytes, unwrapUserConfig, wrapUserConfigIfFits } from './configWrapping';

export interface ConfigOwnerKeys {
  /** The 32-byte Ed25519 seed: the key base of user configs (§4 table). */
  readonly seed: Uint8Array;
  readonly ed25519PublicKey: Uint8Array;
  readonly ed25519SecretKey: Uint8Array;
  readonly x25519PublicKey: Uint8Array;
  readonly x25519SecretKey: Uint8Array;
}

export type OpenedConfig =
  | { readonly complete: true; readonly plaintext: Uint8Array }
  /** A multipart part, buffered in the assembler. */
  | { readonly complete: false };

/** The largest config message we decompress to; far beyond any real user config. */
export const maxConfigPlaintextBytes = 8 * 1024 * 1024;
/** A stored message may be wrapped (≈176 bytes more) around a 76 800-byte ciphertext. */
const maxStoredBytes = maxConfigMessageBytes + 1024;
const configPrefix = 0x64; // 'd'

/**
 * Compress-if-smaller, pad, encrypt with key base = the Ed25519 seed and the kind's domain, wrap.
 * Returns one or more messages to store (several only for multipart).
 */
export async function sealUserConfig(
  plaintext: Uint8Array,
  seqno: number,
  kind: UserConfigKind,
  owner: ConfigOwnerKeys,
  compressor: ConfigCompressor,
): Promise<Uint8Array[]> {
  if (plaintext[0] !== configPrefix) {
    throw new RangeError('A config message to seal must be a serialized bt dict (starting with "d").');
  }
  const { domain } = userConfigKinds[kind];
  const padded = padConfig(compressIfSmaller(plaintext, compressor));
  if (padded.length + configEncryptionOverhead <= maxConfigMessageBytes) {
    const ciphertext = await encryptConfig(padded, owner.seed, domain);
    return [await wrapUserConfigIfFits(ciphertext, seqno, kind, owner)];
  }
  // [newer LS] multipart: each part is config-encrypted on its own and stored unwrapped (§4).
  const parts = splitIntoParts(padded);
  return Promise.all(parts.map((part) => encryptConfig(padConfig(part), owner.seed, domain)));
}

function decompressed(body: Uint8Array, compressor: ConfigCompressor): Uint8Array {
  if (body[0] !== compressedPrefix) return body;
  try {
    return compressor.decompress(body.subarray(1), maxConfigPlaintextBytes);
  } catch (error) {
    if (error instanceof ConfigDecodeError) throw error;
    throw new ConfigDecodeError('malformed', 'This config message does not decompress.');
  }
}

function requireConfigMessage(plaintext: Uint8Array): Uint8Array {
  if (plaintext[0] !== configPrefix) {
    throw new ConfigDecodeError('malformed', 'This config message does not decrypt to a bt dict.');
  }
  return plaintext;
}

/**
 * Unwrap (raw, wrapped, double wrapped), decrypt, strip padding, decompress (bounded), require `d`;
 * throws a ConfigDecodeError with a `reason` that the poller counts.
 */
export async function openUserConfig(
  stored: Uint8Array,
  kind: UserConfigKind,
  owner: ConfigOwnerKeys,
  compressor: ConfigCompressor,
  parts: MultipartAssembler,
): Promise<OpenedConfig> {
  if (stored.length > maxStoredBytes) {
    throw new ConfigDecodeError(
      'oversized',
      `This config message is ${stored.length} bytes; it was refused.`,
    );
  }
  const unwrapped = await unwrapUserConfig(stored, kind, owner);
  let padded: Uint8Array;
  try {
    padded = await decryptConfig(unwrapped.data, owner.seed, userConfigKinds[kind].domain);
  } catch (error) {
    if (unwrapped.wrongKind) {
      throw new ConfigDecodeError('wrongKind', `This message is a config of another kind than ${kind}.`);
    }
    throw error;
  }
  const body = stripConfigPadding(padded);
  if (body[0] !== multipartPrefix) {
    return { complete: true, plaintext: requireConfigMessage(decompressed(body, compressor)) };
  }
  const whole = parts.add(parseMultipartPart(body));
  if (whole === undefined) return { complete: false };
  const assembled = stripConfigPadding(whole);
  return { complete: true, plaintext: requireConfigMessage(decompressed(assembled, compressor)).slice() };
}
