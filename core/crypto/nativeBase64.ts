// Base64 decoding for the engine's hot paths (a poll's thousands of messages, a catch-up's onion
// replies of megabytes): Node's native decoder, whose answer is taken only when encoding it again
// gives back the very text, so that it is canonical base64 and shared/'s strict decoder would give
// the same bytes. Anything else goes to that decoder, which decodes it or refuses it in words.
// Checking by a regular expression instead costs more than the decoding (about 70 MB/s here).
import { fromBase64 } from '../../shared/protocol/base64';

/** As shared/'s fromBase64, several times faster. */
export function decodeBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  const canonical = bytes.toString('base64');
  // Unpadded text is accepted as shared/ accepts it: the same text with its padding.
  const padding = canonical.length - text.length;
  const same =
    padding === 0
      ? canonical === text
      : padding > 0 &&
        padding <= 2 &&
        !text.endsWith('=') &&
        canonical.endsWith('='.repeat(padding)) &&
        canonical.startsWith(text);
  if (!same) return fromBase64(text);
  // A plain copy, not the Buffer: small Buffers are views of Node's shared pool, and protocol code
  // expects a Uint8Array's `slice` to copy.
  return new Uint8Array(bytes);
}
