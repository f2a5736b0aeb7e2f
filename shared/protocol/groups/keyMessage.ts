// The wire format of groups v2 Keys messages, ns 12 (protocol-config-groups.md §6.2):
//   full:       d 1:# 24:<nonce> 1:G i<gen>e 1:K 48:<K> 1:k l 48:<entry>… e 1:~ 64:<sig> e
//   supplement: d 1:# 24:<nonce> 1:+ l <entry>… e 1:G i<max gen>e 1:~ 64:<sig> e
// signed by the group key over everything before `1:~`, as config messages are (§2). Building is
// here; opening (admin or member) is in keyMessageOpen.ts.
import { BtReader, BtWriter, isBtList, type BtValue } from '../config/bencode';
import { concatBytes } from '../bytes';
import { loadSodium } from '../sodium';
import { GroupKeysError } from './groupKeysError';
import {
  adminKeyHashKey,
  groupKeyBytes,
  junkEntries,
  keyNonceBytes,
  memberKeyDomain,
  acceptedKeyMultiples,
  messageKeyMultiple,
  rekeyHash,
  sealedKeyBytes,
  seedHash,
  sessionIdX25519,
  sortedMemberIds,
  supplementNonce,
} from './keyDerivation';
import { encryptForMultiple, multipleOverheadBytes, x25519KeysFromEd25519SecretKey } from './multiEncrypt';

export const signatureBytes = 64;
/** "Loading": a supplement entry holds at least `d1:gi0e1:k32:…1:ti0ee` (52) + the tag. */
export const minimumSupplementEntryBytes = 52 + multipleOverheadBytes;

export interface GroupKey {
  readonly generation: number;
  readonly key: Uint8Array;
  /** The swarm timestamp of the message that brought it, or the `t` of a supplement. */
  readonly timestampMs: number;
}

export interface RekeyMessage {
  readonly message: Uint8Array;
  readonly generation: number;
  readonly encryptionKey: Uint8Array;
  readonly nonce: Uint8Array;
}

export type ParsedKeyMessage =
  | {
      readonly kind: 'full';
      readonly nonce: Uint8Array;
      readonly generation: number;
      readonly adminKey: Uint8Array;
      readonly memberKeys: readonly Uint8Array[];
    }
  | {
      readonly kind: 'supplement';
      readonly nonce: Uint8Array;
      /** The newest generation the supplement carries (`G`). */
      readonly generation: number;
      readonly entries: readonly Uint8Array[];
    };

function checkSecretKey(groupEd25519SecretKey: Uint8Array): void {
  if (groupEd25519SecretKey.length !== 64) {
    throw new GroupKeysError('invalidInput', 'The group secret key must be 64 bytes (seed ‖ public key).');
  }
}

async function signed(writer: BtWriter, groupEd25519SecretKey: Uint8Array): Promise<Uint8Array> {
  const body = writer.finish();
  const sodium = await loadSodium();
  const signature = sodium.crypto_sign_detached(body, groupEd25519SecretKey);
  return concatBytes(body, new BtWriter().key('~').bytes(signature).end().finish());
}

/** §6.2 "Full message": a new key for generation `generation`, sealed for admins and each member. */
export async function buildRekeyMessage(input: {
  readonly groupEd25519SecretKey: Uint8Array;
  /** Every member of the Members config, admins included; sorted and de-duplicated here. */
  readonly memberSessionIds: readonly string[];
  readonly generation: number;
}): Promise<RekeyMessage> {
  const { groupEd25519SecretKey, generation } = input;
  checkSecretKey(groupEd25519SecretKey);
  if (!Number.isSafeInteger(generation) || generation < 0) {
    throw new GroupKeysError('invalidInput', `A key generation is a whole number ≥ 0, not ${generation}.`);
  }
  const seed = groupEd25519SecretKey.subarray(0, 32);
  const ids = sortedMemberIds(input.memberSessionIds);
  const h1 = rekeyHash(seed, ids, generation);
  const encryptionKey = h1.slice(0, groupKeyBytes);
  const nonce = h1.slice(groupKeyBytes, groupKeyBytes + keyNonceBytes);
  const sodium = await loadSodium();
  const adminKey = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    encryptionKey,
    null,
    null,
    nonce,
    seedHash(seed, adminKeyHashKey),
  );
  const groupX25519 = await x25519KeysFromEd25519SecretKey(groupEd25519SecretKey);
  const memberKeys = await encryptForMultiple({
    messages: [encryptionKey],
    recipients: ids.map(sessionIdX25519),
    senderX25519SecretKey: groupX25519.secretKey,
    senderX25519PublicKey: groupX25519.publicKey,
    domain: memberKeyDomain,
    nonce,
    skipInvalidRecipients: true,
  });
  const remainder = memberKeys.length % messageKeyMultiple;
  const junk = await junkEntries(
    h1,
    groupEd25519SecretKey,
    remainder === 0 ? 0 : messageKeyMultiple - remainder,
  );
  const writer = new BtWriter().startDict();
  writer.key('#').bytes(nonce).key('G').integer(BigInt(generation)).key('K').bytes(adminKey);
  writer.key('k').startList();
  for (const entry of [...memberKeys, ...junk]) writer.bytes(entry);
  writer.end();
  const message = await signed(writer, groupEd25519SecretKey);
  return { message, generation, encryptionKey, nonce };
}

/** The bt list `l d 1:g i<g>e 1:k 32:<key> 1:t i<ms>e e … e` a supplement carries, oldest first. */
export function encodeSupplementKeys(keys: readonly GroupKey[]): Uint8Array {
  const writer = new BtWriter().startList();
  for (const key of keys) {
    writer.startDict().key('g').integer(BigInt(key.generation)).key('k').bytes(key.key);
    writer.key('t').integer(BigInt(key.timestampMs)).end();
  }
  return writer.end().finish();
}

/** §6.2 "Supplemental message": existing keys for members added with history, in the order given. */
export async function buildSupplementMessage(input: {
  readonly groupEd25519SecretKey: Uint8Array;
  readonly memberSessionIds: readonly string[];
  /** All confirmed keys, oldest → newest. */
  readonly keys: readonly GroupKey[];
}): Promise<Uint8Array> {
  const { groupEd25519SecretKey, memberSessionIds, keys } = input;
  checkSecretKey(groupEd25519SecretKey);
  const newest = keys[keys.length - 1];
  if (newest === undefined) {
    throw new GroupKeysError('invalidInput', 'There are no keys yet to give to new members.');
  }
  const recipients = memberSessionIds.map(sessionIdX25519);
  const keyList = encodeSupplementKeys(keys);
  const nonce = supplementNonce(groupEd25519SecretKey.subarray(0, 32), memberSessionIds, keyList);
  const groupX25519 = await x25519KeysFromEd25519SecretKey(groupEd25519SecretKey);
  const entries = await encryptForMultiple({
    messages: [keyList],
    recipients,
    senderX25519SecretKey: groupX25519.secretKey,
    senderX25519PublicKey: groupX25519.publicKey,
    domain: memberKeyDomain,
    nonce,
    skipInvalidRecipients: true,
  });
  if (entries.length === 0) {
    throw new GroupKeysError('invalidInput', 'None of these Session IDs can receive keys.');
  }
  const writer = new BtWriter().startDict().key('#').bytes(nonce).key('+').startList();
  for (const entry of entries) writer.bytes(entry);
  writer.end().key('G').integer(BigInt(newest.generation));
  return signed(writer, groupEd25519SecretKey);
}

function malformed(detail: string): GroupKeysError {
  return new GroupKeysError('malformed', `This group keys message is not valid: ${detail}.`);
}

/** Walks the top-level dict, keeping where `~` starts: the signature covers the bytes before it. */
function readTopLevel(data: Uint8Array): { fields: Map<string, BtValue>; signedEnd: number | undefined } {
  const reader = new BtReader(data, { maxDepth: 4 });
  const fields = new Map<string, BtValue>();
  let signedEnd: number | undefined;
  try {
    reader.enterDict();
    let previous: string | undefined;
    while (!reader.tryLeave()) {
      const keyStart = reader.position;
      if (reader.peek() !== 'bytes') throw malformed('a dict key is not a string');
      const key = reader.readKey();
      if (previous !== undefined && key <= previous) throw malformed('its keys are not in order');
      previous = key;
      fields.set(key, reader.readValue(1));
      if (key === '~') {
        signedEnd = keyStart;
        if (!reader.tryLeave()) throw malformed('a key follows the signature');
        break;
      }
    }
    if (!reader.atEnd) throw malformed('bytes follow its end');
  } catch (error) {
    if (error instanceof GroupKeysError) throw error;
    throw malformed(error instanceof Error ? error.message : 'unreadable bencode');
  }
  return { fields, signedEnd };
}

function bytesField(fields: Map<string, BtValue>, key: string, what: string): Uint8Array {
  const value = fields.get(key);
  if (value === undefined) throw malformed(`it has no ${what} ("${key}")`);
  if (!(value instanceof Uint8Array)) throw malformed(`its ${what} ("${key}") is not a string`);
  return value;
}

function generationField(fields: Map<string, BtValue>, what: string): number {
  const value = fields.get('G');
  if (value === undefined) throw malformed(`it has no ${what} ("G")`);
  if (typeof value !== 'bigint') throw malformed(`its ${what} ("G") is not an integer`);
  if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed(`its ${what} is out of range`);
  }
  return Number(value);
}

function listOfBytes(fields: Map<string, BtValue>, key: string, what: string): Uint8Array[] {
  const value = fields.get(key);
  if (value === undefined) throw malformed(`it has no ${what} ("${key}")`);
  if (!isBtList(value)) throw malformed(`its ${what} ("${key}") is not a list`);
  return value.map((entry, index) => {
    if (!(entry instanceof Uint8Array)) throw malformed(`entry ${index} of "${key}" is not a string`);
    return entry;
  });
}

async function verifies(signature: Uint8Array, body: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  if (signature.length !== signatureBytes || publicKey.length !== 32) return false;
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(signature, body, publicKey);
  } catch {
    return false;
  }
}

/**
 * §6.2 "Loading a key message", the checks every client applies before opening anything: the same
 * messages are refused by admins and members. Throws GroupKeysError ('malformed' or 'badSignature').
 */
export async function parseKeyMessage(
  data: Uint8Array,
  groupEd25519PublicKey: Uint8Array,
): Promise<ParsedKeyMessage> {
  const { fields, signedEnd } = readTopLevel(data);
  const nonce = bytesField(fields, '#', 'nonce');
  if (nonce.length !== keyNonceBytes) throw malformed(`its nonce is ${nonce.length} bytes, not 24`);
  let parsed: ParsedKeyMessage;
  if (fields.has('+')) {
    const entries = listOfBytes(fields, '+', 'supplement list');
    entries.forEach((entry, index) => {
      if (entry.length < minimumSupplementEntryBytes)
        throw malformed(`supplement entry ${index} is too short`);
    });
    parsed = { kind: 'supplement', nonce, generation: generationField(fields, 'max generation'), entries };
  } else {
    const generation = generationField(fields, 'generation');
    if (generation < 0) throw malformed('its generation is negative');
    const adminKey = bytesField(fields, 'K', 'admin key');
    if (adminKey.length !== sealedKeyBytes)
      throw malformed(`its admin key is ${adminKey.length} bytes, not 48`);
    const memberKeys = listOfBytes(fields, 'k', 'member key list');
    memberKeys.forEach((entry, index) => {
      if (entry.length !== sealedKeyBytes)
        throw malformed(`member key ${index} is ${entry.length} bytes, not 48`);
    });
    if (!acceptedKeyMultiples.some((multiple) => memberKeys.length % multiple === 0)) {
      throw malformed(`its ${memberKeys.length} member keys are not a multiple of ${messageKeyMultiple}`);
    }
    parsed = { kind: 'full', nonce, generation, adminKey, memberKeys };
  }
  const signature = fields.get('~');
  if (signedEnd === undefined || !(signature instanceof Uint8Array)) {
    throw new GroupKeysError('badSignature', 'This group keys message is not signed.');
  }
  if (!(await verifies(signature, data.subarray(0, signedEnd), groupEd25519PublicKey))) {
    throw new GroupKeysError('badSignature', 'This group keys message is not signed by the group.');
  }
  return parsed;
}
