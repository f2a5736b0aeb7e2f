// Polling one swarm owner's namespaces (protocol-network.md §11 "Swarm polling"): each round asks 2
// random members of the swarm in parallel, with one signed `retrieve` per namespace in a batch,
// each after that node's `last_hash`; results are merged by hash, handed to the receiver, and only
// then are the new `last_hash` values kept, so a crash re-fetches rather than loses. A node that
// says `more` is asked again at once. The interval adapts to what the user is doing.
import { retrieveSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { decodeBase64 } from '../crypto/nativeBase64';
import type { Logger } from '../logging/logger';
import { NetworkError } from '../network/onionClient';
import type { SessionNetwork } from '../network/sessionNetwork';
import type { Snode } from '../network/snode';
import { authenticatedParams, type SwarmAuthority } from '../network/swarmAuthority';
import { jittered, type PollActivity } from './pollActivity';
import type { PollStateStore } from './pollState';

export interface RetrievedMessage {
  readonly hash: string;
  readonly namespace: number;
  /** The storer's timestamp, ms. */
  readonly timestamp: number;
  readonly expiration: number;
  /** The raw message bytes (decoded from the reply's base64). */
  readonly data: Uint8Array;
}

/**
 * How often a round starts, by activity (desktop polls its own swarm every 5 s, §11). An open
 * conversation polls every 1.5 s: a message waits half a period for the next poll on average, and
 * that wait is nearly all of its latency (bench/latency).
 */
export const pollIntervalsMs: Readonly<Record<PollActivity, number>> = {
  activeConversation: 1_500,
  foreground: 5_000,
  background: 30_000,
};

const nodesPerRound = 2;
const maximumFollowUps = 10;
const seenLimit = 20_000;

/**
 * §11 max_size, split as desktop splits it: the messages namespaces (0, 11) share half of a node's
 * response budget and the other namespaces the other half (−k asks for 1/k of it). For
 * [0, 2, 3, 5, 4] that is −2 for 0 and −8 for each config namespace. Then no namespace asks for more
 * than an eighth (`smallestShare`, about 975 KB): a reply of a catch-up is read on the engine's
 * thread (decrypted, parsed twice as JSON, each message decoded), which took ~50 ms for desktop's
 * 3.9 MB and holds the UI up for a fifth of that at an eighth; a larger backlog comes in several
 * replies (`more`, asked again at once), each received before the next.
 */
export function retrieveSizes(namespaceList: readonly number[]): Map<number, number> {
  const isMessages = (namespace: number): boolean => namespace === 0 || namespace === 11;
  const messagesCount = namespaceList.filter(isMessages).length;
  const othersCount = namespaceList.length - messagesCount;
  const share = (namespace: number): number => {
    const groupSize = isMessages(namespace) ? messagesCount : othersCount;
    const otherGroupSize = isMessages(namespace) ? othersCount : messagesCount;
    return Math.min(-(otherGroupSize > 0 ? 2 * groupSize : groupSize), smallestShare);
  };
  return new Map(namespaceList.map((namespace) => [namespace, share(namespace)]));
}

/** −8: an eighth of a node's 7.8 MB response budget. */
const smallestShare = -8;

export class SwarmPoller {
  private timer: NodeJS.Timeout | undefined;
  private activity: PollActivity = 'foreground';
  /** Hashes handed to `onMessages` and not yet through it. */
  private readonly inFlight = new Set<string>();
  private running = false;
  private polling: Promise<void> | undefined;
  private readonly seen = new Set<string>();

  constructor(
    private readonly options: {
      readonly network: SessionNetwork;
      /** The swarm polled and who signs its retrieves: the account, or a group's admin or member. */
      readonly authority: SwarmAuthority;
      readonly namespaces: readonly number[];
      readonly state: PollStateStore;
      readonly logger: Logger;
      /**
       * Receives each round's new messages; last_hash moves on only once it resolves. After a restart
       * a message may come again from the other node polled, so the receiver drops duplicates by hash.
       */
      readonly onMessages: (messages: readonly RetrievedMessage[]) => Promise<void> | void;
      /**
       * Requests sent along with the retrieves in the same batch, e.g. the `expire` that keeps the
       * account's config messages alive (protocol-network.md §11); their answers are not read.
       */
      readonly alongside?: (now: number) => Promise<readonly { method: string; params: unknown }[]>;
      /** The pause between rounds for an activity (by default pollIntervalsMs). */
      readonly intervalMs?: (activity: PollActivity) => number;
    },
  ) {}

  private interval(activity: PollActivity): number {
    return this.options.intervalMs?.(activity) ?? pollIntervalsMs[activity];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling; resolves once a round under way has handed over its messages. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling?.catch(() => undefined);
  }

  /** A faster pace while the user looks at a conversation; slower when the app is in the background. */
  setActivity(activity: PollActivity): void {
    const faster = this.interval(activity) < this.interval(this.activity);
    this.activity = activity;
    if (faster && this.running && !this.polling) this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.pollOnce()
        .catch((error: unknown) => this.options.logger.warn(`poll failed: ${(error as Error).message}`))
        .finally(() => {
          if (this.running) this.schedule(jittered(this.interval(this.activity)));
        });
    }, delayMs);
    this.timer.unref();
  }

  /** One round: 2 members, every namespace, following `more` (bounded). Concurrent calls share it. */
  pollOnce(): Promise<void> {
    this.polling ??= this.round().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async round(): Promise<void> {
    const { network, authority } = this.options;
    const members = await network.swarms.membersOf(authority.pubkey);
    const chosen = [...members].sort(() => Math.random() - 0.5).slice(0, nodesPerRound);
    const results = await Promise.allSettled(chosen.map((node) => this.pollNode(node)));
    const failures = results.filter((result) => result.status === 'rejected');
    if (failures.length === results.length && failures[0])
      throw (failures[0] as PromiseRejectedResult).reason;
  }

  private async pollNode(node: Snode): Promise<void> {
    for (let followUp = 0; followUp <= maximumFollowUps; followUp += 1) {
      const { messages, lastHashes, more } = await this.retrieveFrom(node);
      // The other node of the round brings the same messages: those it is handing over already
      // are not opened twice. Should its batch fail, that node is asked for them again (its
      // last_hash stays), so this one need not keep them.
      const fresh = messages.filter(
        (message) => !this.seen.has(message.hash) && !this.inFlight.has(message.hash),
      );
      for (const message of fresh) this.inFlight.add(message.hash);
      try {
        if (fresh.length > 0) await this.options.onMessages(fresh);
      } finally {
        for (const message of fresh) this.inFlight.delete(message.hash);
      }
      for (const message of fresh) this.remember(message.hash);
      for (const [namespace, hash] of lastHashes) {
        this.options.state.setLastHash(node.ed25519PublicKey, this.options.authority.pubkey, namespace, hash);
      }
      await this.options.state.save();
      if (!more) return;
    }
  }

  private remember(hash: string): void {
    this.seen.add(hash);
    if (this.seen.size > seenLimit) this.seen.delete(this.seen.values().next().value!);
  }

  private async retrieveFrom(
    node: Snode,
  ): Promise<{ messages: RetrievedMessage[]; lastHashes: Map<number, string>; more: boolean }> {
    const { authority, namespaces, state, network } = this.options;
    const sizes = retrieveSizes(namespaces);
    const result = await network.client.callSnode(node, async (now) => ({
      method: 'batch',
      params: {
        requests: [
          ...(await Promise.all(
            namespaces.map(async (namespace) => ({
              method: 'retrieve',
              params: await authenticatedParams(
                authority,
                {
                  namespace,
                  timestamp: now,
                  max_size: sizes.get(namespace),
                  last_hash: state.lastHash(node.ed25519PublicKey, authority.pubkey, namespace) ?? '',
                },
                retrieveSignatureMessage({ namespace, timestamp: now }),
              ),
            })),
          )),
          ...((await this.options.alongside?.(now)) ?? []),
        ],
      },
    }));
    if (result.status !== 200) {
      if (result.status === 421) network.swarms.update(authority.pubkey, []);
      throw new NetworkError('pathsFailed', `The swarm node answered the poll with ${result.status}.`);
    }
    const replies = (result.body as { results?: { code?: number; body?: unknown }[] }).results ?? [];
    const messages: RetrievedMessage[] = [];
    const lastHashes = new Map<number, string>();
    let more = false;
    replies.slice(0, namespaces.length).forEach((reply, index) => {
      const namespace = namespaces[index]!;
      if (reply.code === 421) network.swarms.update(authority.pubkey, []);
      if (reply.code !== 200) return;
      const body = reply.body as { messages?: unknown; more?: unknown };
      if (body.more === true) more = true;
      for (const entry of Array.isArray(body.messages) ? body.messages : []) {
        const message = readMessage(entry, namespace);
        if (!message) continue;
        messages.push(message);
        lastHashes.set(namespace, message.hash);
      }
    });
    return { messages, lastHashes, more };
  }
}

/** One `messages` entry of a retrieve reply; hostile or malformed entries are skipped. */
function readMessage(entry: unknown, namespace: number): RetrievedMessage | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { hash, timestamp, expiration, data } = entry as Record<string, unknown>;
  if (typeof hash !== 'string' || hash.length !== 43 || typeof data !== 'string') return undefined;
  if (typeof timestamp !== 'number' || typeof expiration !== 'number') return undefined;
  try {
    return { hash, namespace, timestamp, expiration, data: decodeBase64(data) };
  } catch {
    return undefined;
  }
}
