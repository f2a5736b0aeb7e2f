// The network's hardfork version (protocol-network.md §6): every reply carries `hf`. The highest
// seen is tracked, and a version above what this build supports is announced once, so that the
// app can ask the user to update before messages stop arriving (product.md, complaint 9).

export type HardforkVersion = readonly [number, number];

/** The newest hardfork this build was written for. */
export const supportedHardfork: HardforkVersion = [19, 5];

export function compareHardforks(left: HardforkVersion, right: HardforkVersion): number {
  return left[0] - right[0] || left[1] - right[1];
}

export function parseHardfork(value: unknown): HardforkVersion | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [major, revision] = value as unknown[];
  if (!Number.isInteger(major) || !Number.isInteger(revision)) return undefined;
  return [major as number, revision as number];
}

export class HardforkTracker {
  private highest: HardforkVersion | undefined;
  private announced: HardforkVersion | undefined;

  constructor(
    private readonly onNewerThanSupported: (version: HardforkVersion) => void,
    private readonly supported: HardforkVersion = supportedHardfork,
  ) {}

  get version(): HardforkVersion | undefined {
    return this.highest;
  }

  /** The network runs a hardfork newer than this build supports. */
  get updateRequired(): boolean {
    return this.announced !== undefined;
  }

  observe(value: unknown): void {
    const version = parseHardfork(value);
    if (!version) return;
    if (!this.highest || compareHardforks(version, this.highest) > 0) this.highest = version;
    if (
      compareHardforks(version, this.supported) > 0 &&
      (!this.announced || compareHardforks(version, this.announced) > 0)
    ) {
      this.announced = version;
      this.onNewerThanSupported(version);
    }
  }
}
