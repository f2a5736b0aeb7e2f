// Closed groups (groups v2, protocol-config-groups.md §6–§7; design.md "Conversation kinds"): the
// groups the account is in, their swarms polled and their configs merged, the admin's pushes, and
// what arrives for them (invites one to one, messages and control messages in the group's swarm).
// Group messages themselves go through the shared messenger and receive pipeline; only where they
// are stored and how they are opened is this module's (groupTransport.ts, `received`).
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type { ConversationView, GroupView } from '../../shared/contract/views';
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { retrieveSignatureMessage } from '../../shared/protocol/storage/signatureMessages';
import { fromBase64 } from '../../shared/protocol/base64';
import { authenticatedParams } from '../network/swarmAuthority';
import type { PushTiming } from '../config/configPusher';
import type { Logger } from '../logging/logger';
import type { ReceiveOutcome, ReceivePipeline, ReceivedGroupUpdate } from '../messaging/receivePipeline';
import type { Profile } from '../messaging/outgoingContent';
import type { SessionNetwork } from '../network/sessionNetwork';
import type { Outbox } from '../messaging/outbox';
import type { OutboxRepository } from '../store/outboxRepository';
import type { ActivityReport } from '../polling/pollActivity';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { StoredControl } from '../store/groupControl';
import type { MessageRepository } from '../store/messageRepository';
import { GroupRepository } from '../store/groupRepository';
import { databasePollState } from '../store/pollStateRepository';
import { GroupAccountEntries, type AccountGroupEntries } from './groupAccountEntries';
import { GroupAdministration } from './groupAdministration';
import { GroupDeletion } from './groupDeletion';
import { GroupReceiver } from './groupReceiver';
import { GroupInfoEdits } from './groupInfoEdits';
import type { GroupMessageStore } from './groupPush';
import type { Content } from '../../shared/protocol/messages/codec';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { messageTtlMs } from '../messaging/outgoingContent';
import { GroupError } from './groupError';
import { GroupInvites } from './groupInvites';
import type { GroupObjects } from './groupObjects';
import { controlLineRecord } from '../messaging/controlLines';
import { GroupPolling } from './groupPolling';
import { GroupPushers } from './groupPushers';
import { GroupRegistry, type LoadedGroup } from './groupRegistry';
import { GroupTransport } from './groupTransport';
import { groupSummary, groupView, type PictureToken } from './groupViews';

type Emit = <Name extends keyof ClientEvents>(name: Name, event: ClientEvents[Name]) => void;

export interface GroupsOptions {
  readonly database: SqliteDatabase;
  readonly network: SessionNetwork;
  readonly keys: IdentityKeys;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly pipeline: ReceivePipeline;
  readonly outboxEntries: OutboxRepository;
  readonly outbox: Outbox;
  readonly compressor: ConfigCompressor;
  readonly logger: Logger;
  readonly now: () => number;
  readonly emit: Emit;
  /** The messenger's clock of sent times, so ours never repeat (§3). */
  readonly nextSentAt: () => number;
  readonly profile: () => Profile;
  /** The token of someone's picture on this device, for the members' views. */
  readonly pictureToken?: PictureToken;
  /** Tells the UI what a received batch changed (the messenger's `applied`). */
  readonly applied: (outcome: ReceiveOutcome) => void;
  readonly conversationView: (record: ConversationRecord) => ConversationView;
  readonly pushTiming?: PushTiming | undefined;
  /** The account's UserGroups entries, so that its other devices join the same groups. */
  readonly account?: AccountGroupEntries;
}

export class Groups {
  readonly registry: GroupRegistry;
  readonly transport: GroupTransport;
  readonly repository: GroupRepository;
  readonly polling: GroupPolling;
  readonly pushers: GroupPushers;
  readonly invites: GroupInvites;
  readonly administration: GroupAdministration;
  readonly deletion: GroupDeletion;
  readonly receiver: GroupReceiver;
  readonly infoEdits: GroupInfoEdits;
  readonly accountEntries: GroupAccountEntries | undefined;
  /** Messages and notices dropped, by reason (forged, undecryptable…): counted, never shown. */
  readonly rejected: Record<string, number> = {};
  private started = false;

  constructor(private readonly options: GroupsOptions) {
    this.repository = new GroupRepository(options.database);
    this.registry = new GroupRegistry({
      repository: this.repository,
      keys: options.keys,
      compressor: options.compressor,
      logger: options.logger,
    });
    this.transport = new GroupTransport({
      keys: options.keys,
      compressor: options.compressor,
      groupOf: (groupId) =>
        this.registry.get(groupId)?.record.status === 'member' ? this.registry.objects(groupId) : undefined,
    });
    this.polling = new GroupPolling({
      network: options.network,
      state: databasePollState(options.database),
      logger: options.logger.child('poller'),
      onMessages: (groupId, batch) => this.receiver.received(groupId, batch),
      lastActiveAt: (groupId) => {
        const record = options.conversations.get(groupId);
        return record ? (record.lastMessageAt ?? this.repository.get(groupId)?.joinedAt ?? null) : null;
      },
      now: options.now,
    });
    this.pushers = new GroupPushers({
      registry: this.registry,
      network: options.network,
      logger: options.logger.child('push'),
      saved: (groupId) => this.registry.save(groupId),
      timing: options.pushTiming,
    });
    this.invites = new GroupInvites({ ...options, groups: this });
    this.administration = new GroupAdministration({ ...options, groups: this });
    this.deletion = new GroupDeletion({ ...options, groups: this });
    this.receiver = new GroupReceiver({ ...options, groups: this });
    this.infoEdits = new GroupInfoEdits({ ...options, groups: this });
    this.accountEntries = options.account
      ? new GroupAccountEntries({ ...options, groups: this, account: options.account })
      : undefined;
  }

  /** Before the network: the groups as the database keeps them. */
  async open(): Promise<void> {
    await this.registry.load();
  }

  /**
   * Once the network is joined: pushes and invites under way at the last stop resume, and every
   * group we are in gets its poller (the engine starts them, unless told not to poll).
   */
  start(): void {
    this.started = true;
    for (const group of this.registry.joined()) this.startPolling(group.record.id);
    this.pushers.start();
    this.invites.resume();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.polling.stop();
    await this.pushers.stop();
    await this.invites.stop();
  }

  setActivity(report: ActivityReport): void {
    this.polling.setActivity(report);
  }

  /** Polls a group's swarm (we just joined or created it). */
  startPolling(groupId: string): void {
    const authority = this.registry.authority(groupId);
    if (authority) this.polling.add(authority, () => this.registry.objects(groupId)?.liveHashes() ?? []);
  }

  /** Our authority in a group's swarm, for the outbox's stores there. */
  authorityFor(groupId: string): ReturnType<GroupRegistry['authority']> {
    return this.registry.authority(groupId);
  }

  /** One round of every group's swarm now (the command line, tests). */
  receiveNow(): Promise<void> {
    return this.polling.pollAll();
  }

  // --- views ------------------------------------------------------------------------------------

  loaded(groupId: string): LoadedGroup {
    const group = this.registry.get(groupId);
    if (!group) throw new GroupError('notInGroup', 'You are not in this group.');
    return group;
  }

  view(groupId: string): GroupView {
    const group = this.loaded(groupId);
    return groupView(group, group.record.name, this.options.pictureToken);
  }

  /** The group part of a conversation's view, when it is a group we hold. */
  summary(groupId: string): ConversationView['group'] {
    const group = this.registry.get(groupId);
    if (group) return groupSummary(group);
    const record = this.repository.get(groupId);
    return record
      ? { name: record.name ?? 'Group', memberCount: 0, admin: false, status: record.status }
      : undefined;
  }

  /** Tells the UI a group changed: its own view and its conversation's; UserGroups follows. */
  changed(groupId: string): void {
    this.accountEntries?.publish(groupId);
    const group = this.registry.get(groupId);
    if (group) {
      this.options.emit('group.changed', {
        group: groupView(group, group.record.name, this.options.pictureToken),
      });
    }
    const record = this.options.conversations.get(groupId);
    if (record)
      this.options.emit('conversation.updated', { conversation: this.options.conversationView(record) });
  }

  // --- receiving ------------------------------------------------------------------------------------

  /** Counts a message or notice dropped (forged, undecryptable…): never shown, only counted. */
  reject(reason: string, count = 1): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + count;
  }

  /** Group control messages, from our own namespace 0 (invites, promotions) or a group's swarm. */
  updatesReceived(updates: readonly ReceivedGroupUpdate[]): Promise<void> {
    return this.receiver.updatesReceived(updates);
  }

  /** We are out of a group: removed, it was deleted, or we left. Its messages stay readable here. */
  async ended(groupId: string, status: 'kicked' | 'destroyed' | 'left'): Promise<void> {
    this.repository.setStatus(groupId, status);
    this.registry.refresh(groupId);
    // Not awaited: a removal found by the group's own poll would wait here for that very poll.
    void this.polling.remove(groupId);
    await this.pushers.forget(groupId);
    this.changed(groupId);
  }

  /**
   * Puts a control message in the group's timeline ("Alice added Bob"); one that came back from the
   * swarm after we recorded it ourselves is the same message (same author and sent time) and is
   * not added twice.
   */
  recordControl(
    groupId: string,
    event: {
      readonly author: string;
      readonly sentAt: number;
      readonly hash?: string | undefined;
      readonly control: StoredControl;
    },
  ): void {
    const { messages, keys, now } = this.options;
    const [stored] = messages.insert([
      controlLineRecord({
        conversationId: groupId,
        author: event.author,
        ownSessionId: keys.sessionId,
        sentAt: event.sentAt,
        now: now(),
        storageHash: event.hash,
        control: event.control,
      }),
    ]);
    if (!stored) return;
    const outgoing = stored.direction === 'outgoing';
    this.options.emit(outgoing ? 'message.sent' : 'message.received', { message: messages.view(stored) });
  }

  /**
   * A control message sealed for the group's swarm, to go with the next push, and its line in our
   * own timeline (the copy that comes back from the swarm is the same message).
   */
  async controlMessage(
    groupId: string,
    content: (sentAt: number) => Promise<Content> | Content,
    control?: StoredControl,
  ): Promise<GroupMessageStore> {
    const sentAt = this.options.nextSentAt();
    const body = await content(sentAt);
    const [entry] = await this.transport.entries({
      conversationId: groupId,
      sentAt,
      content: () => body,
      messageId: null,
      purpose: 'control',
      ttlMs: messageTtlMs,
      copyToSelf: false,
    });
    if (control) this.recordControl(groupId, { author: this.options.keys.sessionId, sentAt, control });
    return { namespace: namespaces.groupMessages, data: entry!.data, ttlMs: messageTtlMs };
  }

  /** A group's objects, for an admin's change (refused in words when we are not one). */
  adminObjects(groupId: string): GroupObjects {
    const group = this.loaded(groupId);
    if (group.record.status !== 'member')
      throw new GroupError('notInGroup', 'You are no longer in this group.');
    if (!group.objects.isAdmin) {
      throw new GroupError('notGroupAdmin', 'Only the group’s admins can do this.');
    }
    return group.objects;
  }

  get isStarted(): boolean {
    return this.started;
  }

  // --- diagnostics (tests, the benchmark): no secrets beyond what the caller's engine holds ----------

  /** What one member of the group's swarm holds in a namespace, fetched with our authority. */
  async swarmMessages(groupId: string, namespace: number): Promise<{ hash: string; data: Uint8Array }[]> {
    const authority = this.registry.authority(groupId);
    if (!authority) throw new GroupError('notInGroup', 'You are not in this group.');
    const result = await this.options.network.swarmRequest(groupId, async (now) => ({
      method: 'retrieve',
      params: await authenticatedParams(
        authority,
        { namespace, timestamp: now },
        retrieveSignatureMessage({ namespace, timestamp: now }),
      ),
    }));
    const messages = (result.body as { messages?: { hash?: unknown; data?: unknown }[] }).messages ?? [];
    return messages.flatMap((message) =>
      typeof message.hash === 'string' && typeof message.data === 'string'
        ? [{ hash: message.hash, data: fromBase64(message.data) }]
        : [],
    );
  }
}
