// Onion layers as devnet nodes and servers read them from the network (protocol-network.md §5.2):
// the layout of shared/protocol/onion/layer.ts, with the JSON at the end held to the request limits
// before it is parsed, since a guard reads that JSON from anyone (see jsonLimits.ts).
import { StarlingError } from '../../shared/errors';
import { type OnionLayer, parseOnionLayer } from '../../shared/protocol/onion/layer';
import { jsonLimitViolation } from './jsonLimits';

const lengthPrefixBytes = 4;

/**
 * The 400 for an `ephemeral_key` libsodium refuses (low-order points, whose shared secret anyone
 * knows): the client's error, never the node's 500 (§5.4 "Error parsing onion request").
 */
export const unusableEphemeralKeyText =
  'Error parsing onion request: the ephemeral_key is not a usable X25519 public key';

/** parseOnionLayer, refusing JSON over the limits as `invalidOnionLayerJson` before parsing it. */
export function parseBoundedOnionLayer(bytes: Uint8Array): OnionLayer {
  if (bytes.length >= lengthPrefixBytes) {
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    // A layout that does not add up is left to parseOnionLayer, which explains it.
    if (length <= bytes.length - lengthPrefixBytes) {
      const violation = jsonLimitViolation(bytes.subarray(lengthPrefixBytes + length));
      if (violation !== undefined) {
        throw new StarlingError(
          'invalidOnionLayerJson',
          `The JSON of an onion layer is refused: ${violation}.`,
        );
      }
    }
  }
  return parseOnionLayer(bytes);
}
