// Bounds on the JSON a devnet server accepts from the network, checked on the raw bytes BEFORE
// JSON.parse allocates anything: a 10 MiB body of `[[[[…` or of `[0,0,0,…` parses into millions of
// objects, and twelve of them at once stalled every node of the process and held gigabytes. No
// request of the protocol (protocol-network.md §4.6, §5.2, §1) nests more than a few levels — the
// deepest, an ifelse holding a sequence of expires, has 8 — nor needs more than a few thousand values.
export interface JsonLimits {
  /** Objects and arrays inside each other, the outermost counting 1. */
  readonly maximumDepth: number;
  /** Objects, arrays and elements after the first of each (commas), over the whole document. */
  readonly maximumValues: number;
}

/** What every JSON endpoint of devnet allows: storage RPC, onion layers, v4 requests, the seed. */
export const requestJsonLimits: JsonLimits = { maximumDepth: 12, maximumValues: 100_000 };

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const openBracket = 0x5b;
const closeBrace = 0x7d;
const closeBracket = 0x5d;
const comma = 0x2c;

/**
 * Why `bytes` exceed the limits, or undefined when they do not. One linear pass that stops at the
 * first excess; it does not validate the JSON (JSON.parse does that next), it only keeps track of
 * strings, so that brackets inside them do not count.
 */
export function jsonLimitViolation(
  bytes: Uint8Array,
  limits: JsonLimits = requestJsonLimits,
): string | undefined {
  let depth = 0;
  let values = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (inString) {
      if (byte === backslash) index += 1;
      else if (byte === quote) inString = false;
      continue;
    }
    if (byte === quote) {
      inString = true;
    } else if (byte === openBrace || byte === openBracket) {
      depth += 1;
      values += 1;
      if (depth > limits.maximumDepth) {
        return `the JSON is nested more than ${limits.maximumDepth} levels deep`;
      }
    } else if (byte === closeBrace || byte === closeBracket) {
      depth -= 1;
    } else if (byte === comma) {
      values += 1;
    }
    if (values > limits.maximumValues) {
      return `the JSON holds more than ${limits.maximumValues} values`;
    }
  }
  return undefined;
}

export type BoundedJson = { readonly value: unknown } | { readonly error: string };

/** Parses UTF-8 JSON within `limits`; the error says what is wrong, for a 400 reply. */
export function parseBoundedJson(bytes: Uint8Array, limits: JsonLimits = requestJsonLimits): BoundedJson {
  const violation = jsonLimitViolation(bytes, limits);
  if (violation !== undefined) return { error: violation };
  try {
    // Decoded as Node does (invalid sequences become U+FFFD), as the servers always read bodies.
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: 'the body is not JSON' };
  }
}
