// Keeping the account's config messages alive (protocol-network.md §11, protocol-config-groups.md §4
// "Storage"): they are stored for 30 days, and an `expire` sent along with a poll moves their expiry
// back to 30 days from now. Desktop sends it with every poll; once an hour, or as soon as the set of
// live hashes changes, is enough to never let a config lapse.
import type { SwarmAuthority } from '../network/swarmAuthority';
import { expireParams } from '../network/swarmWrites';
import { configTtlMs } from './configPusher';

export const configRenewalIntervalMs = 60 * 60 * 1000;

export class ConfigLifetime {
  private renewedAt = Number.NEGATIVE_INFINITY;
  private renewedHashes = '';

  constructor(
    private readonly options: {
      readonly authority: SwarmAuthority;
      /** The storage hashes of the configs' current messages. */
      readonly liveHashes: () => readonly string[];
    },
  ) {}

  /** The `expire` to send along with a poll at `now`, when one is due. */
  async requests(now: number): Promise<{ method: string; params: unknown }[]> {
    const hashes = this.options.liveHashes();
    if (hashes.length === 0) return [];
    const key = hashes.join(',');
    if (key === this.renewedHashes && now - this.renewedAt < configRenewalIntervalMs) return [];
    this.renewedAt = now;
    this.renewedHashes = key;
    return [
      { method: 'expire', params: await expireParams(this.options.authority, hashes, now + configTtlMs) },
    ];
  }
}
