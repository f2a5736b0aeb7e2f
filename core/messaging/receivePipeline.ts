// The receive pipeline (design.md "messaging"): what a poll of namespace 0 of our own swarm brought
// is decrypted and verified, interpreted, and written in one transaction, duplicates dropped; the
// caller then tells the UI and makes the swarm changes that follow (deleting unsent messages).
// Anything that fails to decode, decrypt or verify is counted by reason and logged without content,
// in one line a minute at most (dropReport.ts). What an unaccepted sender may store is limited
// (requests.ts): a request's oldest messages beyond the limits are dropped in the same transaction.
import type { ProfilePicture } from '../../shared/protocol/config/types/sharedFields';
import { remoteAttachmentOf } from '../store/attachmentRepository';
import { conversationKindOf } from '../../shared/protocol/identity/conversationId';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import type { IncomingOneToOneMessage, RecipientKeys } from '../../shared/protocol/messages/sessionProtocol';
import type { Logger } from '../logging/logger';
import type { RetrievedMessage } from '../polling/swarmPoller';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import { expiresAt, type MessageRepository, type StoredMessage } from '../store/messageRepository';
import type { StoredControl } from '../store/groupControl';
import type { OutboxRepository } from '../store/outboxRepository';
import { type RequestLimits, RequestRepository } from '../store/requestRepository';
import { controlLineRecord } from './controlLines';
import { DropReport } from './dropReport';
import { requestLimits } from './requests';
import type { MessageOpener } from '../workers/cryptoWorkers';
import { BatchOpening } from './batchOpening';
import { type GroupUpdate, type IncomingAction, type InterpretedMessage } from './incomingContent';

/**
 * Messages written in one transaction: about 10 ms of this thread at a time, so that a catch-up of
 * thousands keeps the UI answering between slices.
 */
const sliceSize = 100;

/** Lets the event loop run (I/O, timers, the UI's requests) before the next slice. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ReceiveStatistics {
  /** Messages that changed something. */
  accepted: number;
  /** Already stored (the same hash, or the same author and sent time). */
  duplicates: number;
  /** Valid, but nothing this client shows (e.g. call signalling), or from a blocked sender. */
  ignored: number;
  /** Refused by reason: malformedMessage, decryptionFailed, badSignature, timestampMismatch, … */
  readonly rejected: Record<string, number>;
  /** Stored, then dropped as a request's oldest beyond what an unaccepted sender may keep here. */
  notKept: number;
}

export interface ReceiveOutcome {
  readonly added: StoredMessage[];
  readonly updated: StoredMessage[];
  /** Messages stored before and dropped now, over a request's limit. */
  readonly removed: { readonly conversationId: string; readonly messageId: number }[];
  /** Conversations whose list entry changed (new, state, name, unread count, setting). */
  readonly conversations: Set<string>;
  readonly typing: { readonly conversationId: string; readonly typing: boolean }[];
  /** Hashes of messages in our own swarm to delete there: unsent ones, and blocked senders'. */
  readonly ownSwarmDeletes: string[];
  /** Groups v2 control messages, for core/groups to check and apply (their signatures are async). */
  readonly groupUpdates: ReceivedGroupUpdate[];
}

/** An outcome with nothing in it yet, for every source to fill (swarms, groups, communities). */
export function emptyReceiveOutcome(): ReceiveOutcome {
  return {
    added: [],
    updated: [],
    removed: [],
    conversations: new Set(),
    typing: [],
    ownSwarmDeletes: [],
    groupUpdates: [],
  };
}

export interface ReceivedGroupUpdate {
  readonly conversationId: string;
  readonly author: string;
  readonly sentAt: number;
  /** The storage hash of the message that carried it. */
  readonly hash: string;
  readonly update: GroupUpdate;
}

/** Where a batch came from when not our own namespace 0: a group's swarm, and how to open its messages. */
export interface MessageSource {
  readonly groupId: string;
  /** Decrypts and verifies one message; throws a MessageError when it cannot. */
  open(retrieved: RetrievedMessage): Promise<IncomingOneToOneMessage>;
}

export class ReceivePipeline {
  readonly statistics: ReceiveStatistics = {
    accepted: 0,
    duplicates: 0,
    ignored: 0,
    rejected: {},
    notKept: 0,
  };
  private readonly requests: RequestRepository;
  private readonly dropReport: DropReport;
  private readonly opening: BatchOpening;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      readonly database: SqliteDatabase;
      readonly messages: MessageRepository;
      readonly conversations: ConversationRepository;
      readonly outbox: OutboxRepository;
      readonly keys: RecipientKeys & { readonly sessionId: string };
      readonly logger: Logger;
      readonly now: () => number;
      /** A message carried a profile picture (null: none) as of its sent time; whether it changed anything. */
      readonly pictureHeard?: (
        sessionId: string,
        picture: ProfilePicture | null,
        updatedAt: number,
        options: { readonly held: boolean },
      ) => boolean;
      /** What an unaccepted sender may store (by default, requests.ts's). */
      readonly requestLimits?: RequestLimits;
      /** Where drops are counted and told (by default, a minute's summary on `logger`). */
      readonly dropReport?: DropReport;
      /** Who opens one-to-one messages: the engine's crypto workers, or by default this thread. */
      readonly opener?: MessageOpener;
    },
  ) {
    this.requests = new RequestRepository(options.database);
    this.dropReport = options.dropReport ?? new DropReport({ logger: options.logger });
    this.opening = new BatchOpening({
      keys: options.keys,
      ...(options.opener ? { opener: options.opener } : {}),
      rejected: (reason) => this.rejected(reason),
    });
  }

  /** Tells the drops not yet logged. */
  close(): void {
    this.dropReport.close();
  }

  /**
   * Decrypts a batch, then applies it slice by slice, each slice in one transaction. By default the
   * batch is namespace 0 of our own swarm; a group's messages come with their `source`
   * (core/groups), which opens them. A catch-up brings thousands at once: the opener (worker
   * threads) opens the next slices while this thread commits one, and between slices the event loop
   * runs, so that the UI is never kept waiting for more than a slice. A crash between slices loses
   * nothing: the poller keeps its `last_hash` only after the whole batch, and a message fetched
   * again is a duplicate by its hash.
   */
  receive(batch: readonly RetrievedMessage[], source?: MessageSource): Promise<ReceiveOutcome> {
    // One batch at a time, whatever its source: a batch waits for its slices to be opened, and a
    // second batch checked against the database meanwhile would not see what the first is writing.
    const received = this.turn.then(() => this.receiveNow(batch, source));
    this.turn = received.catch(() => undefined);
    return received;
  }

  private async receiveNow(
    batch: readonly RetrievedMessage[],
    source?: MessageSource,
  ): Promise<ReceiveOutcome> {
    const dropped = this.options.messages.droppedAmong(batch.map((retrieved) => retrieved.hash));
    // Deleted here before: not even worth decrypting.
    const fresh = batch.filter((retrieved) => !dropped.has(retrieved.hash));
    this.statistics.duplicates += batch.length - fresh.length;
    const slices: (readonly RetrievedMessage[])[] = [];
    for (let start = 0; start < fresh.length; start += sliceSize) {
      slices.push(fresh.slice(start, start + sliceSize));
    }
    const outcome = emptyReceiveOutcome();
    const notKept = new Set<number>();
    let opening = slices.length > 0 ? this.opening.open(slices[0]!, source) : undefined;
    for (let index = 0; index < slices.length; index += 1) {
      const opened = await opening!;
      const last = index + 1 === slices.length;
      // The next slice is opened while this one is written.
      opening = last ? undefined : this.opening.open(slices[index + 1]!, source);
      this.options.database.transaction(() => {
        const sliceStart = outcome.added.length;
        for (const { retrieved, interpreted } of opened) this.apply(retrieved, interpreted, outcome);
        for (const id of this.enforceRequestLimits(outcome, sliceStart)) notKept.add(id);
        // The slice's words, in one write to the search index (migration 14).
        this.options.messages.indexPendingWords();
      })();
      if (!last) await nextTurn();
    }
    return {
      ...outcome,
      // What came and went in this batch is never announced.
      added: notKept.size === 0 ? outcome.added : outcome.added.filter((message) => !notKept.has(message.id)),
      typing: latestTypingPerConversation(outcome.typing),
    };
  }

  /**
   * Drops what a slice brought beyond the requests' limits (in its transaction); returns the ids
   * dropped. Only conversations that received messages in the slice (`outcome.added` from
   * `sliceStart`) are looked at: the limits held before it.
   */
  private enforceRequestLimits(outcome: ReceiveOutcome, sliceStart: number): Set<number> {
    const received = new Set(
      outcome.added
        .slice(sliceStart)
        .filter((message) => message.direction === 'incoming')
        .map((message) => message.conversationId),
    );
    if (received.size === 0) return new Set();
    const trimmed = this.requests.enforceLimits(received, this.options.requestLimits ?? requestLimits);
    if (trimmed.length === 0) return new Set();
    const added = new Set(outcome.added.map((message) => message.id));
    for (const message of trimmed) {
      // Gone from our swarm too: nothing to fetch again from a member not polled yet.
      if (message.storageHash) outcome.ownSwarmDeletes.push(message.storageHash);
      if (!added.has(message.id)) {
        outcome.removed.push({ conversationId: message.conversationId, messageId: message.id });
      }
      outcome.conversations.add(message.conversationId);
    }
    this.statistics.notKept += trimmed.length;
    this.dropReport.dropped('overRequestLimit', trimmed.length);
    return new Set(trimmed.map((message) => message.id));
  }

  private rejected(reason: string): void {
    this.statistics.rejected[reason] = (this.statistics.rejected[reason] ?? 0) + 1;
    this.dropReport.dropped(reason);
  }

  private apply(retrieved: RetrievedMessage, message: InterpretedMessage, outcome: ReceiveOutcome): void {
    const { conversations } = this.options;
    const fromSelf = message.author === this.options.keys.sessionId;
    const authorConversation = conversations.get(message.author);
    if (!fromSelf && authorConversation?.state === 'blocked') {
      this.statistics.ignored += 1;
      this.dropReport.dropped('blockedSender');
      this.options.messages.drop(retrieved.hash, retrieved.expiration);
      // Deleted, or a member not yet polled would hand it over again once they are unblocked.
      outcome.ownSwarmDeletes.push(retrieved.hash);
      return;
    }
    if (message.ignored !== undefined) {
      this.statistics.ignored += 1;
      this.options.logger.debug(
        `message ${retrieved.hash.slice(0, 8)}… from ${abbreviateSessionId(message.author)} ignored: ${message.ignored}`,
      );
      return;
    }
    // Most messages repeat the name already known: only a new one is written.
    if (message.displayName !== undefined && message.displayName !== authorConversation?.displayName) {
      conversations.updateProfile(message.author, message.displayName, message.sentAt);
      if (authorConversation) outcome.conversations.add(message.author);
    }
    // A new picture is fetched in the background (and told when here); their conversation is told
    // now (a removed picture goes at once) and its Contacts entry follows. A stranger's picture
    // waits until their request is accepted, so that a flood of requests costs no downloads.
    const inGroup = message.actions.some(
      (action) => 'conversationId' in action && conversationKindOf(action.conversationId) === 'group',
    );
    const held = !inGroup && authorConversation?.state !== 'accepted';
    if (
      message.picture !== undefined &&
      this.options.pictureHeard?.(message.author, message.picture, message.sentAt, { held }) &&
      authorConversation
    ) {
      outcome.conversations.add(message.author);
    }
    let changed = false;
    for (const action of message.actions) {
      changed = this.applyAction(action, retrieved, message, outcome, authorConversation) || changed;
    }
    if (changed) this.statistics.accepted += 1;
    else this.statistics.duplicates += 1;
  }

  /** Applies one action; false when it changed nothing (a duplicate, or a target we do not have). */
  private applyAction(
    action: IncomingAction,
    retrieved: RetrievedMessage,
    message: InterpretedMessage,
    outcome: ReceiveOutcome,
    authorConversation: ConversationRecord | undefined,
  ): boolean {
    const { messages, conversations } = this.options;
    const now = this.options.now();
    switch (action.kind) {
      case 'visible': {
        // A message that disappears after send may already be gone by the time we poll.
        const readAt = action.direction === 'outgoing' ? message.sentAt : undefined;
        const expiry = expiresAt(action.expiration, message.sentAt, readAt);
        if (expiry !== null && expiry <= now) return false;
        // Its author unsent it before it reached us: it is gone, here and in our swarm.
        if (messages.wasUnsent(message.author, message.sentAt)) {
          messages.drop(retrieved.hash, retrieved.expiration);
          outcome.ownSwarmDeletes.push(retrieved.hash);
          return false;
        }
        const stored = messages.insertWithin(
          {
            conversationId: action.conversationId,
            author: message.author,
            direction: action.direction,
            sentAt: message.sentAt,
            receivedAt: now,
            body: action.body,
            storageHash: retrieved.hash,
            state: action.direction === 'outgoing' ? 'sent' : null,
            quote: action.quote,
            expiration: action.expiration,
            // Our own messages, sent from another device, are read by definition.
            readAt,
            // We wrote to them (from another device), so the conversation is ours.
            newConversationState: action.direction === 'outgoing' ? 'accepted' : 'request',
            attachments: action.attachments.map(remoteAttachmentOf),
          },
          action.conversationId === message.author && authorConversation !== undefined,
        );
        const direct = action.conversationId === message.author;
        if (direct && action.direction === 'incoming' && !authorConversation?.approvedMe) {
          conversations.markApprovedMe(message.author);
        }
        if (!stored) return false;
        outcome.added.push(stored);
        outcome.conversations.add(action.conversationId);
        // Their message is what they were typing: the indicator ends with it (#17 item 4), whether
        // or not a "stopped" follows (it may come seconds later, or never). A "started" later in
        // this batch still wins, as the last word does.
        if (direct && action.direction === 'incoming') {
          outcome.typing.push({ conversationId: action.conversationId, typing: false });
        }
        return true;
      }
      case 'reaction': {
        const target = messages.byAuthorAndSentAt(action.target.author, action.target.sentAt);
        if (!target || target.conversationId !== action.conversationId || target.unsent) return false;
        messages.react(target.id, message.author, action.emoji, !action.remove, message.sentAt);
        outcome.updated.push(target);
        return true;
      }
      case 'disappearingChanged': {
        const conversation = conversations.get(action.conversationId);
        if (!conversation) return false;
        const { mode, seconds } = action.setting;
        const changed =
          conversation.disappearing.mode !== mode || conversation.disappearing.seconds !== seconds;
        conversations.setDisappearing(action.conversationId, action.setting);
        outcome.conversations.add(action.conversationId);
        // The timeline says who changed it, once (the copy from another swarm member is the same line).
        if (changed) {
          this.addControlLine(action.conversationId, retrieved, message, outcome, {
            kind: 'disappearingChanged',
            mode,
            seconds: mode === 'off' ? 0 : seconds,
          });
        }
        return true;
      }
      case 'readReceipt': {
        const read = messages.markOutgoingRead(action.conversationId, action.sentAts);
        outcome.updated.push(...read);
        return read.length > 0;
      }
      case 'typing': {
        if (conversations.get(action.conversationId)?.state !== 'accepted') return false;
        outcome.typing.push({ conversationId: action.conversationId, typing: action.typing });
        return true;
      }
      case 'unsend': {
        const target = messages.byAuthorAndSentAt(action.target.author, action.target.sentAt);
        if (!target) {
          // The message may still be on its way (another poll, another node).
          messages.rememberUnsent(action.target.author, action.target.sentAt);
          return true;
        }
        if (target.unsent) return false;
        messages.unsend(target.id);
        this.options.outbox.removeForMessage(target.id);
        if (target.storageHash) outcome.ownSwarmDeletes.push(target.storageHash);
        outcome.updated.push(target);
        outcome.conversations.add(target.conversationId);
        return true;
      }
      case 'groupUpdate': {
        outcome.groupUpdates.push({
          conversationId: action.conversationId,
          author: message.author,
          sentAt: message.sentAt,
          hash: retrieved.hash,
          update: action.update,
        });
        return true;
      }
      case 'requestAccepted': {
        const conversation = conversations.get(action.conversationId);
        conversations.markApprovedMe(action.conversationId);
        if (conversation) outcome.conversations.add(action.conversationId);
        // Our request answered: said once, when it was not answered (by a reply) before.
        if (conversation && !conversation.approvedMe) {
          this.addControlLine(action.conversationId, retrieved, message, outcome, {
            kind: 'requestAccepted',
          });
        }
        return true;
      }
    }
  }

  /** A line in the timeline for what a message did (controlLines.ts). */
  private addControlLine(
    conversationId: string,
    retrieved: RetrievedMessage,
    message: InterpretedMessage,
    outcome: ReceiveOutcome,
    control: StoredControl,
  ): void {
    const line = controlLineRecord({
      conversationId,
      author: message.author,
      ownSessionId: this.options.keys.sessionId,
      sentAt: message.sentAt,
      now: this.options.now(),
      storageHash: retrieved.hash,
      control,
    });
    const stored = this.options.messages.insertWithin(line, true);
    if (stored) outcome.added.push(stored);
  }
}

/** Started then stopped in one poll means stopped: only the last word per conversation is told. */
function latestTypingPerConversation(
  changes: ReceiveOutcome['typing'],
): { readonly conversationId: string; readonly typing: boolean }[] {
  const latest = new Map(changes.map((change) => [change.conversationId, change]));
  return [...latest.values()];
}
