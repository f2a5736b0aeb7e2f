// Base64 decoding for the engine's hot paths (a poll's thousands of messages): the same strict rules
// as shared/protocol/base64.ts, checked by one regular expression, and the bytes decoded by Node's
// native decoder, about ten times faster than decoding character by character in JavaScript.
import { fromBase64 } from '../../shared/protocol/base64';

/** Standard alphabet, padding only at the end; unpadded is accepted as shared/ accepts it. */
const strictBase64 = /^[A-Za-z0-9+/]*={0,2}$/u;

/** As shared/'s fromBase64, faster; anything it would refuse goes to it for the words of the error. */
export function decodeBase64(text: string): Uint8Array {
  const body = text.length - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  const padded = body !== text.length;
  if (!strictBase64.test(text) || body % 4 === 1 || (padded && text.length % 4 !== 0))
    return fromBase64(text);
  // A plain copy, not the Buffer: small Buffers are views of Node's shared pool, and protocol code
  // expects a Uint8Array's `slice` to copy.
  return new Uint8Array(Buffer.from(text, 'base64'));
}
