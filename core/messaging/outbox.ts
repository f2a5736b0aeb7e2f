// The persistent outbox (design.md "messaging"): every store waits in the database until a swarm
// member confirmed it (core/network/storeMessage.ts), or a community server took the post
// (core/community/communityPoster.ts). Failures are retried with growing pauses, and
// after a restart too; a store the swarm refuses, or one that keeps failing, marks its message
// failed, and the person may retry it. Since the stored bytes never change, a retry after a store
// that did succeed (a crash before the confirmation was written) stores the same hash again, which
// the swarm and the recipient both drop.
import type { Logger } from '../logging/logger';
import { DueWorkLoop } from './dueWorkLoop';
import { NetworkError } from '../network/onionClient';
import type { SessionNetwork } from '../network/sessionNetwork';
import { storeMessage } from '../network/storeMessage';
import type { SwarmAuthority } from '../network/swarmAuthority';
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import { storeNeedsAuthentication } from '../../shared/protocol/storage/namespaces';
import type { MessageRepository } from '../store/messageRepository';
import type { OutboxEntry, OutboxRepository } from '../store/outboxRepository';

export interface RetryPolicy {
  /** Attempts before a message is shown as failed (the onion client already retries each over paths). */
  readonly maximumAttempts: number;
  /** The pause after the first failure; each further failure doubles it, up to a minute. */
  readonly firstDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maximumAttempts: 5, firstDelayMs: 2_000 };
const longestDelayMs = 60_000;
const concurrentStores = 4;

/** The pause after `attempts` failures: 2 s, 4 s, 8 s, 16 s… at most a minute. */
export function retryDelayMs(attempts: number, policy: RetryPolicy = defaultRetryPolicy): number {
  return Math.min(policy.firstDelayMs * 2 ** Math.max(0, attempts - 1), longestDelayMs);
}

/**
 * Where one kind of outbox entry goes (design.md "Pipelines": the outbox carries a destination per
 * entry): a swarm store, or a community post. `deliver` records what the destination answered
 * (hashes, server IDs) and throws when it did not take the entry; a NetworkError `storeRefused`
 * means for good.
 */
export interface OutboxCarrier {
  deliver(entry: OutboxEntry): Promise<void>;
}

export class Outbox {
  private readonly loop: DueWorkLoop;
  private readonly swarm: OutboxCarrier;

  constructor(
    private readonly options: {
      readonly network: SessionNetwork;
      readonly entries: OutboxRepository;
      readonly messages: MessageRepository;
      readonly ownSessionId: string;
      readonly logger: Logger;
      readonly now: () => number;
      /** A message's delivery state or hashes changed. */
      readonly onMessageChanged: (messageId: number) => void;
      readonly retryPolicy?: RetryPolicy | undefined;
      /**
       * Who signs stores to a swarm that needs it (a group's namespace 11: the admin key or our
       * subaccount); undefined when we may no longer write there (we left, or were removed).
       */
      readonly authorityFor?: (destination: string) => SwarmAuthority | undefined;
      /** Posts to community rooms (core/community); without it, they are refused. */
      readonly communityCarrier?: OutboxCarrier;
      /** Blinded DMs to a community server's inbox (core/community); without it, they are refused. */
      readonly blindedCarrier?: OutboxCarrier;
    },
  ) {
    this.swarm = { deliver: (entry) => this.store(entry) };
    this.loop = new DueWorkLoop({
      drain: () => this.drain(),
      nextDue: () => options.entries.nextDue(),
      now: options.now,
    });
  }

  private get policy(): RetryPolicy {
    return this.options.retryPolicy ?? defaultRetryPolicy;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops scheduling and waits for the stores under way; what is left stays saved for next time. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due now (call after adding entries). */
  kick(): void {
    this.loop.kick();
  }

  /** Resolves once nothing is due or under way (for the command line and tests). */
  settled(): Promise<void> {
    return this.loop.settled();
  }

  private async drain(): Promise<void> {
    while (this.loop.active) {
      const due = this.options.entries.due(this.options.now(), concurrentStores);
      if (due.length === 0) return;
      await Promise.all(due.map((entry) => this.send(entry)));
    }
  }

  /** A swarm store, signed where the namespace needs it; the hashes it gave are recorded. */
  private async store(entry: OutboxEntry): Promise<void> {
    const { messages } = this.options;
    const authority = storeNeedsAuthentication(entry.namespace)
      ? this.options.authorityFor?.(entry.destination)
      : undefined;
    if (storeNeedsAuthentication(entry.namespace) && !authority) {
      throw new NetworkError('storeRefused', 'You can no longer write to this conversation.');
    }
    const result = await storeMessage(this.options.network, {
      pubkey: entry.destination,
      namespace: entry.namespace,
      data: entry.data,
      ttlMs: entry.ttlMs,
      ...(authority ? { authority } : {}),
    });
    if (entry.messageId === null) return;
    if (entry.purpose === 'message') {
      messages.setRecipientHash(entry.messageId, result.hash);
      // A note to self has one copy, which is also the copy in our own swarm; a group's one copy
      // is in the swarm that all its members and our own devices poll.
      if (
        entry.destination === this.options.ownSessionId ||
        conversationKindOf(entry.destination) === 'group'
      )
        messages.setStorageHash(entry.messageId, result.hash);
    } else if (entry.purpose === 'syncCopy') {
      messages.setStorageHash(entry.messageId, result.hash);
    }
  }

  /** Where an entry goes, by its destination's kind: a room, a server's inbox, or a swarm. */
  private carrierOf(destination: string): OutboxCarrier {
    const kind = conversationKindOf(destination);
    if (kind !== 'community' && kind !== 'blinded') return this.swarm;
    const carrier = kind === 'community' ? this.options.communityCarrier : this.options.blindedCarrier;
    if (!carrier) throw new NetworkError('storeRefused', 'Communities cannot be written to from here.');
    return carrier;
  }

  private async send(entry: OutboxEntry): Promise<void> {
    const { entries, messages } = this.options;
    try {
      await this.carrierOf(entry.destination).deliver(entry);
      entries.remove(entry.id);
      if (entry.messageId === null) return;
      if (entry.purpose === 'message') messages.setState(entry.messageId, 'sent');
      this.options.onMessageChanged(entry.messageId);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const refused = error instanceof NetworkError && error.code === 'storeRefused';
      if (refused || entry.attempts + 1 >= this.policy.maximumAttempts) {
        // Control messages (receipts, reactions…) are worth nothing later: they are dropped.
        if (entry.purpose === 'control') entries.remove(entry.id);
        else entries.fail(entry.id, reason);
        this.options.logger.warn(`a ${entry.purpose} store failed for good: ${reason}`);
        if (entry.messageId !== null && entry.purpose === 'message') {
          messages.setState(entry.messageId, 'failed', reason);
          this.options.onMessageChanged(entry.messageId);
        }
      } else {
        entries.postpone(
          entry.id,
          this.options.now() + retryDelayMs(entry.attempts + 1, this.policy),
          reason,
        );
      }
    }
  }
}
