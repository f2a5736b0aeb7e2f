// The clock rules of the storage RPC (protocol-network.md §4.4), judged by this node's clock, which
// a fault control may skew. Signed timestamps bound how long a captured request can be replayed.
import { signatureClockToleranceMs } from '../../shared/protocol/storage/limits';
import { RpcError } from './rpcReplies';
import type { NodeContext } from './rpcTypes';

/** §4.4: a forwarded delete_all/expire_all may have spent a while on the way. */
export const forwardedClockToleranceMs = 70_000;
const day = 24 * 60 * 60 * 1000;
/** §4.4: expire caps expiries at 30 days from now. */
export const maximumExpiryAheadMs = 30 * day;

/** §4.4: a signed timestamp must be within the tolerance of the node's clock, else 406. */
export function checkSignedTimestamp(
  context: NodeContext,
  method: string,
  timestamp: number,
  toleranceMs = signatureClockToleranceMs,
): void {
  const now = context.now();
  if (timestamp < now - toleranceMs || timestamp > now + toleranceMs) {
    throw new RpcError(406, `${method} timestamp too far from current time: check your clock`);
  }
}

/** [major, revision] ≥ [major, revision], as hardforks compare (§6). */
export function hardforkAtLeast(
  hardfork: readonly [number, number],
  minimum: readonly [number, number],
): boolean {
  return hardfork[0] > minimum[0] || (hardfork[0] === minimum[0] && hardfork[1] >= minimum[1]);
}
