// Base64 (RFC 4648 standard alphabet) without Node's Buffer, so that the renderer can run it too.
// The storage RPC uses both forms: padded for signatures and data, unpadded for message hashes
// (protocol-network.md §4.2, §4.5).
import { StarlingError } from '../errors';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Each character code's value, 255 for a character outside the alphabet: a table, not a Map, on a hot path. */
const valueByCode = new Uint8Array(128).fill(255);
for (let index = 0; index < alphabet.length; index += 1) valueByCode[alphabet.charCodeAt(index)] = index;

/** Standard base64 with `=` padding. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 3) {
    const first = bytes[offset]!;
    const second = bytes[offset + 1];
    const third = bytes[offset + 2];
    const group = (first << 16) | ((second ?? 0) << 8) | (third ?? 0);
    text += alphabet[(group >> 18) & 63]! + alphabet[(group >> 12) & 63]!;
    text += second === undefined ? '=' : alphabet[(group >> 6) & 63]!;
    text += third === undefined ? '=' : alphabet[group & 63]!;
  }
  return text;
}

/** Standard base64 without the trailing `=` padding (message hashes, §4.5). */
export function toBase64Unpadded(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/=+$/u, '');
}

/**
 * Decodes standard base64, with or without its padding. Whitespace, the URL-safe alphabet and
 * padding anywhere but at the end are refused, because protocol fields never contain them.
 */
export function fromBase64(text: string): Uint8Array {
  const body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  const padded = body.length !== text.length;
  // A lone character in the last group carries only 6 bits: not a whole byte.
  if (body.length % 4 === 1 || (padded && text.length % 4 !== 0)) {
    throw invalidBase64(`its length (${text.length}) is not possible`);
  }
  const bytes = new Uint8Array(Math.floor((body.length * 3) / 4));
  let group = 0;
  let bits = 0;
  let written = 0;
  for (let index = 0; index < body.length; index += 1) {
    const code = body.charCodeAt(index);
    const value = code < 128 ? valueByCode[code]! : 255;
    if (value === 255) {
      throw invalidBase64(
        `“${String.fromCodePoint(body.codePointAt(index)!)}” at position ${index + 1} is not a base64 character`,
      );
    }
    // Only the bits not yet written matter (at most 12), so the accumulator stays small.
    group = ((group << 6) | value) & 0xfff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[written] = (group >> bits) & 255;
      written += 1;
    }
  }
  return bytes;
}

function invalidBase64(reason: string): StarlingError<'invalidBase64'> {
  return new StarlingError('invalidBase64', `This is not valid base64: ${reason}.`);
}
