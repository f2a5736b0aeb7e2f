// Closed groups (groups v2, protocol-config-groups.md §6–§7; design.md "Conversation kinds"): the
// groups the account is in, their swarms polled and their configs merged, the admin's pushes, and
// what arrives for them (invites one to one, messages and control messages in the group's swarm).
// Group messages themselves go through the shared messenger and receive pipeline; only where they
// are stored and how they are opened is this module's (groupTransport.ts, `received`).
import type { ClientEvents } from '../../shared/contract/clientEvents';
import type { ConversationView, GroupView } from '../../shared/contract/views';
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import { openGroupContent } from '../../shared/protocol/groups/groupEnvelope';
import { readKickedNotice } from '../../shared/protocol/groups/kickedNotice';
import type { IdentityKeys } from '../../shared/protocol/identity/keys';
import { abbreviateSessionId, isSessionId } from '../../shared/protocol/identity/sessionId';
import { namespaces } from '../../shared/protocol/storage/namespaces';
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
import type { PollActivity, RetrievedMessage } from '../polling/swarmPoller';
import type { ConversationRecord, ConversationRepository } from '../store/conversationRepository';
import type { SqliteDatabase } from '../store/database';
import type { StoredControl } from '../store/groupControl';
import type { MessageRepository } from '../store/messageRepository';
import { verifyAdminSignature } from '../../shared/protocol/groups/adminSignatures';
import { SessionProtos } from '../../shared/protocol/messages/codec';
import { GroupRepository } from '../store/groupRepository';
import { databasePollState } from '../store/pollStateRepository';
import { GroupAccountEntries, type AccountGroupEntries } from './groupAccountEntries';
import { GroupAdministration } from './groupAdministration';
import { GroupDeletion } from './groupDeletion';
import { GroupError } from './groupError';
import { GroupInvites } from './groupInvites';
import { type GroupObjects, groupKeyPair } from './groupObjects';
import { setPromotionAccepted } from '../../shared/protocol/config/types/groupMembers';
import { GroupPolling } from './groupPolling';
import { GroupPushers } from './groupPushers';
import { GroupRegistry, type LoadedGroup } from './groupRegistry';
import { GroupTransport } from './groupTransport';
import { groupSummary, groupView } from './groupViews';

const memberChangeKinds = new Map<number, 'membersAdded' | 'membersRemoved' | 'membersPromoted'>([
  [SessionProtos.GroupUpdateMemberChangeMessage.Type.ADDED, 'membersAdded'],
  [SessionProtos.GroupUpdateMemberChangeMessage.Type.REMOVED, 'membersRemoved'],
  [SessionProtos.GroupUpdateMemberChangeMessage.Type.PROMOTED, 'membersPromoted'],
]);

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
      onMessages: (groupId, batch) => this.received(groupId, batch),
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

  setActivity(activity: PollActivity): void {
    this.polling.setActivity(activity);
  }

  /** Polls a group's swarm (we just joined or created it). */
  startPolling(groupId: string): void {
    const authority = this.registry.authority(groupId);
    if (authority) this.polling.add(authority);
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
    return groupView(group, group.record.name);
  }

  /** The group part of a conversation's view, when it is a group we hold. */
  summary(groupId: string): ConversationView['group'] {
    const group = this.registry.get(groupId);
    if (group) return groupSummary(group);
    const record = this.repository.get(groupId);
    return record ? { memberCount: 0, admin: false, status: record.status } : undefined;
  }

  /** Tells the UI a group changed: its own view and its conversation's; UserGroups follows. */
  changed(groupId: string): void {
    this.accountEntries?.publish(groupId);
    const group = this.registry.get(groupId);
    if (group) this.options.emit('group.changed', { group: groupView(group, group.record.name) });
    const record = this.options.conversations.get(groupId);
    if (record)
      this.options.emit('conversation.updated', { conversation: this.options.conversationView(record) });
  }

  // --- receiving ------------------------------------------------------------------------------------

  private reject(reason: string, count = 1): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + count;
  }

  /**
   * A poll of a group's swarm (§7 "Processing order"): the configs first, Keys before Info and
   * Members, since they may open them; then the kicked notices; then the messages.
   */
  private async received(groupId: string, batch: readonly RetrievedMessage[]): Promise<void> {
    const group = this.registry.get(groupId);
    if (group?.record.status !== 'member') return;
    const configs = await group.objects.receiveConfigs(batch, this.options.now());
    for (const reason of configs.rejected) this.reject(reason);
    if (configs.changed) this.configsChanged(group);
    if (await this.kickedBy(group, batch)) return;
    const messages = batch.filter((message) => message.namespace === namespaces.groupMessages);
    if (messages.length > 0) {
      const { objects } = group;
      const outcome = await this.options.pipeline.receive(messages, {
        groupId,
        open: async (retrieved) => {
          const opened = await openGroupContent(retrieved.data, {
            groupEd25519PublicKey: objects.publicKey,
            keys: objects.keyring.decryptionKeys(),
            compressor: this.options.compressor,
          });
          return {
            content: opened.content,
            senderSessionId: opened.senderSessionId,
            senderEd25519PublicKey: opened.senderEd25519PublicKey,
            timestampMs: opened.sentAt,
          };
        },
      });
      this.options.applied(outcome);
      await this.updatesReceived(outcome.groupUpdates);
    }
    if (group.record.inviteResponseDue && group.objects.hasKeys) await this.invites.respond(groupId);
  }

  /** After a merge: the database takes the group's name, and a destroyed group ends (§6.3). */
  private configsChanged(group: LoadedGroup): void {
    const groupId = group.record.id;
    const info = group.objects.infoView();
    this.acceptOwnPromotion(group);
    this.options.database.transaction(() => {
      this.registry.save(groupId);
      if (info.name !== null && info.name !== group.record.name) this.repository.setName(groupId, info.name);
      // §6.3 `E`: the group's timer, delete-after-send only.
      const seconds = info.disappearingSeconds;
      const current = this.options.conversations.get(groupId)?.disappearing;
      if (current && (current.mode === 'off' ? 0 : current.seconds) !== seconds) {
        this.options.conversations.setDisappearing(
          groupId,
          seconds > 0 ? { mode: 'afterSend', seconds } : { mode: 'off', seconds: 0 },
        );
      }
      if (info.destroyed) this.repository.setStatus(groupId, 'destroyed');
    })();
    this.registry.refresh(groupId);
    if (info.destroyed) {
      this.options.logger.info(`group ${abbreviateSessionId(groupId)} was deleted by an admin`);
      this.recordControl(groupId, {
        author: groupId,
        sentAt: this.options.now(),
        control: { kind: 'groupDeleted' },
      });
      void this.polling.remove(groupId);
      void this.pushers.forget(groupId);
    }
    this.changed(groupId);
  }

  /** §6.7: a notice in namespace −11 that names us, of a generation not older than ours. */
  private async kickedBy(group: LoadedGroup, batch: readonly RetrievedMessage[]): Promise<boolean> {
    const notices = batch.filter((message) => message.namespace === namespaces.groupRevokedRetrievable);
    for (const notice of notices) {
      let result;
      try {
        result = await readKickedNotice(notice.data, {
          groupEd25519PublicKey: group.objects.publicKey,
          ownEd25519SecretKey: this.options.keys.ed25519SecretKey,
          ownSessionId: this.options.keys.sessionId,
          currentGeneration: group.objects.keyring.currentGeneration(),
        });
      } catch {
        this.reject('malformedKickedNotice');
        continue;
      }
      if (!result.kicked) continue;
      this.recordControl(group.record.id, {
        author: group.record.id,
        sentAt: notice.timestamp,
        hash: notice.hash,
        control: { kind: 'removedYou' },
      });
      await this.ended(group.record.id, 'kicked');
      return true;
    }
    return false;
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

  /** Group control messages, from our own namespace 0 (invites, promotions) or a group's swarm. */
  async updatesReceived(updates: readonly ReceivedGroupUpdate[]): Promise<void> {
    for (const update of updates) {
      try {
        await this.updateReceived(update);
      } catch (error) {
        this.reject('groupUpdateFailed');
        this.options.logger.debug(`a group update was not applied: ${(error as Error).message}`);
      }
    }
  }

  private async updateReceived(update: ReceivedGroupUpdate): Promise<void> {
    const { update: message } = update;
    if (message.inviteMessage) return this.invites.received(update, message.inviteMessage);
    if (message.promoteMessage) return this.promoted(update, message.promoteMessage.groupIdentitySeed);
    const group = this.registry.get(update.conversationId);
    if (!group) return;
    const groupId = group.record.id;
    const signed = async (
      action: Parameters<typeof verifyAdminSignature>[0],
      signature: Uint8Array | null | undefined,
    ): Promise<boolean> => {
      const valid =
        signature instanceof Uint8Array &&
        (await verifyAdminSignature(action, signature, group.objects.publicKey));
      // A member cannot speak for the admins: a forged or unsigned change is dropped and counted.
      if (!valid) this.reject('forgedAdminAction');
      return valid;
    };
    const change = message.memberChangeMessage;
    if (change && typeof change.type === 'number') {
      if (
        await signed(
          { kind: 'memberChange', type: change.type, sentAt: update.sentAt },
          change.adminSignature,
        )
      ) {
        const kind = memberChangeKinds.get(change.type);
        const members = (change.memberSessionIds ?? []).filter((id) => isSessionId(id)).slice(0, 100);
        if (kind) this.recordControl(groupId, { ...update, control: { kind, members } });
      }
    }
    const info = message.infoChangeMessage;
    if (
      info?.type === SessionProtos.GroupUpdateInfoChangeMessage.Type.NAME &&
      typeof info.updatedName === 'string'
    ) {
      if (await signed({ kind: 'infoChange', type: info.type, sentAt: update.sentAt }, info.adminSignature)) {
        this.recordControl(groupId, {
          ...update,
          control: { kind: 'renamed', name: info.updatedName.slice(0, 100) },
        });
      }
    }
    if (message.deleteMemberContent) await this.deletion.received(update, message.deleteMemberContent);
    if (message.memberLeftNotificationMessage && update.author !== this.options.keys.sessionId) {
      this.recordControl(groupId, { ...update, control: { kind: 'memberLeft' } });
    }
    if (message.inviteResponse?.isApproved && group.objects.isAdmin) {
      this.invites.accepted(group, update.author);
    }
    if (message.memberLeftMessage) await this.administration.memberLeft(group.record.id, update.author);
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
    const outgoing = event.author === keys.sessionId;
    const [stored] = messages.insert([
      {
        conversationId: groupId,
        author: event.author,
        direction: outgoing ? 'outgoing' : 'incoming',
        sentAt: event.sentAt,
        receivedAt: now(),
        body: null,
        storageHash: event.hash ?? null,
        state: outgoing ? 'sent' : null,
        // A line in the timeline, not something to read: it never counts as unread.
        readAt: now(),
        newConversationState: 'accepted',
        control: event.control,
      },
    ]);
    if (!stored) return;
    this.options.emit(outgoing ? 'message.sent' : 'message.received', { message: messages.view(stored) });
  }

  /**
   * An admin whose own Members entry still says "promotion pending" accepts it (desktop does so
   * after every merge, D handleMetaMergeResults): a merge with an admin's concurrent edit may have
   * undone an acceptance, and this puts it back.
   */
  private acceptOwnPromotion(group: LoadedGroup): void {
    if (!group.objects.isAdmin || !group.objects.hasKeys) return;
    const own = group.objects
      .memberViews()
      .find((member) => member.sessionId === this.options.keys.sessionId);
    if (!own || own.promotion === 'none' || own.promotion === 'accepted') return;
    group.objects.editMembers((data) => setPromotionAccepted(data, this.options.keys.sessionId));
    this.registry.save(group.record.id);
    this.pushers.requested(group.record.id);
  }

  /**
   * §6.9 "Promote", the promotee: the seed, sent one to one by an admin, makes us an admin of a
   * group we are in; we accept the promotion in Members at once, since we can now sign it.
   */
  private async promoted(update: ReceivedGroupUpdate, seed: Uint8Array | null | undefined): Promise<void> {
    if (!(seed instanceof Uint8Array) || seed.length !== 32) {
      this.reject('malformedPromotion');
      return;
    }
    if (this.options.conversations.get(update.author)?.state === 'blocked') return;
    const groupId = (await groupKeyPair(seed)).groupId;
    const group = this.registry.get(groupId);
    if (group?.record.status !== 'member' || group.objects.isAdmin) return;
    await group.objects.becomeAdmin(seed);
    this.options.database.transaction(() => {
      this.repository.setAdminSeed(groupId, seed);
      this.registry.save(groupId);
    })();
    this.registry.refresh(groupId);
    this.acceptOwnPromotion(group);
    // Our requests there are signed with the group's key from now on.
    await this.polling.remove(groupId);
    this.startPolling(groupId);
    this.pushers.requested(groupId);
    this.changed(groupId);
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
