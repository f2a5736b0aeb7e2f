// The pool of known service nodes (protocol-network.md §11 "Snode pool"): from the cache, else from
// the seeds; refreshed from the seeds when it runs low, or by intersecting the lists of 3 random
// nodes; a node that fails 3 times is dropped. Strikes are forgiven by a success.
import type { Logger } from '../logging/logger';
import type { NetworkCacheStore } from './networkCache';
import type { NetworkDescription } from './networkDescription';
import { fetchServiceNodesFromSeeds, type SeedOptions } from './seedClient';
import { describeSnode, type Snode } from './snode';

/** §11: at or below 8 nodes (1 × (3 + 1) × 2) the pool is refetched from the seeds. */
export const minimumPoolSize = 8;
export const nodeFailureThreshold = 3;

export class SnodePool {
  private nodes: Snode[] = [];
  private readonly strikes = new Map<string, number>();
  private readonly dropListeners: ((node: Snode) => void)[] = [];
  guardKeys: string[] = [];

  constructor(
    private readonly network: NetworkDescription,
    private readonly cache: NetworkCacheStore,
    private readonly logger: Logger,
    private readonly seedOptions: SeedOptions = {},
  ) {}

  get size(): number {
    return this.nodes.length;
  }

  all(): readonly Snode[] {
    return this.nodes;
  }

  find(ed25519PublicKey: string): Snode | undefined {
    return this.nodes.find((node) => node.ed25519PublicKey === ed25519PublicKey);
  }

  /** Called when a node leaves the pool, so that paths and swarms drop it too. */
  onDropped(listener: (node: Snode) => void): void {
    this.dropListeners.push(listener);
  }

  /** Loads the cached pool, or asks the seeds when there is none or too little of it. */
  async ensure(): Promise<void> {
    if (this.nodes.length > minimumPoolSize) return;
    const cached = await this.cache.load();
    if (cached && cached.pool.length > minimumPoolSize) {
      this.nodes = [...cached.pool];
      this.guardKeys = cached.guards.filter((key) => this.find(key));
      this.logger.info(`snode pool: ${this.nodes.length} nodes from the cache`);
      return;
    }
    await this.refreshFromSeeds();
  }

  async refreshFromSeeds(): Promise<void> {
    const fetched = await fetchServiceNodesFromSeeds(this.network, this.seedOptions);
    this.replace(fetched);
    this.logger.info(`snode pool: ${this.nodes.length} nodes from the seeds of ${this.network.name}`);
  }

  /**
   * §1 pool upkeep: keep the nodes that several service nodes agree on. `lists` are their answers;
   * with too little agreement the seeds decide instead.
   */
  async refreshFromLists(lists: readonly (readonly Snode[])[]): Promise<void> {
    const counts = new Map<string, { node: Snode; count: number }>();
    for (const list of lists) {
      for (const node of new Map(list.map((entry) => [`${entry.ip}:${entry.port}`, entry])).values()) {
        const key = `${node.ip}:${node.port}`;
        const seen = counts.get(key);
        counts.set(key, { node, count: (seen?.count ?? 0) + 1 });
      }
    }
    const agreed = [...counts.values()].filter(({ count }) => count === lists.length).map(({ node }) => node);
    // §11: 24 common nodes on mainnet; a small network (devnet) agrees on all of its nodes.
    const required = Math.min(24, Math.max(minimumPoolSize + 1, Math.floor(this.nodes.length * 0.8)));
    if (lists.length === 0 || agreed.length < required) {
      this.logger.warn(`snode pool: only ${agreed.length} nodes agreed on; asking the seeds`);
      await this.refreshFromSeeds();
      return;
    }
    this.replace(agreed);
  }

  private replace(nodes: readonly Snode[]): void {
    this.nodes = [...nodes];
    this.strikes.clear();
    this.guardKeys = this.guardKeys.filter((key) => this.find(key));
    void this.persist();
  }

  /** Saves the pool and guards; a failed save is logged, never fatal (the seeds can rebuild it). */
  async persist(): Promise<void> {
    try {
      await this.cache.save({ savedAt: Date.now(), pool: this.nodes, guards: this.guardKeys });
    } catch (error) {
      this.logger.warn(`the snode pool could not be saved: ${(error as Error).message}`);
    }
  }

  /** Up to `count` random nodes, none of `excluded` (by Ed25519 key). */
  sample(count: number, excluded: ReadonlySet<string> = new Set()): Snode[] {
    const candidates = this.nodes.filter((node) => !excluded.has(node.ed25519PublicKey));
    for (let index = candidates.length - 1; index > 0; index -= 1) {
      const other = Math.floor(Math.random() * (index + 1));
      [candidates[index], candidates[other]] = [candidates[other]!, candidates[index]!];
    }
    return candidates.slice(0, count);
  }

  strikeCount(ed25519PublicKey: string): number {
    return this.strikes.get(ed25519PublicKey) ?? 0;
  }

  /** Counts a failure; the third drops the node. Returns whether it was dropped. */
  strike(node: Snode, reason: string): boolean {
    const count = this.strikeCount(node.ed25519PublicKey) + 1;
    this.strikes.set(node.ed25519PublicKey, count);
    this.logger.debug(`snode ${describeSnode(node)} failed (${count}/${nodeFailureThreshold}): ${reason}`);
    if (count < nodeFailureThreshold) return false;
    this.drop(node, `${count} failures`);
    return true;
  }

  forgive(node: Snode): void {
    this.strikes.delete(node.ed25519PublicKey);
  }

  drop(node: Snode, reason: string): void {
    if (!this.find(node.ed25519PublicKey)) return;
    this.nodes = this.nodes.filter((entry) => entry.ed25519PublicKey !== node.ed25519PublicKey);
    this.strikes.delete(node.ed25519PublicKey);
    this.guardKeys = this.guardKeys.filter((key) => key !== node.ed25519PublicKey);
    this.logger.info(`snode ${describeSnode(node)} dropped from the pool: ${reason}`);
    for (const listener of this.dropListeners) listener(node);
    void this.persist();
  }
}
