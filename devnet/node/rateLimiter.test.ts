import { describe, expect, it } from 'vitest';
import { clientRateLimit, RateLimiter } from './rateLimiter';

describe('RateLimiter', () => {
  it('allows a burst of 600, then 300 per second, per address', () => {
    let now = 0;
    const limiter = new RateLimiter(clientRateLimit, () => now);
    const burst = Array.from({ length: 700 }, () => limiter.allow('10.0.0.1')).filter(Boolean).length;
    expect(burst).toBe(600);
    expect(limiter.allow('10.0.0.2')).toBe(true);
    now += 1000;
    const refilled = Array.from({ length: 400 }, () => limiter.allow('10.0.0.1')).filter(Boolean).length;
    expect(refilled).toBe(300);
  });

  it('tracks a bounded number of addresses and forgets idle ones', () => {
    let now = 0;
    const limiter = new RateLimiter(
      { capacity: 2, refillPerSecond: 1, maximumTrackedAddresses: 2 },
      () => now,
    );
    expect(limiter.allow('a')).toBe(true);
    expect(limiter.allow('b')).toBe(true);
    expect(limiter.allow('c')).toBe(false);
    now += 5000;
    expect(limiter.allow('c')).toBe(true);
  });
});
