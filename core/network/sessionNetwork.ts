// The engine's way onto a Session network (the public one or a devnet): the pool, guards and onion
// paths, swarms, the network clock and hardfork tracking, put together and kept healthy by a
// schedule (protocol-network.md §11: a pool refresh 5 minutes after start, then every hour).
import type { EncryptionType } from '../../shared/protocol/onion/encryptionType';
import type { Logger } from '../logging/logger';
import { HardforkTracker, type HardforkVersion, supportedHardfork } from './hardforkTracker';
import { memoryNetworkCache, type NetworkCacheStore } from './networkCache';
import { NetworkClock } from './networkClock';
import type { NetworkDescription } from './networkDescription';
import { OnionClient, type RequestMaker, type RpcResult } from './onionClient';
import { OnionPaths, type PathStatus } from './onionPaths';
import type { SeedOptions } from './seedClient';
import { type Snode, snodeFromState } from './snode';
import { minimumPoolSize, SnodePool } from './snodePool';
import { Swarms } from './swarms';

export interface SessionNetworkOptions {
  readonly network: NetworkDescription;
  readonly logger: Logger;
  readonly cache?: NetworkCacheStore;
  /** The own account: its swarm is shown in the status, and guards are tested against it. */
  readonly ownSessionId?: string;
  readonly encryptionType?: EncryptionType;
  readonly seedOptions?: SeedOptions;
  readonly supportedHardfork?: HardforkVersion;
  /** Milliseconds until the first pool refresh, then between refreshes (§11: 5 min, 1 h). */
  readonly refreshSchedule?: { readonly firstMs: number; readonly everyMs: number };
}

export interface NetworkStatus {
  readonly network: string;
  readonly poolSize: number;
  readonly guards: readonly string[];
  readonly paths: readonly PathStatus[];
  readonly ownSwarm: readonly {
    readonly ed25519PublicKey: string;
    readonly ip: string;
    readonly port: number;
  }[];
  readonly clockOffsetMs: number;
  readonly hardfork: HardforkVersion | null;
}

export interface NetworkEvents {
  /** The network runs a hardfork newer than this build knows: the app should ask for an update. */
  hardforkRequired(version: HardforkVersion): void;
  pathsChanged(paths: readonly PathStatus[]): void;
}

export class NetworkClosedError extends Error {
  constructor() {
    super('The network was closed while joining it.');
    this.name = 'NetworkClosedError';
  }
}

// A stand-in account for guard tests before an account exists: any valid key has a swarm.
const anyPubkey = `05${'00'.repeat(32)}`;

export class SessionNetwork {
  readonly clock = new NetworkClock();
  readonly hardfork: HardforkTracker;
  readonly pool: SnodePool;
  readonly paths: OnionPaths;
  readonly client: OnionClient;
  readonly swarms: Swarms;
  private joining: Promise<void> | undefined;
  private readonly listeners: { [Name in keyof NetworkEvents]: NetworkEvents[Name][] } = {
    hardforkRequired: [],
    pathsChanged: [],
  };
  private timers: NodeJS.Timeout[] = [];
  private refreshing: Promise<void> | undefined;
  private isClosed = false;

  constructor(private readonly options: SessionNetworkOptions) {
    const logger = options.logger;
    // Work that was under way when the network closed (a join, a refresh) may still finish; what it
    // learnt is not written to the profile any more, which may already be gone.
    const cache = options.cache ?? memoryNetworkCache();
    const openCache: NetworkCacheStore = {
      load: () => cache.load(),
      save: (contents) => (this.isClosed ? Promise.resolve() : cache.save(contents)),
    };
    this.hardfork = new HardforkTracker(
      (version) => this.emit('hardforkRequired', version),
      options.supportedHardfork ?? supportedHardfork,
    );
    this.pool = new SnodePool(options.network, openCache, logger, options.seedOptions);
    this.paths = new OnionPaths(this.pool, logger, options.ownSessionId ?? anyPubkey);
    this.client = new OnionClient(this.paths, this.pool, this.clock, this.hardfork, logger, {
      ...(options.encryptionType ? { encryptionType: options.encryptionType } : {}),
    });
    this.swarms = new Swarms(this.pool, this.client, logger);
    this.paths.onChanged(() => this.emit('pathsChanged', this.paths.status()));
    this.pool.onDropped(() => {
      if (this.pool.size <= minimumPoolSize) void this.refreshPool();
    });
  }

  on<Name extends keyof NetworkEvents>(name: Name, listener: NetworkEvents[Name]): void {
    this.listeners[name].push(listener);
  }

  private emit<Name extends keyof NetworkEvents>(name: Name, ...args: Parameters<NetworkEvents[Name]>): void {
    for (const listener of this.listeners[name]) (listener as (...values: typeof args) => void)(...args);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Gets a pool and builds the onion paths; resolves once requests can flow, and rejects with
   * NetworkClosedError when the network was closed meanwhile (nothing is scheduled then).
   */
  /** Joins the network; callers at once share one join, and a failed join may be tried again. */
  start(): Promise<void> {
    this.joining ??= this.join().catch((error: unknown) => {
      this.joining = undefined;
      throw error;
    });
    return this.joining;
  }

  private async join(): Promise<void> {
    this.throwIfClosed();
    await this.pool.ensure();
    this.throwIfClosed();
    await this.paths.ensure();
    this.throwIfClosed();
    const schedule = this.options.refreshSchedule ?? { firstMs: 5 * 60_000, everyMs: 60 * 60_000 };
    const first = setTimeout(() => {
      void this.refreshPool();
      const every = setInterval(() => void this.refreshPool(), schedule.everyMs);
      every.unref();
      this.timers.push(every);
    }, schedule.firstMs);
    first.unref();
    this.timers.push(first);
  }

  close(): void {
    this.isClosed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  private throwIfClosed(): void {
    if (this.isClosed) throw new NetworkClosedError();
  }

  /** §1 pool upkeep: intersect the lists of 3 random nodes, or fall back to the seeds. */
  refreshPool(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    this.refreshing ??= (async () => {
      try {
        if (this.pool.size <= minimumPoolSize) {
          await this.pool.refreshFromSeeds();
          return;
        }
        const askedNodes = this.pool.sample(3);
        const lists = await Promise.all(askedNodes.map((node) => this.serviceNodesKnownTo(node)));
        await this.pool.refreshFromLists(lists.filter((list) => list.length > 0));
      } catch (error) {
        this.options.logger.warn(`snode pool refresh failed: ${(error as Error).message}`);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async serviceNodesKnownTo(node: Snode): Promise<Snode[]> {
    try {
      const result = await this.client.callSnode(node, () => ({
        method: 'oxend_request',
        params: {
          endpoint: 'get_service_nodes',
          params: {
            active_only: true,
            fields: { public_ip: true, storage_port: true, pubkey_x25519: true, pubkey_ed25519: true },
          },
        },
      }));
      const states = (result.body as { result?: { service_node_states?: unknown } } | undefined)?.result
        ?.service_node_states;
      return Array.isArray(states) ? states.flatMap((state) => snodeFromState(state) ?? []) : [];
    } catch {
      return [];
    }
  }

  /** A storage RPC to a member of `pubkey`'s swarm, through an onion path. */
  swarmRequest(
    pubkey: string,
    makeRequest: RequestMaker,
    avoid?: ReadonlySet<string>,
  ): Promise<RpcResult & { node: Snode }> {
    return this.swarms.request(pubkey, makeRequest, avoid);
  }

  async status(): Promise<NetworkStatus> {
    const ownSwarm = this.options.ownSessionId ? await this.swarms.membersOf(this.options.ownSessionId) : [];
    return {
      network: this.options.network.name,
      poolSize: this.pool.size,
      guards: this.paths.current().map((path) => path.hops[0]!.ed25519PublicKey),
      paths: this.paths.status(),
      ownSwarm: ownSwarm.map(({ ed25519PublicKey, ip, port }) => ({ ed25519PublicKey, ip, port })),
      clockOffsetMs: this.clock.offsetMs,
      hardfork: this.hardfork.version ?? null,
    };
  }
}
