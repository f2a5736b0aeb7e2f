// Network time (protocol-network.md §11 "Clock handling"): every reply's `t` gives an offset
// (local − node); the clock uses the mean of the last 10, so one skewed node cannot move it far.
// Signatures, TTLs and sent timestamps all use it.

const windowSize = 10;
// §11: timestamps before 2021-01-01 are ignored (a node with a broken clock).
const earliestPlausible = Date.UTC(2021, 0, 1);

export class NetworkClock {
  private readonly offsets: number[] = [];

  constructor(private readonly localNow: () => number = Date.now) {}

  /** Records a node's time `t` from a reply received at local time `receivedAt`. */
  observe(nodeTime: unknown, receivedAt = this.localNow()): void {
    if (typeof nodeTime !== 'number' || !Number.isFinite(nodeTime) || nodeTime < earliestPlausible) return;
    this.offsets.push(receivedAt - nodeTime);
    if (this.offsets.length > windowSize) this.offsets.shift();
  }

  /** Trusts one node's time outright: after a 406/425, the node said our clock is wrong. */
  correctFrom(nodeTime: unknown, receivedAt = this.localNow()): void {
    if (typeof nodeTime !== 'number' || nodeTime < earliestPlausible) return;
    this.offsets.length = 0;
    this.observe(nodeTime, receivedAt);
  }

  /** local − network, in ms. */
  get offsetMs(): number {
    if (this.offsets.length === 0) return 0;
    return Math.round(this.offsets.reduce((sum, offset) => sum + offset, 0) / this.offsets.length);
  }

  now(): number {
    return this.localNow() - this.offsetMs;
  }
}
