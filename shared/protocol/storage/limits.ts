// Size, lifetime and clock limits of the storage RPC (protocol-network.md §4.4). A store outside them
// is refused (403 for the TTL, 406 for the clock), so clients check before sending.
import { isPublicInbox } from './namespaces';

const second = 1000;
const day = 24 * 60 * 60 * second;

/** Raw message bytes; their base64 form is at most 102,400 characters. */
export const maximumDataBytes = 76_800;
export const maximumDataBase64Length = 102_400;

export interface TtlBounds {
  readonly minimumMs: number;
  readonly maximumMs: number;
}

/** §4.4: at least 10 s; at most 14 days in a public inbox (ns % 10 == 0), 30 days elsewhere. */
export function ttlBounds(namespace: number): TtlBounds {
  return { minimumMs: 10 * second, maximumMs: (isPublicInbox(namespace) ? 14 : 30) * day };
}

/** The TTL is `expiry − timestamp`, both the client's (§4.4). */
export function isValidTtl(namespace: number, ttlMs: number): boolean {
  const { minimumMs, maximumMs } = ttlBounds(namespace);
  return Number.isInteger(ttlMs) && ttlMs >= minimumMs && ttlMs <= maximumMs;
}

export function isValidDataSize(data: Uint8Array): boolean {
  return data.length <= maximumDataBytes;
}

/** §4.4: a store's timestamp may be at most this far ahead of the server (and expiry this far behind). */
export const storeClockToleranceMs = 10 * second;
/** §4.4: signed timestamps must be within this of the server's clock, else 406. */
export const signatureClockToleranceMs = 60 * second;
