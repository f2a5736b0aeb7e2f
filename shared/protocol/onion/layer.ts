// The layout of every onion layer (protocol-network.md §5.2): a little-endian u32 N, N bytes of
// ciphertext (or, at the final snode, the request body), then the layer's UTF-8 JSON with no
// terminator. The guard receives it over HTTPS and each hop finds the same layout after decrypting.
import { StarlingError } from '../../errors';
import { concatBytes, utf8Decode, utf8Encode } from '../bytes';

const lengthPrefixBytes = 4;
const maximumLength = 0xffffffff;

export type OnionLayerJson = Readonly<Record<string, unknown>>;

export interface OnionLayer {
  /** The N bytes: the next hop's ciphertext, or the request body at the destination. */
  readonly ciphertext: Uint8Array;
  /** What this hop reads: `ephemeral_key`, `enc_type`, `destination`, `headers`, `host`, … */
  readonly json: OnionLayerJson;
}

export function encodeOnionLayer(ciphertext: Uint8Array, json: OnionLayerJson): Uint8Array {
  if (ciphertext.length > maximumLength) {
    throw new RangeError('an onion layer holds at most 2^32 − 1 bytes');
  }
  const prefix = new Uint8Array(lengthPrefixBytes);
  new DataView(prefix.buffer).setUint32(0, ciphertext.length, true);
  return concatBytes(prefix, ciphertext, utf8Encode(JSON.stringify(json)));
}

/**
 * Splits a layer into its bytes and its JSON. A layout that does not add up is `invalidOnionLayer`;
 * JSON that does not parse to an object is `invalidOnionLayerJson`, which servers answer
 * differently (§5.4: "Error parsing onion request" at the guard, an encrypted "Invalid json" inside).
 */
export function parseOnionLayer(layer: Uint8Array): OnionLayer {
  if (layer.length < lengthPrefixBytes) {
    throw new StarlingError(
      'invalidOnionLayer',
      `An onion layer starts with a 4-byte length, but this one has only ${layer.length} bytes.`,
    );
  }
  const length = new DataView(layer.buffer, layer.byteOffset, layer.byteLength).getUint32(0, true);
  const available = layer.length - lengthPrefixBytes;
  if (length > available) {
    throw new StarlingError(
      'invalidOnionLayer',
      `An onion layer announces ${length} bytes of ciphertext, but only ${available} bytes follow.`,
    );
  }
  const jsonStart = lengthPrefixBytes + length;
  return {
    ciphertext: layer.slice(lengthPrefixBytes, jsonStart),
    json: parseLayerJson(layer.slice(jsonStart)),
  };
}

function parseLayerJson(bytes: Uint8Array): OnionLayerJson {
  let value: unknown;
  try {
    value = JSON.parse(utf8Decode(bytes));
  } catch {
    throw invalidJson();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidJson();
  }
  return value as OnionLayerJson;
}

function invalidJson(): StarlingError<'invalidOnionLayerJson'> {
  return new StarlingError(
    'invalidOnionLayerJson',
    'An onion layer ends with text that is not a JSON object.',
  );
}
