// The v4 payload of onion requests to HTTP servers (protocol-network.md §5.4), used for SOGS and the
// file server: a bencoded list of one or two byte strings, `l<len>:<json>[<len>:<body>]e`. The JSON
// describes the request (method, endpoint, headers) or the reply (code, lower-case headers); the
// body travels as raw bytes, so files need no base64.
import { StarlingError } from '../../errors';
import { concatBytes, utf8Decode, utf8Encode } from '../bytes';

export type V4Headers = Readonly<Record<string, string>>;

export interface V4Request {
  readonly method: string;
  /** The path on the server, e.g. `/room/some-room`. */
  readonly endpoint: string;
  readonly headers?: V4Headers | undefined;
  readonly body?: Uint8Array | undefined;
}

export interface V4Reply {
  /** The HTTP status the server answered with. */
  readonly code: number;
  readonly headers: V4Headers;
  readonly body?: Uint8Array | undefined;
}

const listStart = 0x6c; // 'l'
const listEnd = 0x65; // 'e'
const colon = 0x3a;
const zero = 0x30;

/**
 * `l<len>:<part>…e` as parts in order, the given parts among them uncopied: joined, they are the
 * list. An onion builder encrypts them as they are, so a file body is never copied into a request.
 */
function listParts(parts: readonly Uint8Array[]): Uint8Array[] {
  const encoded = parts.flatMap((part) => [utf8Encode(`${part.length}:`), part]);
  return [Uint8Array.of(listStart), ...encoded, Uint8Array.of(listEnd)];
}

function encodeList(parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(...listParts(parts));
}

/** Reads `l<len>:<bytes>…e` and nothing after it; lengths are decimal without leading zeros. */
function parseList(payload: Uint8Array): Uint8Array[] {
  if (payload[0] !== listStart) {
    throw invalidPayload('it does not start with “l”');
  }
  const parts: Uint8Array[] = [];
  let offset = 1;
  while (payload[offset] !== listEnd) {
    if (offset >= payload.length) {
      throw invalidPayload('it ends before its closing “e”');
    }
    const lengthStart = offset;
    while (offset < payload.length && payload[offset]! >= zero && payload[offset]! <= zero + 9) {
      offset += 1;
    }
    const digits = offset - lengthStart;
    if (payload[offset] !== colon || digits === 0 || digits > 15) {
      throw invalidPayload(`no valid length at byte ${lengthStart}`);
    }
    if (payload[lengthStart] === zero && digits > 1) {
      throw invalidPayload(`the length at byte ${lengthStart} has a leading zero`);
    }
    const length = Number(utf8Decode(payload.subarray(lengthStart, offset)));
    const partStart = offset + 1;
    if (partStart + length > payload.length) {
      throw invalidPayload(`a part announces ${length} bytes, but only ${payload.length - partStart} follow`);
    }
    // A view, not a copy: a reply's body is most of the payload, and nothing writes to either.
    parts.push(payload.subarray(partStart, partStart + length));
    offset = partStart + length;
  }
  if (offset + 1 !== payload.length) {
    throw invalidPayload(`${payload.length - offset - 1} bytes follow its end`);
  }
  return parts;
}

function bodyBytes(body: Uint8Array | undefined): Uint8Array[] {
  return body === undefined ? [] : [body];
}

/** Splits a payload into its JSON object and its optional body. */
function parsePayload(payload: Uint8Array): { json: Record<string, unknown>; body: Uint8Array | undefined } {
  const parts = parseList(payload);
  if (parts.length < 1 || parts.length > 2) {
    throw invalidPayload(`it has ${parts.length} parts instead of one or two`);
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8Decode(parts[0]!));
  } catch {
    throw invalidPayload('its first part is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidPayload('its first part is not a JSON object');
  }
  return { json: json as Record<string, unknown>, body: parts[1] };
}

function readHeaders(value: unknown): V4Headers {
  if (value === undefined) {
    return {};
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((header) => typeof header === 'string')
  ) {
    throw invalidPayload('its headers are not an object of strings');
  }
  return value as V4Headers;
}

/** The parts of `l<len>:{"method","endpoint","headers"?}[<len>:<body>]e`, the body uncopied. */
export function v4RequestParts(request: V4Request): Uint8Array[] {
  const info = {
    method: request.method,
    endpoint: request.endpoint,
    ...(request.headers === undefined ? {} : { headers: request.headers }),
  };
  return listParts([utf8Encode(JSON.stringify(info)), ...bodyBytes(request.body)]);
}

/** `l<len>:{"method","endpoint","headers"?}[<len>:<body>]e`. */
export function encodeV4Request(request: V4Request): Uint8Array {
  return concatBytes(...v4RequestParts(request));
}

export function parseV4Request(payload: Uint8Array): V4Request {
  const { json, body } = parsePayload(payload);
  if (typeof json.method !== 'string' || typeof json.endpoint !== 'string') {
    throw invalidPayload('its request has no method or endpoint');
  }
  return { method: json.method, endpoint: json.endpoint, headers: readHeaders(json.headers), body };
}

/** `l<len>:{"code","headers"}[<len>:<body>]e`; header names are sent in lower case. */
export function encodeV4Reply(reply: V4Reply): Uint8Array {
  const headers = Object.fromEntries(
    Object.entries(reply.headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const info = { code: reply.code, headers };
  return encodeList([utf8Encode(JSON.stringify(info)), ...bodyBytes(reply.body)]);
}

export function parseV4Reply(payload: Uint8Array): V4Reply {
  const { json, body } = parsePayload(payload);
  if (typeof json.code !== 'number' || !Number.isInteger(json.code)) {
    throw invalidPayload('its reply has no status code');
  }
  return { code: json.code, headers: readHeaders(json.headers), body };
}

function invalidPayload(reason: string): StarlingError<'invalidV4Payload'> {
  return new StarlingError('invalidV4Payload', `A v4 onion payload is malformed: ${reason}.`);
}
