// File IDs of the file server (protocol-messages.md §5.2): new uploads get a random 53-bit integer
// written in decimal, as the Python server does; a lookup also accepts the 44-character base64url
// form of newer servers. Nothing else names a file, so an ID is also a safe file name: no `/`, no
// `.`, no way out of the files directory.
import { randomBytes } from 'node:crypto';

const decimalId = /^[0-9]{1,16}$/u;
const base64UrlId = /^[A-Za-z0-9_-]{44}$/u;

export function isFileId(text: string): boolean {
  return decimalId.test(text) || base64UrlId.test(text);
}

/** A random integer below 2^53, so that every client reads it back exactly as a JavaScript number. */
export function newFileId(): string {
  const bits = randomBytes(8).readBigUInt64BE() & ((1n << 53n) - 1n);
  return bits.toString();
}
