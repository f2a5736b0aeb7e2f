// The "simple" container of the multi-recipient primitive (protocol-config-groups.md §6.2, LS
// `encrypt_for_multiple_simple`): `d 1:# 24:<nonce> 1:e l <ciphertext>… e e`, optionally padded with
// random junk entries the size of the first copy so that the count hides the number of recipients.
// The Ed25519 variants convert keys to X25519 first; the kicked notice (§6.7) uses them.
import { BtReader, BtWriter } from '../config/bencode';
import { randomBytes } from '../bytes';
import { GroupKeysError } from './groupKeysError';
import {
  decryptForMultiple,
  encryptForMultiple,
  multipleNonceBytes,
  multipleOverheadBytes,
  x25519KeysFromEd25519SecretKey,
  x25519PublicKeyFromEd25519,
} from './multiEncrypt';

export interface MultipleSimple {
  readonly nonce: Uint8Array;
  readonly ciphertexts: readonly Uint8Array[];
}

export interface MultipleSimplePadding {
  /** Pad the entry count up to a multiple of this (values ≤ 1 mean no padding, as in LS). */
  readonly multiple: number;
  /** Each junk entry's length: LS uses the first message's length + 16. */
  readonly entryLength: number;
}

export function encodeMultipleSimple(contents: MultipleSimple, padding?: MultipleSimplePadding): Uint8Array {
  if (contents.nonce.length !== multipleNonceBytes) {
    throw new GroupKeysError('invalidInput', `The nonce must be 24 bytes, not ${contents.nonce.length}.`);
  }
  const writer = new BtWriter().startDict().key('#').bytes(contents.nonce).key('e').startList();
  for (const ciphertext of contents.ciphertexts) writer.bytes(ciphertext);
  if (padding !== undefined && padding.multiple > 1 && contents.ciphertexts.length > 0) {
    for (let count = contents.ciphertexts.length; count % padding.multiple !== 0; count += 1) {
      writer.bytes(randomBytes(padding.entryLength));
    }
  }
  return writer.end().end().finish();
}

function malformed(detail: string): GroupKeysError {
  return new GroupKeysError('malformed', `This multi-recipient message is not valid: ${detail}.`);
}

/** Parses the container; other keys are skipped, as LS's dict consumer does. */
export function decodeMultipleSimple(encoded: Uint8Array): MultipleSimple {
  const reader = new BtReader(encoded, { maxDepth: 8 });
  let nonce: Uint8Array | undefined;
  let ciphertexts: Uint8Array[] | undefined;
  try {
    reader.enterDict();
    let previous: string | undefined;
    while (!reader.tryLeave()) {
      if (reader.peek() !== 'bytes') throw malformed('a dict key is not a string');
      const key = reader.readKey();
      if (previous !== undefined && key <= previous) throw malformed('its keys are not in order');
      previous = key;
      if (key === '#') {
        if (reader.peek() !== 'bytes') throw malformed('the nonce is not a string');
        nonce = reader.readBytes();
      } else if (key === 'e') {
        if (reader.peek() !== 'list') throw malformed('"e" is not a list');
        reader.enterList();
        const entries: Uint8Array[] = [];
        while (!reader.tryLeave()) {
          if (reader.peek() !== 'bytes') throw malformed('an entry of "e" is not a string');
          entries.push(reader.readBytes());
        }
        ciphertexts = entries;
      } else {
        reader.readValue(1);
      }
    }
    if (!reader.atEnd) throw malformed('bytes follow its end');
  } catch (error) {
    if (error instanceof GroupKeysError) throw error;
    throw malformed(error instanceof Error ? error.message : 'unreadable bencode');
  }
  if (nonce === undefined) throw malformed('it has no nonce ("#")');
  if (nonce.length !== multipleNonceBytes) throw malformed(`its nonce is ${nonce.length} bytes, not 24`);
  if (ciphertexts === undefined) throw malformed('it has no ciphertext list ("e")');
  return { nonce, ciphertexts };
}

export interface MultipleSimpleEncryptionInput {
  readonly messages: readonly Uint8Array[];
  readonly recipients: readonly Uint8Array[];
  readonly senderX25519SecretKey: Uint8Array;
  readonly senderX25519PublicKey: Uint8Array;
  readonly domain: string;
  /** Random when left out (LS: a null or empty nonce means random). */
  readonly nonce?: Uint8Array;
  /** Pad the entry count up to a multiple of this with junk. */
  readonly pad?: number;
}

export async function encryptForMultipleSimple(input: MultipleSimpleEncryptionInput): Promise<Uint8Array> {
  const nonce =
    input.nonce === undefined || input.nonce.length === 0 ? randomBytes(multipleNonceBytes) : input.nonce;
  const ciphertexts = await encryptForMultiple({ ...input, nonce });
  const first = input.messages[0];
  const padding =
    input.pad !== undefined && first !== undefined
      ? { multiple: input.pad, entryLength: first.length + multipleOverheadBytes }
      : undefined;
  return encodeMultipleSimple({ nonce, ciphertexts }, padding);
}

export async function encryptForMultipleSimpleEd25519(
  input: Omit<MultipleSimpleEncryptionInput, 'senderX25519SecretKey' | 'senderX25519PublicKey'> & {
    readonly senderEd25519SecretKey: Uint8Array;
  },
): Promise<Uint8Array> {
  const sender = await x25519KeysFromEd25519SecretKey(input.senderEd25519SecretKey);
  return encryptForMultipleSimple({
    ...input,
    senderX25519SecretKey: sender.secretKey,
    senderX25519PublicKey: sender.publicKey,
  });
}

export interface MultipleSimpleDecryptionInput {
  readonly encoded: Uint8Array;
  readonly recipientX25519SecretKey: Uint8Array;
  readonly recipientX25519PublicKey: Uint8Array;
  readonly senderX25519PublicKey: Uint8Array;
  readonly domain: string;
}

/** The first copy that opens for us; undefined for none, and for a malformed container (as LS). */
export async function decryptForMultipleSimple(
  input: MultipleSimpleDecryptionInput,
): Promise<Uint8Array | undefined> {
  let contents: MultipleSimple;
  try {
    contents = decodeMultipleSimple(input.encoded);
  } catch {
    return undefined;
  }
  return decryptForMultiple({ ...input, ciphertexts: contents.ciphertexts, nonce: contents.nonce });
}

/** LS `decrypt_for_multiple_simple_ed25519`: our Ed25519 secret key, the sender's Ed25519 public key. */
export async function decryptForMultipleSimpleEd25519(input: {
  readonly encoded: Uint8Array;
  readonly recipientEd25519SecretKey: Uint8Array;
  readonly senderEd25519PublicKey: Uint8Array;
  readonly domain: string;
}): Promise<Uint8Array | undefined> {
  const sender = await x25519PublicKeyFromEd25519(input.senderEd25519PublicKey);
  if (sender === undefined) return undefined;
  const own = await x25519KeysFromEd25519SecretKey(input.recipientEd25519SecretKey);
  return decryptForMultipleSimple({
    encoded: input.encoded,
    recipientX25519SecretKey: own.secretKey,
    recipientX25519PublicKey: own.publicKey,
    senderX25519PublicKey: sender,
    domain: input.domain,
  });
}
