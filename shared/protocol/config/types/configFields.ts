// The helper conventions every libsession config type follows over its ConfigDict
// (protocol-config-groups.md §1, "Helper conventions"): flags are 1 or absent, positive and
// nonzero ints are absent otherwise, non-empty strings are absent when empty, pairs are both set
// or both erased, and empty nested dicts are pruned. Every writer here touches only the one key
// (or pair) it is given, so keys of newer clients beside it survive (§9, "Unknown keys").
import { StarlingError } from '../../../errors';
import { fromHex, isHex, toHex, utf8Decode, utf8Encode } from '../../bytes';
import {
  type ConfigDict,
  type ConfigScalar,
  type ConfigSet,
  type ConfigValue,
  isConfigBytes,
  isConfigDict,
  isConfigInteger,
  isConfigSet,
  keyFromBytes,
  keyFromText,
  keyToBytes,
  keyToText,
} from '../configValue';

export type ConfigTypeErrorCode =
  | 'config-invalid-session-id'
  | 'config-invalid-key'
  | 'config-invalid-integer'
  | 'config-invalid-url'
  | 'config-invalid-room'
  | 'config-invalid-value';

export function configTypeError(code: ConfigTypeErrorCode, message: string): StarlingError {
  return new StarlingError(code, message);
}

/** The binary-string key of a one-letter (ASCII) field name such as "n" or "+". */
export function field(name: string): string {
  return keyFromText(name);
}

// --- integers -------------------------------------------------------------------------------

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const int64Max = (1n << 63n) - 1n;
const int64Min = -(1n << 63n);

/**
 * An int64 as a JS number. Values outside ±(2^53−1) cannot be represented exactly, so reads clamp
 * them to the nearest safe integer: a view stays readable even when a hostile or future client
 * stores a huge timestamp, and the stored bigint itself is never rewritten by a read.
 */
export function clampToSafeNumber(value: bigint): number {
  if (value > maxSafe) return Number.MAX_SAFE_INTEGER;
  if (value < minSafe) return Number.MIN_SAFE_INTEGER;
  return Number(value);
}

/** A writer's integer input: a safe integer number or an int64 bigint, else a typed error. */
export function toConfigInteger(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') {
    if (value > int64Max || value < int64Min) {
      throw configTypeError('config-invalid-integer', `${what} does not fit in 64 bits.`);
    }
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw configTypeError('config-invalid-integer', `${what} must be a whole number, not ${value}.`);
  }
  return BigInt(value);
}

/** The integer at `key`, or undefined when absent or of another type. */
export function getInteger(dict: ConfigDict, key: string): bigint | undefined {
  const value = dict.get(key);
  return isConfigInteger(value) ? value : undefined;
}

/** The integer at `key` as a number (clamped, see clampToSafeNumber); 0 when absent. */
export function getNumberOrZero(dict: ConfigDict, key: string): number {
  const value = getInteger(dict, key);
  return value === undefined ? 0 : clampToSafeNumber(value);
}

/** A flag reads as set for any nonzero integer (libsession writes 1). */
export function getFlag(dict: ConfigDict, key: string): boolean {
  const value = getInteger(dict, key);
  return value !== undefined && value !== 0n;
}

/** `set_flag`: stores 1 when on, erases the key when off. */
export function setFlag(dict: ConfigDict, key: string, on: boolean): void {
  if (on) dict.set(key, 1n);
  else dict.delete(key);
}

/** `set_positive_int`: stores the value when > 0, erases the key otherwise. */
export function setPositiveInteger(
  dict: ConfigDict,
  key: string,
  value: number | bigint,
  what: string,
): void {
  const integer = toConfigInteger(value, what);
  if (integer > 0n) dict.set(key, integer);
  else dict.delete(key);
}

/** `set_nonzero_int`: stores the value when ≠ 0, erases the key otherwise. */
export function setNonzeroInteger(dict: ConfigDict, key: string, value: number | bigint, what: string): void {
  const integer = toConfigInteger(value, what);
  if (integer !== 0n) dict.set(key, integer);
  else dict.delete(key);
}

// --- strings --------------------------------------------------------------------------------

/** The bytes at `key`, or undefined when absent or of another type. */
export function getBytes(dict: ConfigDict, key: string): Uint8Array | undefined {
  const value = dict.get(key);
  return isConfigBytes(value) ? value : undefined;
}

/** The UTF-8 text at `key`; undefined when absent, not bytes, or not valid UTF-8. */
export function getText(dict: ConfigDict, key: string): string | undefined {
  const bytes = getBytes(dict, key);
  if (bytes === undefined) return undefined;
  try {
    return utf8Decode(bytes);
  } catch {
    return undefined;
  }
}

/** `set_nonempty_str` for bytes: stores non-empty bytes (a copy), erases the key otherwise. */
export function setNonemptyBytes(dict: ConfigDict, key: string, value: Uint8Array | null): void {
  if (value !== null && value.length > 0) dict.set(key, new Uint8Array(value));
  else dict.delete(key);
}

/** `set_nonempty_str` for UTF-8 text. */
export function setNonemptyText(dict: ConfigDict, key: string, value: string | null): void {
  setNonemptyBytes(dict, key, value === null ? null : utf8Encode(value));
}

/**
 * Cuts `text` to at most `maxBytes` bytes of UTF-8 without splitting a code point, as libsession's
 * `utf8_truncate` does for names (§5.1: names are ≤100 bytes).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = utf8Encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // A continuation byte is 10xxxxxx; step back to the lead byte of the cut code point.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return utf8Decode(bytes.subarray(0, end));
}

// --- pairs ----------------------------------------------------------------------------------

/** `set_pair_if`: sets both keys when `condition`, erases both otherwise. */
export function setPairIf(
  dict: ConfigDict,
  condition: boolean,
  first: readonly [key: string, value: ConfigScalar],
  second: readonly [key: string, value: ConfigScalar],
): void {
  if (condition) {
    dict.set(first[0], first[1]);
    dict.set(second[0], second[1]);
  } else {
    dict.delete(first[0]);
    dict.delete(second[0]);
  }
}

// --- nested dicts ---------------------------------------------------------------------------

/** The dict at `key`, or undefined when absent or of another type. */
export function getDict(dict: ConfigDict, key: string): ConfigDict | undefined {
  const value = dict.get(key);
  return isConfigDict(value) ? value : undefined;
}

/**
 * The dict at `key`, created when absent. A value of another type under the key is replaced:
 * the config type owns that key, and a dict is what it means.
 */
export function ensureDict(dict: ConfigDict, key: string): ConfigDict {
  const existing = getDict(dict, key);
  if (existing !== undefined) return existing;
  const created: ConfigDict = new Map();
  dict.set(key, created);
  return created;
}

/** Walks `path` from `dict`, creating dicts on the way. */
export function ensureDictPath(dict: ConfigDict, path: readonly string[]): ConfigDict {
  let current = dict;
  for (const key of path) current = ensureDict(current, key);
  return current;
}

/**
 * Erases the dicts along `path` that have become empty, innermost first (§1: empty dicts are
 * pruned before serializing; doing it at once keeps reads consistent with what will be sent).
 */
export function pruneEmptyDicts(dict: ConfigDict, path: readonly string[]): void {
  const chain: ConfigDict[] = [dict];
  for (const key of path) {
    const next = getDict(chain[chain.length - 1]!, key);
    if (next === undefined) break;
    chain.push(next);
  }
  for (let depth = chain.length - 1; depth >= 1; depth -= 1) {
    if (chain[depth]!.size > 0) return;
    chain[depth - 1]!.delete(path[depth - 1]!);
  }
}

// --- sets -----------------------------------------------------------------------------------

/** §1 set order: all ints before all strings; ints numerically, strings bytewise. */
export function compareScalars(left: ConfigScalar, right: ConfigScalar): number {
  if (typeof left === 'bigint') {
    if (typeof right !== 'bigint') return -1;
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof right === 'bigint') return 1;
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

/** The set at `key` (empty when absent or of another type). */
export function getSet(dict: ConfigDict, key: string): ConfigSet {
  const value = dict.get(key);
  return isConfigSet(value) ? value : [];
}

/** Stores `members` as a sorted, duplicate-free set; erases the key when empty (§1). */
export function setSet(dict: ConfigDict, key: string, members: readonly ConfigScalar[]): void {
  const sorted = [...members].sort(compareScalars);
  const unique = sorted.filter(
    (member, index) => index === 0 || compareScalars(sorted[index - 1]!, member) !== 0,
  );
  if (unique.length > 0) dict.set(key, unique);
  else dict.delete(key);
}

export function addToSet(dict: ConfigDict, key: string, member: ConfigScalar): void {
  setSet(dict, key, [...getSet(dict, key), member]);
}

export function removeFromSet(dict: ConfigDict, key: string, member: ConfigScalar): void {
  setSet(
    dict,
    key,
    getSet(dict, key).filter((existing) => compareScalars(existing, member) !== 0),
  );
}

// --- Session IDs as keys --------------------------------------------------------------------

export type SessionIdPrefix = '05' | '03';

/**
 * The 33-byte dict key of a Session ID or group ID (§1: prefix byte included, never hex). Refuses
 * anything but 66 hex digits starting with `prefix`; capitals are accepted and lowered.
 */
export function sessionIdToKey(sessionId: string, prefix: SessionIdPrefix, what: string): string {
  const lower = sessionId.toLowerCase();
  if (lower.length !== 66 || !isHex(lower) || !lower.startsWith(prefix)) {
    throw configTypeError(
      'config-invalid-session-id',
      `${what} must be 66 hex digits starting with ${prefix}.`,
    );
  }
  return keyFromBytes(fromHex(lower));
}

/** The `05…`/`03…` hex of a 33-byte key with the given prefix, or undefined for other keys. */
export function keyToSessionId(key: string, prefix: SessionIdPrefix): string | undefined {
  if (key.length !== 33 || key.charCodeAt(0) !== Number.parseInt(prefix, 16)) return undefined;
  return toHex(keyToBytes(key));
}

/** Refuses bytes that are not exactly `length` long. */
export function requireLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw configTypeError('config-invalid-key', `${what} must be ${length} bytes.`);
  }
}

/** The entries of a dict whose value is itself a dict (other values are skipped, not dropped). */
export function dictEntries(dict: ConfigDict | undefined): [string, ConfigDict][] {
  if (dict === undefined) return [];
  const entries: [string, ConfigDict][] = [];
  for (const [key, value] of dict as Map<string, ConfigValue>) {
    if (isConfigDict(value)) entries.push([key, value]);
  }
  return entries;
}

/** The UTF-8 text of a key (a community URL, a room token); undefined for bytes that are not UTF-8. */
export function keyTextOrUndefined(key: string): string | undefined {
  try {
    return keyToText(key);
  } catch {
    return undefined;
  }
}
