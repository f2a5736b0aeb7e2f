// Group message encryption (protocol-config-groups.md §6.5 steps 2–8): what is stored in a group's
// namespace 11. The plaintext (a serialized Envelope, groupEnvelope.ts) is compressed when that
// helps, signed by the sender together with the group's key, put in a small bt dict, padded, and
// sealed with the group's current encryption key. Anyone may hold an old key, so decryption tries
// each key it is given.
import { concatBytes, toHex } from '../bytes';
import { BtWriter, decodeBt, isBtDict, type BtValue } from '../config/bencode';
import type { ConfigCompressor } from '../config/configCompression';
import { sessionIdFromX25519PublicKey } from '../identity/sessionId';
import { messageError } from '../messages/messageErrors';
import { loadSodium, type Sodium } from '../sodium';

/** §6.5 step 8 (`MAX_PLAINTEXT_MESSAGE_SIZE`); also the decompression limit of step 7.5. */
export const maxGroupPlaintextBytes = 1_000_000;

const nonceLength = 24;
const tagLength = 16;
const keyLength = 32;
const publicKeyLength = 32;
const signatureLength = 64;
/** §6.5 step 5: the padded dict plus the nonce and tag fill whole blocks of this size. */
const paddingBlock = 256;
const formatVersion = 1n;
/**
 * The largest stored message worth opening: a maximal plaintext that did not compress, with its
 * dict framing, padded. Anything longer is refused before any decryption is tried.
 */
const maxEncryptedBytes = maxGroupPlaintextBytes + 2 * paddingBlock + nonceLength + tagLength;

export interface GroupMessageEncryption {
  /** The bytes to protect: a serialized Envelope (§6.5 step 1). */
  readonly plaintext: Uint8Array;
  /** The group's 32-byte Ed25519 public key (the group ID without its 03). */
  readonly groupEd25519PublicKey: Uint8Array;
  /** The group's current 32-byte encryption key (from its Keys config, §6.2). */
  readonly encryptionKey: Uint8Array;
  /** The sender's own 64-byte Ed25519 secret key (seed ‖ public key). */
  readonly senderEd25519SecretKey: Uint8Array;
  readonly compressor: ConfigCompressor;
  /** 24 bytes; random unless given (tests reproduce §8.11 with zeros). */
  readonly nonce?: Uint8Array;
}

export interface GroupMessageDecryption {
  readonly groupEd25519PublicKey: Uint8Array;
  /** Every encryption key the group has used that we still hold, newest first. */
  readonly keys: readonly Uint8Array[];
  readonly compressor: ConfigCompressor;
}

export interface DecryptedGroupMessage {
  /** `05…` of the author. */
  readonly senderSessionId: string;
  readonly senderEd25519PublicKey: Uint8Array;
  readonly plaintext: Uint8Array;
}

function malformed(reason: string): Error {
  return messageError('malformedMessage', `This group message is damaged: ${reason}.`);
}

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (bytes.length !== length) {
    throw messageError('malformedMessage', `The ${what} must be ${length} bytes, not ${bytes.length}.`);
  }
}

/** §6.5 step 3 (current form, LS PR #21): the signature covers the stored data and the group key. */
function signedBytes(data: Uint8Array, groupEd25519PublicKey: Uint8Array): Uint8Array {
  return concatBytes(data, groupEd25519PublicKey);
}

/** §6.5 step 5: appends zeros so that nonce + dict + tag is a whole number of 256-byte blocks. */
export function padGroupMessage(dict: Uint8Array): Uint8Array {
  const overhead = nonceLength + tagLength;
  const total = Math.ceil((dict.length + overhead) / paddingBlock) * paddingBlock;
  const padded = new Uint8Array(total - overhead);
  padded.set(dict);
  return padded;
}

export async function encryptGroupMessage(message: GroupMessageEncryption): Promise<Uint8Array> {
  const { plaintext, groupEd25519PublicKey, encryptionKey, senderEd25519SecretKey, compressor } = message;
  checkLength(groupEd25519PublicKey, publicKeyLength, 'group public key');
  checkLength(encryptionKey, keyLength, 'group encryption key');
  checkLength(senderEd25519SecretKey, 64, 'sender secret key');
  if (plaintext.length === 0)
    throw messageError('malformedMessage', 'An empty group message cannot be sent.');
  if (plaintext.length > maxGroupPlaintextBytes) {
    throw messageError(
      'malformedMessage',
      `A group message may hold at most ${maxGroupPlaintextBytes} bytes; this one has ${plaintext.length}.`,
    );
  }
  const nonce = message.nonce ?? null;
  if (nonce !== null) checkLength(nonce, nonceLength, 'nonce');
  const sodium = await loadSodium();

  // §6.5 step 2: zstd, kept only if smaller; unlike configs the dict key says which it is.
  const compressed = compressor.compress(plaintext);
  const isCompressed = compressed.length < plaintext.length;
  const data = isCompressed ? compressed : plaintext;
  const signature = sodium.crypto_sign_detached(
    signedBytes(data, groupEd25519PublicKey),
    senderEd25519SecretKey,
  );

  // §6.5 step 4: keys in bt order "", a, d, s, z.
  const writer = new BtWriter().startDict();
  writer.key('').integer(formatVersion);
  writer.key('a').bytes(senderEd25519SecretKey.subarray(32, 64));
  if (!isCompressed) writer.key('d').bytes(data);
  writer.key('s').bytes(signature);
  if (isCompressed) writer.key('z').bytes(data);
  const dict = writer.end().finish();

  // §6.5 step 6: the nonce goes in front (configs put theirs at the end).
  const usedNonce = nonce ?? sodium.randombytes_buf(nonceLength);
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    padGroupMessage(dict),
    null,
    null,
    usedNonce,
    encryptionKey,
  );
  return concatBytes(usedNonce, sealed);
}

/** The first key that opens the message, or undefined. */
function open(data: Uint8Array, keys: readonly Uint8Array[], sodium: Sodium): Uint8Array | undefined {
  const nonce = data.subarray(0, nonceLength);
  const sealed = data.subarray(nonceLength);
  for (const key of keys) {
    if (key.length !== keyLength) continue;
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key);
    } catch {
      // Not this key: try the next.
    }
  }
  return undefined;
}

/** §6.5 step 7.2: trailing zeros are padding; the `e` that ends the dict is never zero. */
function unpad(padded: Uint8Array): Uint8Array {
  let end = padded.length;
  while (end > 0 && padded[end - 1] === 0) end -= 1;
  return padded.subarray(0, end);
}

function readDict(bytes: Uint8Array): ReadonlyMap<string, BtValue> {
  let value: BtValue;
  try {
    value = decodeBt(bytes, 2);
  } catch (error) {
    // decodeBt refuses trailing bytes too, so garbage after the dict lands here.
    throw malformed(
      `its contents are not a bt dict (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isBtDict(value)) throw malformed('its contents are not a bt dict');
  return value;
}

function bytesField(dict: ReadonlyMap<string, BtValue>, key: string): Uint8Array | undefined {
  const value = dict.get(key);
  if (value === undefined) return undefined;
  if (!(value instanceof Uint8Array)) throw malformed(`its "${key}" is not a byte string`);
  return value;
}

/**
 * The sender's X25519 key, remembered: a group has few authors, and the conversion costs about as
 * much as the decryption and the signature check together (bench/groups.ts).
 */
const senderKeys = new Map<string, Uint8Array>();
const senderKeysLimit = 1_000;

function senderX25519Of(ed25519PublicKey: Uint8Array, sodium: Sodium): Uint8Array {
  const key = toHex(ed25519PublicKey);
  const known = senderKeys.get(key);
  if (known) return known;
  let converted: Uint8Array;
  try {
    converted = sodium.crypto_sign_ed25519_pk_to_curve25519(ed25519PublicKey);
  } catch {
    throw malformed('its sender key is not a valid Ed25519 key');
  }
  if (senderKeys.size >= senderKeysLimit) senderKeys.delete(senderKeys.keys().next().value!);
  senderKeys.set(key, converted);
  return converted;
}

export async function decryptGroupMessage(
  data: Uint8Array,
  options: GroupMessageDecryption,
): Promise<DecryptedGroupMessage> {
  const { groupEd25519PublicKey, keys, compressor } = options;
  checkLength(groupEd25519PublicKey, publicKeyLength, 'group public key');
  if (data.length < nonceLength + tagLength) throw malformed('it is too short');
  if (data.length > maxEncryptedBytes) {
    throw messageError(
      'malformedMessage',
      `This group message is too large (${data.length} bytes); it was refused.`,
    );
  }
  const sodium = await loadSodium();

  // §6.5 step 7.1.
  const padded = open(data, keys, sodium);
  if (padded === undefined) {
    throw messageError(
      'decryptionFailed',
      'This group message does not open with any key we hold for the group.',
    );
  }
  const dict = readDict(unpad(padded));

  // §6.5 step 7.3. Unknown keys are skipped, as libsession's consumer does.
  const version = dict.get('');
  if (typeof version !== 'bigint') throw malformed('it has no version');
  if (version !== formatVersion) {
    throw messageError(
      'unsupportedMessage',
      `This group message has version ${version}, which Starling cannot read.`,
    );
  }
  const senderEd25519PublicKey = bytesField(dict, 'a');
  if (senderEd25519PublicKey === undefined) throw malformed('it names no sender');
  if (senderEd25519PublicKey.length !== publicKeyLength) throw malformed('its sender key is not 32 bytes');
  const senderX25519PublicKey = senderX25519Of(senderEd25519PublicKey, sodium);
  const raw = bytesField(dict, 'd');
  const compressed = bytesField(dict, 'z');
  if ((raw === undefined) === (compressed === undefined)) {
    throw malformed('it must hold exactly one of plain or compressed data');
  }
  const stored = (raw ?? compressed)!;
  if (stored.length === 0) throw malformed('its data is empty');
  const signature = bytesField(dict, 's');
  if (signature === undefined || signature.length !== signatureLength)
    throw malformed('it has no valid signature');

  // §6.5 step 7.4: only the current signature form, over data ‖ group key.
  let verified: boolean;
  try {
    verified = sodium.crypto_sign_verify_detached(
      signature,
      signedBytes(stored, groupEd25519PublicKey),
      senderEd25519PublicKey,
    );
  } catch {
    verified = false;
  }
  if (!verified) {
    throw messageError('badSignature', 'This group message’s signature does not match its sender.');
  }

  // §6.5 step 7.5.
  let plaintext: Uint8Array;
  if (compressed !== undefined) {
    try {
      plaintext = compressor.decompress(compressed, maxGroupPlaintextBytes);
    } catch {
      throw malformed(`its compressed data is invalid or larger than ${maxGroupPlaintextBytes} bytes`);
    }
  } else {
    plaintext = raw!;
  }
  if (plaintext.length > maxGroupPlaintextBytes) throw malformed('it is larger than a group message may be');

  return {
    senderSessionId: sessionIdFromX25519PublicKey(senderX25519PublicKey),
    senderEd25519PublicKey,
    plaintext,
  };
}
