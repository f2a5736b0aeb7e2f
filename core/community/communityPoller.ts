// One poller per community server (protocol-messages.md §6.5, as desktop polls): every round is one
// `/batch` with the capabilities and, per joined room, its pollInfo and its messages — the newest
// page the first time, then `since/<seqno>?t=r&reactors=…` for new posts, edits, deletions and
// reactions. A full page means more is waiting: the next round follows at once. Quiet rooms are
// polled less often, and a server that does not answer is tried again with growing pauses; its
// rooms are told unreachable meanwhile, and keep all their history.
import {
  readRoomPollInfo,
  readRoomUpdates,
  type RoomUpdate,
} from '../../shared/protocol/community/roomUpdates';
import type { Logger } from '../logging/logger';
import { emptyReceiveOutcome, type ReceiveOutcome } from '../messaging/receivePipeline';
import type { CommunityRecord, CommunityRepository } from '../store/communityRepository';
import type { CommunityClient, CommunityReply, CommunityRequest } from './communityClient';
import type { CheckedUpdate, CommunityReceiver } from './communityReceiver';
import type { InboxPolling } from './blindedConversations';
import { jittered, type PollActivity } from '../polling/pollActivity';

/** §6.5: pysogs' default page; a page this full means more is waiting. */
export const pageSize = 100;
/** Reactors listed with each reaction (desktop asks for 5; the full list is a request away). */
export const reactorsPerReaction = 5;

export interface CommunityPollTiming {
  /** Between rounds while the room is lively. */
  readonly activeMs: number;
  /** Between rounds once nothing came for `quietAfterMs`. */
  readonly quietMs: number;
  readonly quietAfterMs: number;
  /** The first pause after a failure; it doubles with each, up to `longestFailureMs`. */
  readonly failureMs: number;
  readonly longestFailureMs: number;
}

export const defaultPollTiming: CommunityPollTiming = {
  activeMs: 4_000,
  quietMs: 15_000,
  quietAfterMs: 5 * 60_000,
  failureMs: 5_000,
  longestFailureMs: 5 * 60_000,
};

/**
 * The pause before the next round: none while pages come back full; the lively pace while the room
 * had news lately or a conversation is open on screen; the quiet pace otherwise.
 */
export function nextPollDelay(
  timing: CommunityPollTiming,
  round: { readonly more: boolean; readonly quiet: boolean; readonly activity: PollActivity },
): number {
  if (round.more) return 0;
  if (round.activity === 'activeConversation') return timing.activeMs;
  return round.quiet || round.activity === 'background' ? timing.quietMs : timing.activeMs;
}

export class CommunityPoller {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private round: Promise<void> | undefined;
  private failures = 0;
  private lastNewsAt = 0;
  private activity: PollActivity = 'foreground';

  constructor(
    private readonly options: {
      readonly baseUrl: string;
      readonly client: CommunityClient;
      readonly communities: CommunityRepository;
      readonly receiver: CommunityReceiver;
      /** The server's inbox and outbox of blinded DMs (§6.5: polled in the same batch). */
      readonly inbox?: InboxPolling | undefined;
      /** Our blinded ID on a server (by its key). */
      readonly ownIdOf: (publicKey: Uint8Array) => Promise<string>;
      /** What a round changed, for the UI. */
      readonly applied: (outcome: ReceiveOutcome) => void;
      readonly logger: Logger;
      readonly now: () => number;
      readonly timing?: CommunityPollTiming | undefined;
    },
  ) {}

  private get timing(): CommunityPollTiming {
    return this.options.timing ?? defaultPollTiming;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.round;
  }

  /** An open conversation on screen brings the next round forward to the lively pace. */
  setActivity(activity: PollActivity): void {
    const sooner = activity === 'activeConversation' && this.activity !== activity;
    this.activity = activity;
    if (sooner && this.running && this.failures === 0) this.schedule(this.timing.activeMs);
  }

  /** Polls now (a room just joined, or a test); resolves when the round is done. */
  async pollNow(): Promise<void> {
    clearTimeout(this.timer);
    await this.runRound();
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runRound(), delayMs);
    this.timer.unref();
  }

  /** Rounds run one after another, never two at once (each reads what the last one stored). */
  private runRound(): Promise<void> {
    const previous = this.round ?? Promise.resolve();
    const round = (this.round = previous
      .then(() => this.pollOnce())
      .then((more) => {
        this.failures = 0;
        const quiet = this.options.now() - this.lastNewsAt > this.timing.quietAfterMs;
        this.schedule(jittered(nextPollDelay(this.timing, { more, quiet, activity: this.activity })));
      })
      .catch((error: unknown) => {
        this.failures += 1;
        const reason = error instanceof Error ? error.message : String(error);
        this.options.logger.warn(`a community poll failed: ${reason}`);
        this.unreached(reason);
        this.schedule(
          Math.min(this.timing.failureMs * 2 ** (this.failures - 1), this.timing.longestFailureMs),
        );
      }));
    return round;
  }

  /** One round; true when a page came back full (more waits). */
  private async pollOnce(): Promise<boolean> {
    const rooms = this.options.communities.all().filter((room) => room.baseUrl === this.options.baseUrl);
    if (rooms.length === 0) return false;
    const server = { baseUrl: this.options.baseUrl, publicKey: rooms[0]!.publicKey };
    const requests: CommunityRequest[] = [{ method: 'GET', path: '/capabilities' }];
    for (const room of rooms) requests.push(...roomRequests(room));
    const inboxRequests = this.options.inbox?.requests(this.options.baseUrl) ?? [];
    requests.push(...inboxRequests);
    const replies = await this.options.client.batch(server, requests);
    const ownId = await this.options.ownIdOf(server.publicKey);
    const checked: { room: CommunityRecord; reply: RoomReplies; updates: CheckedUpdate[] }[] = [];
    for (const [index, room] of rooms.entries()) {
      const reply = roomReplies(replies, index, room);
      const updates = await this.options.receiver.check(reply.updates ?? []);
      this.options.inbox?.postsChecked(updates);
      checked.push({ room, reply, updates });
    }
    const outcome = emptyReceiveOutcome();
    const { communities } = this.options;
    let more = false;
    communities.transaction(() => {
      communities.setReached(this.options.baseUrl, this.options.now());
      for (const { room, reply, updates } of checked) {
        const current = communities.get(room.id);
        // Left while the round was under way.
        if (!current) continue;
        if (reply.failure !== undefined) {
          communities.setRoomFailure(room.id, reply.failure);
          outcome.conversations.add(room.id);
          continue;
        }
        if (room.failure !== null) outcome.conversations.add(room.id);
        if (reply.info) {
          const details = reply.info.details;
          communities.setInfo(room.id, {
            ...(reply.info.activeUsers !== undefined ? { activeUsers: reply.info.activeUsers } : {}),
            standing: {
              read: reply.info.read,
              write: reply.info.write,
              upload: reply.info.upload,
              moderator: reply.info.moderator,
              admin: reply.info.admin,
              globalModerator: reply.info.globalModerator,
              globalAdmin: reply.info.globalAdmin,
            },
            ...(details
              ? {
                  infoUpdates: details.infoUpdates,
                  name: details.name,
                  description: details.description,
                  pinned: details.pinned,
                }
              : {}),
          });
          if (!sameStanding(current, reply.info) || details) outcome.conversations.add(room.id);
        }
        // What was asked decides: `recent` (history) for a room not polled before this round.
        const first = room.seqno === 0;
        this.options.receiver.apply(current, ownId, updates, outcome, { history: first });
        const received = reply.updates ?? [];
        const newest = received.reduce((highest, update) => Math.max(highest, update.seqno), 0);
        if (newest > 0) communities.setSeqno(room.id, newest);
        if (first && received.length > 0) {
          const oldest = received.reduce((lowest, update) => Math.min(lowest, update.id), Infinity);
          communities.setOldest(room.id, oldest, received.length < pageSize);
        } else if (first) {
          communities.setOldest(room.id, 0, true);
        }
        // `recent` gives one page and the rest is paged back on scroll; `since` gives everything.
        if (!first && received.length >= pageSize) more = true;
      }
    });
    this.options.applied(outcome);
    // The inbox and outbox answers follow the rooms' (their outcome is told by the inbox itself).
    const inboxMore = this.options.inbox
      ? await this.options.inbox.received(server, ownId, replies[0], replies.slice(1 + rooms.length * 2))
      : false;
    if (outcome.added.length > 0 || inboxMore) this.lastNewsAt = this.options.now();
    return more || inboxMore;
  }

  private unreached(reason: string): void {
    const rooms = this.options.communities.all().filter((room) => room.baseUrl === this.options.baseUrl);
    this.options.communities.setUnreached(this.options.baseUrl, reason);
    const outcome = emptyReceiveOutcome();
    for (const room of rooms) if (room.failure !== reason) outcome.conversations.add(room.id);
    if (outcome.conversations.size > 0) this.options.applied(outcome);
  }
}

function roomRequests(room: CommunityRecord): CommunityRequest[] {
  const token = encodeURIComponent(room.room);
  const messages =
    room.seqno === 0
      ? `/room/${token}/messages/recent?limit=${pageSize}&reactors=${reactorsPerReaction}`
      : `/room/${token}/messages/since/${room.seqno}?t=r&reactors=${reactorsPerReaction}&limit=${pageSize}`;
  return [
    // A room joined from UserGroups (another device's join) has no name yet, and pollInfo gives the
    // details only when they changed since a number we do not know: the room's info is asked for
    // whole instead (§6.5 `GET /room/<t>`, which carries the same standing fields).
    room.name === null
      ? { method: 'GET', path: `/room/${token}` }
      : { method: 'GET', path: `/room/${token}/pollInfo/${Math.max(0, room.infoUpdates)}` },
    { method: 'GET', path: messages },
  ];
}

interface RoomReplies {
  readonly info: ReturnType<typeof readRoomPollInfo>;
  readonly updates: RoomUpdate[] | undefined;
  /** Why the room refused us (banned, gone), in words. */
  readonly failure: string | undefined;
}

/** The two replies of room `index` in the batch (after the capabilities). */
function roomReplies(replies: readonly CommunityReply[], index: number, room: CommunityRecord): RoomReplies {
  const info = replies[1 + index * 2];
  const messages = replies[2 + index * 2];
  const refused = [info, messages].find((reply) => !reply || reply.code < 200 || reply.code > 299);
  if (refused) {
    return {
      info: undefined,
      updates: undefined,
      failure:
        refused.code === 403
          ? 'You cannot read this room: you may be banned.'
          : refused.code === 404
            ? 'This room no longer exists on its server.'
            : `The community refused to show this room (${refused.code}).`,
    };
  }
  // The room's whole info (asked for when it had no name) is its own details.
  const infoBody =
    room.name === null && typeof info!.body === 'object' && info!.body !== null
      ? { ...info!.body, details: info!.body }
      : info!.body;
  return { info: readRoomPollInfo(infoBody), updates: readRoomUpdates(messages!.body), failure: undefined };
}

function sameStanding(
  room: CommunityRecord,
  info: NonNullable<ReturnType<typeof readRoomPollInfo>>,
): boolean {
  const standing = room.standing;
  return (
    standing !== null &&
    standing.write === info.write &&
    standing.upload === info.upload &&
    standing.moderator === info.moderator &&
    standing.admin === info.admin &&
    room.activeUsers === (info.activeUsers ?? room.activeUsers)
  );
}
