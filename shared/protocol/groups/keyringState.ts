// The stored part of a group's Keys state and its rules (protocol-config-groups.md §6.2 "Storage",
// "Expiry"; LS `Keys::insert_key`, `remove_expired`, `make_dump`/`load_dump`): keys sorted by
// (generation, timestamp, key bytes), the message hashes seen per generation, and an admin's pending
// key with its message. The dump is LS's layout, plus the pending key's creation time.
import { BtReader, BtWriter, isBtDict, isBtList, type BtValue } from '../config/bencode';
import { bytesEqual, utf8Decode, utf8Encode } from '../bytes';
import { GroupKeysError } from './groupKeysError';
import { groupKeyBytes } from './keyDerivation';
import type { GroupKey } from './keyMessage';

/** `KEY_EXPIRY`: a generation goes once the next one has been around this long (§6.2 "Expiry"). */
export const keyExpiryMs = 60 * 24 * 60 * 60 * 1000;

export interface PendingKey {
  readonly generation: number;
  readonly key: Uint8Array;
  readonly message: Uint8Array;
  /** When this device made it; LS keeps no time, the key's real timestamp comes from the swarm. */
  readonly createdMs: number;
}

export interface KeyringState {
  /** Confirmed keys, oldest first. */
  keys: GroupKey[];
  /** generation → hashes of the Keys messages of that generation still on the swarm. */
  hashes: Map<number, Set<string>>;
  pending: PendingKey | undefined;
}

export function emptyKeyringState(): KeyringState {
  return { keys: [], hashes: new Map(), pending: undefined };
}

function compareBytes(left: Uint8Array, right: Uint8Array): number {
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

export function compareKeys(left: GroupKey, right: GroupKey): number {
  return (
    left.generation - right.generation ||
    left.timestampMs - right.timestampMs ||
    compareBytes(left.key, right.key)
  );
}

export function trackHash(state: KeyringState, generation: number, hash: string): void {
  let hashes = state.hashes.get(generation);
  if (hashes === undefined) {
    hashes = new Set();
    state.hashes.set(generation, hashes);
  }
  hashes.add(hash);
}

/** Drops generations overtaken more than 60 days ago, then the hashes of dropped generations. */
export function removeExpired(state: KeyringState): void {
  const { keys } = state;
  const newest = keys[keys.length - 1];
  if (newest !== undefined && keys.length >= 2) {
    let keepFrom = 0;
    let index = 0;
    while (index < keys.length) {
      let next = index + 1;
      while (next < keys.length && keys[next]!.generation === keys[index]!.generation) next += 1;
      // `next` is the earliest key of the following generation: once it is over 60 days older than
      // the newest key, everything before it is no longer needed.
      if (next >= keys.length || keys[next]!.timestampMs + keyExpiryMs >= newest.timestampMs) break;
      keepFrom = next;
      index = next;
    }
    keys.splice(0, keepFrom);
  }
  const oldest = keys[0];
  for (const generation of [...state.hashes.keys()]) {
    // With no keys at all nothing is ours to keep alive (LS clears every hash then).
    if (oldest === undefined || generation < oldest.generation) state.hashes.delete(generation);
  }
}

/** Records a key found in message `hash`; true when the key list changed. */
export function insertKey(state: KeyringState, hash: string, key: GroupKey): boolean {
  const { keys } = state;
  if (keys.some((existing) => existing.generation === key.generation && bytesEqual(existing.key, key.key))) {
    trackHash(state, key.generation, hash);
    return false;
  }
  let position = keys.findIndex((existing) => compareKeys(existing, key) >= 0);
  if (position === -1) position = keys.length;
  const front = keys[0];
  const newest = keys[keys.length - 1];
  if (
    front !== undefined &&
    newest !== undefined &&
    keys.length >= 2 &&
    position === 0 &&
    key.generation < front.generation &&
    front.timestampMs + keyExpiryMs < newest.timestampMs
  ) {
    // Older than a front that has itself expired: stale, ignored (§6.2 "Expiry").
    return false;
  }
  trackHash(state, key.generation, hash);
  keys.splice(position, 0, key);
  removeExpired(state);
  return true;
}

export function encodeKeyringDump(state: KeyringState): Uint8Array {
  const writer = new BtWriter().startDict().key('A').startList();
  for (const [generation, hashes] of [...state.hashes].sort(([left], [right]) => left - right)) {
    writer.startList().integer(BigInt(generation));
    for (const hash of [...hashes].sort()) writer.bytes(utf8Encode(hash));
    writer.end();
  }
  writer.end().key('L').startList();
  for (const key of state.keys) {
    writer.startDict().key('g').integer(BigInt(key.generation)).key('k').bytes(key.key);
    writer.key('t').integer(BigInt(key.timestampMs)).end();
  }
  writer.end();
  const { pending } = state;
  if (pending !== undefined) {
    writer.key('P').startDict().key('c').bytes(pending.message).key('g').integer(BigInt(pending.generation));
    writer.key('k').bytes(pending.key).key('t').integer(BigInt(pending.createdMs)).end();
  }
  return writer.end().finish();
}

function malformed(detail: string): GroupKeysError {
  return new GroupKeysError('malformed', `This group keys dump is not valid: ${detail}.`);
}

function integer(value: BtValue | undefined, what: string): number {
  if (typeof value !== 'bigint') throw malformed(`${what} is not an integer`);
  if (value < BigInt(Number.MIN_SAFE_INTEGER) || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw malformed(`${what} is out of range`);
  }
  return Number(value);
}

function bytes(value: BtValue | undefined, what: string, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw malformed(`${what} is not a string`);
  if (length !== undefined && value.length !== length) throw malformed(`${what} is not ${length} bytes`);
  return value;
}

function dict(value: BtValue | undefined, what: string): ReadonlyMap<string, BtValue> {
  if (!isBtDict(value)) throw malformed(`${what} is not a dict`);
  return value;
}

function list(value: BtValue | undefined, what: string): readonly BtValue[] {
  if (!isBtList(value)) throw malformed(`${what} is not a list`);
  return value;
}

export function decodeKeyringDump(dump: Uint8Array): KeyringState {
  let root: ReadonlyMap<string, BtValue>;
  try {
    const reader = new BtReader(dump, { maxDepth: 6 });
    root = dict(reader.readValue(), 'the dump');
    if (!reader.atEnd) throw malformed('bytes follow its end');
  } catch (error) {
    if (error instanceof GroupKeysError) throw error;
    throw malformed(error instanceof Error ? error.message : 'unreadable bencode');
  }
  const state = emptyKeyringState();
  for (const entry of list(root.get('A'), 'the active hash list ("A")')) {
    const [generation, ...hashes] = list(entry, 'an active hash entry');
    const hashGeneration = integer(generation, 'an active generation');
    for (const hash of hashes) {
      try {
        trackHash(state, hashGeneration, utf8Decode(bytes(hash, 'a message hash')));
      } catch (error) {
        if (error instanceof GroupKeysError) throw error;
        throw malformed('a message hash is not UTF-8');
      }
    }
  }
  for (const entry of list(root.get('L'), 'the key list ("L")')) {
    const fields = dict(entry, 'a key');
    const key: GroupKey = {
      generation: integer(fields.get('g'), 'a key generation'),
      key: bytes(fields.get('k'), 'a key', groupKeyBytes),
      timestampMs: integer(fields.get('t'), 'a key timestamp'),
    };
    const previous = state.keys[state.keys.length - 1];
    if (previous !== undefined && compareKeys(previous, key) >= 0)
      throw malformed('its keys are out of order');
    state.keys.push(key);
  }
  if (root.has('P')) {
    const fields = dict(root.get('P'), 'the pending key ("P")');
    state.pending = {
      message: bytes(fields.get('c'), 'the pending message'),
      generation: integer(fields.get('g'), 'the pending generation'),
      key: bytes(fields.get('k'), 'the pending key', groupKeyBytes),
      createdMs: fields.has('t') ? integer(fields.get('t'), 'the pending time') : 0,
    };
  }
  return state;
}
