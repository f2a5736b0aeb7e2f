// Guard nodes and onion paths (protocol-network.md §5.1, §5.5, §11 "Paths and guards"): 2 guards,
// each tested with a direct request before use and kept across restarts, and one path of 3 hops per
// guard with no node shared between paths. Hops are taken one per /24 subnet while the pool allows
// it; on a network where every node shares a subnet (devnet, all on 127.0.0.1) the rule gives way.
import { StarlingError } from '../../shared/errors';
import type { Logger } from '../logging/logger';
import { directRpc } from './directRpc';
import { describeSnode, type Snode, subnetOf } from './snode';
import type { SnodePool } from './snodePool';

export const hopsPerPath = 3;
export const desiredGuards = 2;
export const pathFailureThreshold = 3;
const guardTestTimeoutMs = 10_000;
const guardRounds = 6;

export interface OnionPath {
  readonly hops: readonly Snode[];
}

export interface HopStatus {
  readonly ed25519PublicKey: string;
  readonly ip: string;
  readonly port: number;
  readonly healthy: boolean;
  readonly failures: number;
}

export interface PathStatus {
  readonly hops: readonly HopStatus[];
  readonly healthy: boolean;
  readonly failures: number;
}

export class NoPathError extends StarlingError<'noPath'> {}

export class OnionPaths {
  private paths: OnionPath[] = [];
  private readonly pathFailures = new Map<string, number>();
  private building: Promise<void> | undefined;
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    private readonly pool: SnodePool,
    private readonly logger: Logger,
    /** Any public key to ask a guard candidate's swarm for: the guard test (§5.5). */
    private readonly testPubkey: string,
  ) {
    pool.onDropped((node) => this.removeNode(node));
  }

  onChanged(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  current(): readonly OnionPath[] {
    return this.paths;
  }

  /** Builds paths until there are enough; concurrent callers share one build. */
  async ensure(): Promise<void> {
    if (this.paths.length >= desiredGuards) return;
    this.building ??= this.build().finally(() => {
      this.building = undefined;
    });
    await this.building;
  }

  /**
   * A random path that does not contain `avoid` (the destination, §5.1), preferring paths whose
   * guard is not in `triedGuards` (a retry should not take the path that just failed).
   */
  async pathAvoiding(avoid?: string, triedGuards: ReadonlySet<string> = new Set()): Promise<OnionPath> {
    await this.ensure();
    const usable = this.paths.filter((path) => !path.hops.some((hop) => hop.ed25519PublicKey === avoid));
    const fresh = usable.filter((path) => !triedGuards.has(path.hops[0]!.ed25519PublicKey));
    const candidates = fresh.length > 0 ? fresh : usable;
    const chosen = candidates[Math.floor(Math.random() * candidates.length)] ?? this.detour(avoid);
    if (!chosen)
      throw new NoPathError('noPath', 'No onion path is available: the network cannot be reached.');
    return chosen;
  }

  /**
   * When every path runs through the destination (a small network, or a single path left), a path
   * for this request only, with the destination's hop swapped for another node.
   */
  private detour(avoid: string | undefined): OnionPath | undefined {
    const used = new Set(this.paths.flatMap((path) => path.hops.map((hop) => hop.ed25519PublicKey)));
    if (avoid) used.add(avoid);
    for (const path of this.paths) {
      const index = path.hops.findIndex((hop) => hop.ed25519PublicKey === avoid);
      if (index <= 0) continue; // the guard cannot be swapped for an untested node
      const [replacement] = this.pool.sample(1, used);
      if (replacement)
        return { hops: path.hops.map((hop, position) => (position === index ? replacement : hop)) };
    }
    return undefined;
  }

  private async build(): Promise<void> {
    await this.pool.ensure();
    const guards = await this.chooseGuards();
    // No node may serve in two paths, nor as a hop in one and the guard of another.
    const used = new Set([
      ...this.paths.flatMap((path) => path.hops.map((hop) => hop.ed25519PublicKey)),
      ...guards.map((guard) => guard.ed25519PublicKey),
    ]);
    for (const guard of guards) {
      if (this.paths.length >= desiredGuards) break;
      if (this.paths.some((path) => path.hops[0]!.ed25519PublicKey === guard.ed25519PublicKey)) continue;
      const hops = this.pickHops(guard, used);
      if (hops.length < hopsPerPath) break;
      hops.forEach((hop) => used.add(hop.ed25519PublicKey));
      this.paths.push({ hops });
      this.logger.info(`onion path built: ${hops.map(describeSnode).join(' → ')}`);
    }
    if (this.paths.length === 0) {
      throw new NoPathError('noPath', 'No onion path could be built: too few service nodes answer.');
    }
    this.changed();
  }

  /** The kept guards that still answer, topped up with newly tested ones (§5.5: 6 rounds of 2). */
  private async chooseGuards(): Promise<Snode[]> {
    const inPaths = new Set(this.paths.flatMap((path) => path.hops.map((hop) => hop.ed25519PublicKey)));
    const guards = this.pool.guardKeys.flatMap((key) => {
      const guard = this.pool.find(key);
      // A kept guard already serving as another path's hop cannot guard a new path.
      const guardsAPath = this.paths.some((path) => path.hops[0]!.ed25519PublicKey === key);
      return guard && (guardsAPath || !inPaths.has(key)) ? [guard] : [];
    });
    const tried = new Set([...guards.map((guard) => guard.ed25519PublicKey), ...inPaths]);
    for (let round = 0; round < guardRounds && guards.length < desiredGuards; round += 1) {
      const candidates = this.pool.sample(2, tried);
      if (candidates.length === 0) break;
      candidates.forEach((candidate) => tried.add(candidate.ed25519PublicKey));
      const tested = await Promise.all(
        candidates.map(async (candidate) => ((await this.testGuard(candidate)) ? candidate : undefined)),
      );
      for (const guard of tested) {
        if (guard && guards.length < desiredGuards) guards.push(guard);
      }
    }
    this.pool.guardKeys = guards.map((guard) => guard.ed25519PublicKey);
    await this.pool.persist();
    return guards;
  }

  private async testGuard(candidate: Snode): Promise<boolean> {
    try {
      const reply = await directRpc(
        candidate,
        { method: 'get_swarm', params: { pubkey: this.testPubkey } },
        guardTestTimeoutMs,
      );
      return reply.status >= 200 && reply.status < 300;
    } catch {
      return false;
    }
  }

  private pickHops(guard: Snode, used: ReadonlySet<string>): Snode[] {
    return chooseHops(guard, this.pool.sample(this.pool.size, used));
  }

  /**
   * §5.5 path errors. "Next node not found" names a node that is gone: it leaves the pool (and its
   * path gets a fresh node). Any other failure counts against the path and its non-guard hops; a
   * path failing 3 times is dropped with its guard.
   */
  reportFailure(path: OnionPath, status: number | undefined, text: string): void {
    const missing = /^Next node not found: ([0-9a-f]{64})/u.exec(text)?.[1];
    if (missing) {
      const node = this.pool.find(missing);
      if (node) this.pool.drop(node, 'unreachable from its previous hop');
      return;
    }
    const guardKey = path.hops[0]!.ed25519PublicKey;
    const failures = (this.pathFailures.get(guardKey) ?? 0) + 1;
    this.pathFailures.set(guardKey, failures);
    this.logger.debug(
      `onion path via ${describeSnode(path.hops[0]!)} failed (${failures}): ${status ?? ''} ${text}`,
    );
    for (const hop of path.hops.slice(1)) this.pool.strike(hop, `path failure: ${text}`);
    if (failures >= pathFailureThreshold) this.dropPath(path, `${failures} failures`);
  }

  /**
   * The guard refused the connection: it is down or gone, so its path is dropped at once and
   * rebuilt with a new guard, rather than failing two more requests first.
   */
  dropPath(path: OnionPath, reason: string): void {
    if (!this.paths.includes(path)) return;
    const guardKey = path.hops[0]!.ed25519PublicKey;
    this.paths = this.paths.filter((candidate) => candidate !== path);
    this.pathFailures.delete(guardKey);
    this.pool.guardKeys = this.pool.guardKeys.filter((key) => key !== guardKey);
    this.logger.info(`onion path via ${describeSnode(path.hops[0]!)} dropped: ${reason}`);
    this.changed();
  }

  reportSuccess(path: OnionPath): void {
    this.pathFailures.delete(path.hops[0]!.ed25519PublicKey);
    for (const hop of path.hops) this.pool.forgive(hop);
  }

  /** A node left the pool: a path it guarded goes; elsewhere it is replaced by a fresh node. */
  private removeNode(node: Snode): void {
    const key = node.ed25519PublicKey;
    if (!this.paths.some((path) => path.hops.some((hop) => hop.ed25519PublicKey === key))) return;
    const used = new Set(this.paths.flatMap((path) => path.hops.map((hop) => hop.ed25519PublicKey)));
    this.paths = this.paths.flatMap((path) => {
      const index = path.hops.findIndex((hop) => hop.ed25519PublicKey === key);
      if (index === -1) return [path];
      if (index === 0) return [];
      // §5.5: the replacement is not tested, so the user's IP is not shown to it.
      const [replacement] = this.pool.sample(1, used);
      if (!replacement) return [];
      used.add(replacement.ed25519PublicKey);
      return [{ hops: path.hops.map((hop, position) => (position === index ? replacement : hop)) }];
    });
    this.changed();
  }

  status(): PathStatus[] {
    return this.paths.map((path) => {
      const failures = this.pathFailures.get(path.hops[0]!.ed25519PublicKey) ?? 0;
      const hops = path.hops.map((hop) => ({
        ed25519PublicKey: hop.ed25519PublicKey,
        ip: hop.ip,
        port: hop.port,
        failures: this.pool.strikeCount(hop.ed25519PublicKey),
        healthy: this.pool.strikeCount(hop.ed25519PublicKey) === 0,
      }));
      return { hops, failures, healthy: failures === 0 && hops.every((hop) => hop.healthy) };
    });
  }
}

/**
 * The guard and 2 more hops from `candidates` (already shuffled, none in use): one per /24 subnet
 * where possible (§5.1), then any, so that a network on one subnet (devnet) still gets paths.
 */
export function chooseHops(guard: Snode, candidates: readonly Snode[]): Snode[] {
  const hops = [guard];
  const subnets = new Set([subnetOf(guard)]);
  for (const preferDistinct of [true, false]) {
    for (const candidate of candidates) {
      if (hops.length >= hopsPerPath) break;
      if (hops.includes(candidate)) continue;
      if (preferDistinct && subnets.has(subnetOf(candidate))) continue;
      hops.push(candidate);
      subnets.add(subnetOf(candidate));
    }
  }
  return hops;
}
