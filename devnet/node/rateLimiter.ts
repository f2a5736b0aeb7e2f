// Per-IP token buckets for direct client RPC (protocol-network.md §7): 600 tokens refilled at
// 300 per second, 429 beyond; at most 10,000 addresses tracked, idle ones forgotten. Onion traffic
// and replication between nodes are not limited, as on the public network.
export interface RateLimitSettings {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly maximumTrackedAddresses: number;
}

export const clientRateLimit: RateLimitSettings = {
  capacity: 600,
  refillPerSecond: 300,
  maximumTrackedAddresses: 10_000,
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings = clientRateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `address`; false when the address is over its limit. */
  allow(address: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= this.settings.maximumTrackedAddresses) {
        this.forgetFullBuckets(now);
        if (this.buckets.size >= this.settings.maximumTrackedAddresses) return false;
      }
      bucket = { tokens: this.settings.capacity, updatedAt: now };
      this.buckets.set(address, bucket);
    }
    const refilled = ((now - bucket.updatedAt) / 1000) * this.settings.refillPerSecond;
    bucket.tokens = Math.min(this.settings.capacity, bucket.tokens + refilled);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private forgetFullBuckets(now: number): void {
    for (const [address, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.settings.refillPerSecond;
      if (tokens >= this.settings.capacity) this.buckets.delete(address);
    }
  }
}
