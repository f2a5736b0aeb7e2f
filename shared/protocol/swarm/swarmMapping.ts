// Which swarm stores a key (protocol-network.md §3): the swarm id nearest to the key's space on the
// unsigned 64-bit ring. The server and every client must pick the same swarm, down to the ties, or
// the server answers 421 and the client keeps being redirected.
import { StarlingError } from '../../errors';
import { swarmSpace } from './swarmSpace';

const ringSize = 1n << 64n;

/** UINT64_MAX marks "no swarm" (e.g. get_swarm with no swarms known) and is never a real swarm. */
export const invalidSwarmId = ringSize - 1n;

function isUnsigned64(value: bigint): boolean {
  return value >= 0n && value < ringSize;
}

/**
 * The swarm id for a swarm space, or undefined when there is no real swarm at all.
 *
 * §3: take the ids sorted without UINT64_MAX; a single swarm takes every key. Otherwise `right` is
 * the first id ≥ space (wrapping to the first), `left` the id before it (wrapping to the last), and
 * `right` wins only when strictly nearer: exact ties go to the lower id, or to the top id at the wrap.
 */
export function swarmIdForSpace(space: bigint, swarmIds: Iterable<bigint>): bigint | undefined {
  if (!isUnsigned64(space)) {
    throw new RangeError(`a swarm space is an unsigned 64-bit value, not ${space}`);
  }
  const unique = new Set<bigint>();
  for (const swarmId of swarmIds) {
    if (!isUnsigned64(swarmId)) {
      throw new RangeError(`a swarm id is an unsigned 64-bit value, not ${swarmId}`);
    }
    if (swarmId !== invalidSwarmId) {
      unique.add(swarmId);
    }
  }
  const sorted = [...unique].sort((first, second) => (first < second ? -1 : first > second ? 1 : 0));
  if (sorted.length <= 1) {
    return sorted[0];
  }
  const found = sorted.findIndex((swarmId) => swarmId >= space);
  const rightIndex = found === -1 ? 0 : found;
  const leftIndex = (rightIndex === 0 ? sorted.length : rightIndex) - 1;
  const right = sorted[rightIndex]!;
  const left = sorted[leftIndex]!;
  const distanceRight = (right - space + ringSize) % ringSize;
  const distanceLeft = (space - left + ringSize) % ringSize;
  return distanceRight < distanceLeft ? right : left;
}

/** The swarm id for a storage pubkey (hex or bytes), or undefined when there is no real swarm. */
export function swarmIdForPubkey(
  pubkey: string | Uint8Array,
  swarmIds: Iterable<bigint>,
): bigint | undefined {
  return swarmIdForSpace(swarmSpace(pubkey), swarmIds);
}

/** The form of `swarm` in get_swarm and 421 replies (§3): lowercase hex without leading zeros. */
export function formatSwarmId(swarmId: bigint): string {
  if (!isUnsigned64(swarmId)) {
    throw new RangeError(`a swarm id is an unsigned 64-bit value, not ${swarmId}`);
  }
  return swarmId.toString(16);
}

/** Reads the `swarm` field of a get_swarm or 421 reply (§3); any case and leading zeros accepted. */
export function parseSwarmId(text: string): bigint {
  if (!/^[0-9a-fA-F]{1,16}$/u.test(text)) {
    throw new StarlingError(
      'invalidSwarmId',
      `The network named a swarm as “${text.slice(0, 40)}”, which is not a swarm id (up to 16 hex digits).`,
    );
  }
  return BigInt(`0x${text}`);
}
