// Reading storage RPC parameters (protocol-network.md §4.2) from JSON that anyone may send: each value
// is checked for its type and range, and anything else is a 400 "invalid request: …" that says what
// was wrong. Absent and null are the same, as for the storage server.
import { fromBase64 } from '../../shared/protocol/base64';
import { fromHex, isHex } from '../../shared/protocol/bytes';
import {
  isValidDataSize,
  maximumDataBase64Length,
  maximumDataBytes,
} from '../../shared/protocol/storage/limits';
import { messageHashLength } from '../../shared/protocol/storage/messageHash';
import {
  allNamespaces,
  isValidNamespace,
  type NamespaceSelector,
} from '../../shared/protocol/storage/namespaces';
import { pubkeyByteLength, pubkeyHexLength } from '../../shared/protocol/storage/pubkey';
import { subaccountTokenLength } from '../../shared/protocol/storage/signatureMessages';
import { invalidRequest, type RpcError } from './rpcReplies';

export type Params = Readonly<Record<string, unknown>>;

/** The account or group a request is about (§4.2). */
export interface Owner {
  /** 66 lowercase hex characters: the store's key and the PUBKEY_HEX of node signatures (§4.6). */
  readonly hex: string;
  /** 0x05 for a Session ID, 0x03 for a group. */
  readonly prefix: number;
  /** The 32 key bytes after the prefix. */
  readonly key: Uint8Array;
}

/** §4.2: a timestamp below 10^6 seconds was surely sent in seconds. */
const minimumTimestampMs = 1_000_000_000;
const base64Pattern = /^[A-Za-z0-9+/]*$/u;

/** Hostile values can be megabytes long: messages quote only their start. */
function quote(text: string): string {
  return `“${text.length > 48 ? `${text.slice(0, 48)}…` : text}”`;
}

function wrongType(name: string, expected: string): RpcError {
  return invalidRequest(`Invalid value given for '${name}': expected ${expected}`);
}

/** The parameters object of a request or subrequest. */
export function readParamsObject(value: unknown, what: string): Params {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidRequest(`${what} must be a JSON object`);
  }
  return value as Params;
}

/** A parameter's own value (never one inherited from Object.prototype), or undefined. */
export function field(params: Params, name: string): unknown {
  return Object.hasOwn(params, name) ? (params[name] ?? undefined) : undefined;
}

export function required<Value>(value: Value | undefined, name: string): Value {
  if (value === undefined) throw invalidRequest(`Required field '${name}' missing`);
  return value;
}

export function readString(params: Params, name: string): string | undefined {
  const value = field(params, name);
  if (value !== undefined && typeof value !== 'string') throw wrongType(name, 'string');
  return value;
}

export function readBoolean(params: Params, name: string): boolean | undefined {
  const value = field(params, name);
  if (value !== undefined && typeof value !== 'boolean') throw wrongType(name, 'boolean');
  return value;
}

export function readInteger(params: Params, name: string): number | undefined {
  const value = field(params, name);
  if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value))) {
    throw wrongType(name, 'integer');
  }
  return value;
}

function checkTimestamp(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw wrongType(name, 'integer timestamp (in milliseconds)');
  }
  if (value < minimumTimestampMs) {
    throw invalidRequest(`Invalid timestamp for '${name}': timestamp must be in milliseconds`);
  }
  return value;
}

/** §4.2: an unsigned integer in milliseconds. */
export function readTimestamp(params: Params, name: string): number | undefined {
  const value = field(params, name);
  return value === undefined ? undefined : checkTimestamp(value, name);
}

/** One timestamp, or a list of them (expire's `expiry`, §4.6). */
export function readTimestampList(params: Params, name: string): number[] | undefined {
  const value = field(params, name);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return [checkTimestamp(value, name)];
  return value.map((item: unknown) => checkTimestamp(item, name));
}

/**
 * §4.2: store's `timestamp` and `ttl` may also be decimal strings, a leftover of old clients. A
 * timestamp must still be in milliseconds.
 */
export function readStoreTime(params: Params, name: 'timestamp' | 'ttl'): number | undefined {
  let value = field(params, name);
  if (typeof value === 'string') {
    if (!/^\d{1,16}$/u.test(value))
      throw invalidRequest(`Invalid value given for '${name}': ${quote(value)}`);
    value = Number(value);
  }
  if (value === undefined) return undefined;
  if (name === 'timestamp') return checkTimestamp(value, name);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw wrongType(name, 'positive integer');
  }
  return value;
}

/** A string or a list of strings (messages, revoke, …). */
export function readStringList(params: Params, name: string): string[] | undefined {
  const value = field(params, name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((item: unknown) => typeof item === 'string')) {
    throw wrongType(name, 'string array');
  }
  return [...(value as string[])];
}

export function isMessageHash(text: string): boolean {
  return text.length === messageHashLength && base64Pattern.test(text);
}

/** A required, non-empty list of message hashes (§4.5: 43 base64 characters each). */
export function readMessageHashes(params: Params, name = 'messages'): string[] {
  const hashes = required(readStringList(params, name), name);
  if (hashes.length === 0) throw invalidRequest(`${name} does not contain any message hashes`);
  const invalid = hashes.find((hash) => !isMessageHash(hash));
  if (invalid !== undefined) throw invalidRequest(`invalid message hash: ${quote(invalid)}`);
  return hashes;
}

/** §4.6 retrieve: `last_hash` (or `lastHash`), empty meaning none. */
export function readLastHash(params: Params): string | undefined {
  const current = readString(params, 'last_hash');
  const legacy = readString(params, 'lastHash');
  if (current !== undefined && legacy !== undefined) {
    throw invalidRequest("Cannot specify both 'last_hash' and 'lastHash'");
  }
  const lastHash = current ?? legacy;
  if (lastHash === undefined || lastHash === '') return undefined;
  if (!isMessageHash(lastHash)) throw invalidRequest('Invalid last_hash: expected base64 (43 chars)');
  return lastHash;
}

function checkNamespace(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrongType(name, '16-bit integer');
  if (!isValidNamespace(value)) throw invalidRequest(`Invalid value given for '${name}': value out of range`);
  return value;
}

/** §4.3: a 16-bit namespace, 0 when absent. */
export function readNamespace(params: Params): number {
  const value = field(params, 'namespace');
  return value === undefined ? 0 : checkNamespace(value, 'namespace');
}

/** delete_all, delete_before and expire_all also take "all" (§4.2). */
export function readNamespaceSelector(params: Params): NamespaceSelector {
  const value = field(params, 'namespace');
  if (value === allNamespaces) return allNamespaces;
  if (typeof value === 'string') throw wrongType('namespace', 'integer or "all"');
  return value === undefined ? 0 : checkNamespace(value, 'namespace');
}

function parseOwner(text: string, name: string): Owner {
  if (text.length !== pubkeyHexLength || !isHex(text)) {
    throw invalidRequest(
      `Invalid value given for '${name}': a pubkey is ${pubkeyHexLength} hex digits (${pubkeyByteLength} bytes)`,
    );
  }
  const bytes = fromHex(text);
  return { hex: text.toLowerCase(), prefix: bytes[0]!, key: bytes.subarray(1) };
}

/** §4.2 `pubkey`; `pubKey` is an old spelling that some methods still take. */
export function readOwner(params: Params, acceptOldSpelling = false): Owner {
  const current = readString(params, 'pubkey');
  const old = acceptOldSpelling ? readString(params, 'pubKey') : undefined;
  if (current !== undefined && old !== undefined)
    throw invalidRequest("Cannot specify both 'pubkey' and 'pubKey'");
  if (current === undefined && old === undefined) throw invalidRequest("Required field 'pubkey' missing");
  return current !== undefined ? parseOwner(current, 'pubkey') : parseOwner(old!, 'pubKey');
}

/** §4.4: store's base64 `data`, at most 76,800 bytes. */
export function readData(params: Params): Uint8Array {
  const text = required(readString(params, 'data'), 'data');
  if (text.length > maximumDataBase64Length) {
    throw invalidRequest(`Message body exceeds maximum allowed length of ${maximumDataBytes} bytes`);
  }
  let data: Uint8Array;
  try {
    data = fromBase64(text);
  } catch {
    throw invalidRequest("Invalid 'data' value: not base64 encoded");
  }
  if (!isValidDataSize(data)) {
    throw invalidRequest(`Message body exceeds maximum allowed length of ${maximumDataBytes} bytes`);
  }
  return data;
}

/** §4.2: a 36-byte subaccount token, as 48 base64 or 72 hex characters. */
export function parseSubaccountToken(text: string, name: string): Uint8Array {
  if (text.length === (subaccountTokenLength / 3) * 4 && base64Pattern.test(text)) return fromBase64(text);
  if (text.length === subaccountTokenLength * 2 && isHex(text)) return fromHex(text);
  throw invalidRequest(`invalid ${name}: expected a base64 or hex-encoded subaccount token`);
}
