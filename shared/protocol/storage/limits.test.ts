import { describe, expect, it } from 'vitest';
import { isValidDataSize, isValidTtl, maximumDataBase64Length, maximumDataBytes, ttlBounds } from './limits';

const day = 86_400_000;

// protocol-network.md §4.4.
describe('storage limits', () => {
  it('allow 10 s to 14 days in public inboxes and up to 30 days elsewhere', () => {
    expect(ttlBounds(0)).toEqual({ minimumMs: 10_000, maximumMs: 14 * day });
    expect(ttlBounds(-10)).toEqual({ minimumMs: 10_000, maximumMs: 14 * day });
    expect(ttlBounds(2)).toEqual({ minimumMs: 10_000, maximumMs: 30 * day });
    expect(isValidTtl(0, 1_209_600_000)).toBe(true); // desktop's DM TTL
    expect(isValidTtl(0, 14 * day + 1)).toBe(false);
    expect(isValidTtl(3, 2_592_000_000)).toBe(true); // desktop's config TTL
    expect(isValidTtl(3, 30 * day + 1)).toBe(false);
    expect(isValidTtl(11, 9_999)).toBe(false);
    expect(isValidTtl(11, 10_000.5)).toBe(false);
  });

  it('cap message data at 76,800 bytes', () => {
    expect(isValidDataSize(new Uint8Array(maximumDataBytes))).toBe(true);
    expect(isValidDataSize(new Uint8Array(maximumDataBytes + 1))).toBe(false);
    expect(maximumDataBase64Length).toBe((maximumDataBytes / 3) * 4);
  });
});
