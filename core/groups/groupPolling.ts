// Polling the swarms of the groups we are in (protocol-config-groups.md §7 "Poll", protocol-network.md
// §11): one batch per group per round with the namespaces in desktop's order, the kicked notices
// first and the Keys last, each signed by our authority in the group. The receiver then handles them
// in its own order (groups.ts).
import { namespaces } from '../../shared/protocol/storage/namespaces';
import type { Logger } from '../logging/logger';
import type { SessionNetwork } from '../network/sessionNetwork';
import type { SwarmAuthority } from '../network/swarmAuthority';
import { ConfigLifetime } from '../config/configLifetime';
import { type ActivityReport, type PollActivity, paceOf } from '../polling/pollActivity';
import type { PollStateStore } from '../polling/pollState';
import { pollIntervalsMs, type RetrievedMessage, SwarmPoller } from '../polling/swarmPoller';

export const groupSwarmNamespaces = [
  namespaces.groupRevokedRetrievable,
  namespaces.groupMessages,
  namespaces.groupInfo,
  namespaces.groupMembers,
  namespaces.groupKeys,
] as const;

const day = 24 * 60 * 60 * 1000;

/**
 * §11: desktop polls a group every 5 s when it was active in the last 2 days, every 60 s within a
 * week, else every 120 s. The group open on screen is polled at the open conversation's pace
 * (1.5 s) and a backgrounded app no faster than its own swarm (30 s).
 */
export function groupPollIntervalMs(
  activity: PollActivity,
  lastActiveAt: number | null,
  now: number,
): number {
  const age = lastActiveAt === null ? Number.POSITIVE_INFINITY : now - lastActiveAt;
  const byAge = age <= 2 * day ? 5_000 : age <= 7 * day ? 60_000 : 120_000;
  if (activity === 'activeConversation') return Math.min(byAge, pollIntervalsMs.activeConversation);
  if (activity === 'background') return Math.max(byAge, pollIntervalsMs.background);
  return byAge;
}

export class GroupPolling {
  private readonly pollers = new Map<string, SwarmPoller>();
  private activity: ActivityReport = { activity: 'foreground' };
  private running = false;

  constructor(
    private readonly options: {
      readonly network: SessionNetwork;
      readonly state: PollStateStore;
      readonly logger: Logger;
      readonly onMessages: (groupId: string, batch: readonly RetrievedMessage[]) => Promise<void>;
      /** When the group last saw a message (its conversation's), to pace its polls. */
      readonly lastActiveAt: (groupId: string) => number | null;
      readonly now: () => number;
    },
  ) {}

  /** Starts the pollers added so far and every one added later. */
  start(): void {
    this.running = true;
    for (const poller of this.pollers.values()) poller.start();
  }

  /**
   * Polls a group's swarm from now on (idempotent). Each poll also renews, once an hour, the expiry
   * of the group's live config messages (`liveHashes`), as desktop does with every poll (§11): an
   * admin or a member may, and without it a quiet group's keys would lapse after 30 days.
   */
  add(authority: SwarmAuthority, liveHashes: () => readonly string[]): void {
    const groupId = authority.pubkey;
    if (this.pollers.has(groupId)) return;
    const lifetime = new ConfigLifetime({ authority, liveHashes });
    const poller = new SwarmPoller({
      network: this.options.network,
      authority,
      namespaces: groupSwarmNamespaces,
      state: this.options.state,
      logger: this.options.logger,
      onMessages: (batch) => this.options.onMessages(groupId, batch),
      alongside: (now) => lifetime.requests(now),
      intervalMs: (activity) =>
        groupPollIntervalMs(activity, this.options.lastActiveAt(groupId), this.options.now()),
    });
    poller.setActivity(paceOf(this.activity, { kind: 'group', groupId }));
    this.pollers.set(groupId, poller);
    if (this.running) poller.start();
  }

  /** Stops polling a group (we left, were removed, or it was deleted). */
  async remove(groupId: string): Promise<void> {
    const poller = this.pollers.get(groupId);
    this.pollers.delete(groupId);
    await poller?.stop();
  }

  /** A poll of one group now (after joining, and for the command line); no-op when not polled. */
  pollNow(groupId: string): Promise<void> {
    return this.pollers.get(groupId)?.pollOnce() ?? Promise.resolve();
  }

  /** One round of every group now. */
  async pollAll(): Promise<void> {
    await Promise.allSettled([...this.pollers.values()].map((poller) => poller.pollOnce()));
  }

  /** Each group's pace: the open conversation's for the group on screen, the report's for the rest. */
  setActivity(report: ActivityReport): void {
    this.activity = report;
    for (const [groupId, poller] of this.pollers)
      poller.setActivity(paceOf(report, { kind: 'group', groupId }));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.pollers.values()].map((poller) => poller.stop()));
  }
}
