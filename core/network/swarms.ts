// Swarms (protocol-network.md §3): the members of any pubkey's swarm, asked of a random node and
// cached while at least 3 of them remain usable; requests go to one random member, and a 421 reply
// carries the right swarm, which replaces the cached one before the request moves on.
import { sessionIdLength } from '../../shared/protocol/identity/sessionId';
import type { Logger } from '../logging/logger';
import { NetworkError, type OnionClient, type RequestMaker, type RpcResult } from './onionClient';
import { describeSnode, type Snode } from './snode';
import type { SnodePool } from './snodePool';

const minimumUsableMembers = 3;
const attemptsPerRequest = 3;

/** The `snodes` of a get_swarm (or 421) reply as Snodes. */
export function membersFromReply(body: unknown): Snode[] {
  const snodes = (body as { snodes?: unknown } | undefined)?.snodes;
  if (!Array.isArray(snodes)) return [];
  return snodes.flatMap((entry: Record<string, unknown>) => {
    const port = typeof entry.port_https === 'number' ? entry.port_https : Number(entry.port);
    const { ip, pubkey_ed25519: ed25519, pubkey_x25519: x25519 } = entry;
    if (
      typeof ip !== 'string' ||
      !Number.isInteger(port) ||
      typeof ed25519 !== 'string' ||
      typeof x25519 !== 'string'
    ) {
      return [];
    }
    if (!/^[0-9a-f]{64}$/u.test(ed25519) || !/^[0-9a-f]{64}$/u.test(x25519)) return [];
    return [{ ip, port, ed25519PublicKey: ed25519, x25519PublicKey: x25519 }];
  });
}

export class Swarms {
  private readonly cache = new Map<string, Snode[]>();

  constructor(
    private readonly pool: SnodePool,
    private readonly client: OnionClient,
    private readonly logger: Logger,
  ) {
    pool.onDropped((node) => {
      for (const [pubkey, members] of this.cache) {
        this.cache.set(
          pubkey,
          members.filter((member) => member.ed25519PublicKey !== node.ed25519PublicKey),
        );
      }
    });
  }

  cached(pubkey: string): readonly Snode[] {
    return this.cache.get(pubkey) ?? [];
  }

  /** Replaces what is known of a swarm, e.g. after a 421 (§3). */
  update(pubkey: string, members: readonly Snode[]): void {
    this.cache.set(pubkey, [...members]);
  }

  async membersOf(pubkey: string): Promise<Snode[]> {
    if (pubkey.length !== sessionIdLength) throw new RangeError('a swarm belongs to a 66-character pubkey');
    const cached = this.cache.get(pubkey) ?? [];
    if (cached.length >= minimumUsableMembers) return cached;
    for (let attempt = 1; attempt <= attemptsPerRequest; attempt += 1) {
      const [asked] = this.pool.sample(1);
      if (!asked) break;
      try {
        const result = await this.client.callSnode(asked, () => ({
          method: 'get_swarm',
          params: { pubkey },
        }));
        const members = result.status === 200 ? membersFromReply(result.body) : [];
        if (members.length > 0) {
          this.cache.set(pubkey, members);
          return members;
        }
        this.pool.strike(asked, `get_swarm answered ${result.status}`);
      } catch (error) {
        if (!(error instanceof NetworkError) || error.code !== 'destinationGone') throw error;
      }
    }
    throw new NetworkError('pathsFailed', 'The swarm of this account could not be found on the network.');
  }

  /**
   * Sends a request to a member of `pubkey`'s swarm, moving to another member after a 421 or a
   * failing node. `avoid` keeps members already used by the caller (e.g. a second poll) aside.
   */
  async request(
    pubkey: string,
    makeRequest: RequestMaker,
    avoid: ReadonlySet<string> = new Set(),
  ): Promise<RpcResult & { readonly node: Snode }> {
    const tried = new Set(avoid);
    let lastProblem = 'no member answered';
    for (let attempt = 1; attempt <= attemptsPerRequest; attempt += 1) {
      const members = (await this.membersOf(pubkey)).filter((member) => !tried.has(member.ed25519PublicKey));
      const node = members[Math.floor(Math.random() * members.length)];
      if (!node) break;
      tried.add(node.ed25519PublicKey);
      let result: RpcResult;
      try {
        result = await this.client.callSnode(node, makeRequest);
      } catch (error) {
        if (error instanceof NetworkError && error.code === 'destinationGone') continue;
        throw error;
      }
      if (result.status === 421) {
        const members421 = membersFromReply(result.body);
        if (members421.length > 0) this.update(pubkey, members421);
        else
          this.update(
            pubkey,
            this.cached(pubkey).filter((member) => member !== node),
          );
        this.pool.strike(node, 'misdirected (421)');
        this.logger.info(`swarm of ${pubkey.slice(0, 6)}… moved: ${members421.length} members now`);
        lastProblem = 'the swarm moved';
        continue;
      }
      if (result.status >= 500) {
        this.pool.strike(node, `answered ${result.status}`);
        lastProblem = `${describeSnode(node)} answered ${result.status}`;
        continue;
      }
      return { ...result, node };
    }
    throw new NetworkError('pathsFailed', `The swarm could not be reached: ${lastProblem}.`);
  }
}
