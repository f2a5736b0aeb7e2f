// What comes for the groups (protocol-config-groups.md §7 "Processing order", §6.8): a poll of a
// group's swarm handled Keys first, then Info and Members, then the kicked notices, then the
// messages through the shared receive pipeline; and the control messages they carry, or that come
// one to one (invites, promotions), each checked before it changes anything.
import { setPromotionAccepted } from '../../shared/protocol/config/types/groupMembers';
import { verifyAdminSignature } from '../../shared/protocol/groups/adminSignatures';
import { openGroupContent } from '../../shared/protocol/groups/groupEnvelope';
import { readKickedNotice } from '../../shared/protocol/groups/kickedNotice';
import { abbreviateSessionId, isSessionId } from '../../shared/protocol/identity/sessionId';
import { SessionProtos } from '../../shared/protocol/messages/codec';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import type { ReceivedGroupUpdate } from '../messaging/receivePipeline';
import type { RetrievedMessage } from '../polling/swarmPoller';
import { groupKeyPair } from './groupObjects';
import type { LoadedGroup } from './groupRegistry';
import type { Groups, GroupsOptions } from './groups';

const memberChangeKinds = new Map<number, 'membersAdded' | 'membersRemoved' | 'membersPromoted'>([
  [SessionProtos.GroupUpdateMemberChangeMessage.Type.ADDED, 'membersAdded'],
  [SessionProtos.GroupUpdateMemberChangeMessage.Type.REMOVED, 'membersRemoved'],
  [SessionProtos.GroupUpdateMemberChangeMessage.Type.PROMOTED, 'membersPromoted'],
]);

export class GroupReceiver {
  constructor(private readonly options: GroupsOptions & { readonly groups: Groups }) {}

  private get groups(): Groups {
    return this.options.groups;
  }

  /**
   * A poll of a group's swarm (§7 "Processing order"): the configs first, Keys before Info and
   * Members, since they may open them; then the kicked notices; then the messages.
   */
  async received(groupId: string, batch: readonly RetrievedMessage[]): Promise<void> {
    const group = this.groups.registry.get(groupId);
    if (group?.record.status !== 'member') return;
    const configs = await group.objects.receiveConfigs(batch, this.options.now());
    for (const reason of configs.rejected) this.groups.reject(reason);
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
    if (group.record.inviteResponseDue && group.objects.hasKeys) await this.groups.invites.respond(groupId);
  }

  /** After a merge: the database takes the group's name, and a destroyed group ends (§6.3). */
  private configsChanged(group: LoadedGroup): void {
    const groupId = group.record.id;
    const info = group.objects.infoView();
    this.acceptOwnPromotion(group);
    this.options.database.transaction(() => {
      this.groups.registry.save(groupId);
      if (info.name !== null && info.name !== group.record.name)
        this.groups.repository.setName(groupId, info.name);
      // §6.3 `E`: the group's timer, delete-after-send only.
      const seconds = info.disappearingSeconds;
      const current = this.options.conversations.get(groupId)?.disappearing;
      if (current && (current.mode === 'off' ? 0 : current.seconds) !== seconds) {
        this.options.conversations.setDisappearing(
          groupId,
          seconds > 0 ? { mode: 'afterSend', seconds } : { mode: 'off', seconds: 0 },
        );
      }
      if (info.destroyed) this.groups.repository.setStatus(groupId, 'destroyed');
    })();
    this.groups.registry.refresh(groupId);
    if (info.destroyed) {
      this.options.logger.info(`group ${abbreviateSessionId(groupId)} was deleted by an admin`);
      this.groups.recordControl(groupId, {
        author: groupId,
        sentAt: this.options.now(),
        control: { kind: 'groupDeleted' },
      });
      void this.groups.polling.remove(groupId);
      void this.groups.pushers.forget(groupId);
    }
    this.groups.changed(groupId);
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
        this.groups.reject('malformedKickedNotice');
        continue;
      }
      if (!result.kicked) continue;
      this.groups.recordControl(group.record.id, {
        author: group.record.id,
        sentAt: notice.timestamp,
        hash: notice.hash,
        control: { kind: 'removedYou' },
      });
      await this.groups.ended(group.record.id, 'kicked');
      return true;
    }
    return false;
  }

  /** Group control messages, from our own namespace 0 (invites, promotions) or a group's swarm. */
  async updatesReceived(updates: readonly ReceivedGroupUpdate[]): Promise<void> {
    for (const update of updates) {
      try {
        await this.updateReceived(update);
      } catch (error) {
        this.groups.reject('groupUpdateFailed');
        this.options.logger.debug(`a group update was not applied: ${(error as Error).message}`);
      }
    }
  }

  private async updateReceived(update: ReceivedGroupUpdate): Promise<void> {
    const { update: message } = update;
    if (message.inviteMessage) return this.groups.invites.received(update, message.inviteMessage);
    if (message.promoteMessage) return this.promoted(update, message.promoteMessage.groupIdentitySeed);
    const group = this.groups.registry.get(update.conversationId);
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
      if (!valid) this.groups.reject('forgedAdminAction');
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
        if (kind) this.groups.recordControl(groupId, { ...update, control: { kind, members } });
      }
    }
    const info = message.infoChangeMessage;
    if (
      info?.type === SessionProtos.GroupUpdateInfoChangeMessage.Type.NAME &&
      typeof info.updatedName === 'string'
    ) {
      if (await signed({ kind: 'infoChange', type: info.type, sentAt: update.sentAt }, info.adminSignature)) {
        this.groups.recordControl(groupId, {
          ...update,
          control: { kind: 'renamed', name: info.updatedName.slice(0, 100) },
        });
      }
    }
    if (
      info?.type === SessionProtos.GroupUpdateInfoChangeMessage.Type.DISAPPEARING_MESSAGES &&
      Number.isSafeInteger(info.updatedExpiration)
    ) {
      if (await signed({ kind: 'infoChange', type: info.type, sentAt: update.sentAt }, info.adminSignature)) {
        const seconds = info.updatedExpiration!;
        this.groups.recordControl(groupId, {
          ...update,
          control:
            seconds > 0
              ? { kind: 'disappearingChanged', mode: 'afterSend', seconds }
              : { kind: 'disappearingChanged', mode: 'off', seconds: 0 },
        });
      }
    }
    if (message.deleteMemberContent) await this.groups.deletion.received(update, message.deleteMemberContent);
    if (message.memberLeftNotificationMessage && update.author !== this.options.keys.sessionId) {
      this.groups.recordControl(groupId, { ...update, control: { kind: 'memberLeft' } });
    }
    if (message.inviteResponse?.isApproved && group.objects.isAdmin) {
      this.groups.invites.accepted(group, update.author);
    }
    if (message.memberLeftMessage)
      await this.groups.administration.memberLeft(group.record.id, update.author);
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
    this.groups.registry.save(group.record.id);
    this.groups.pushers.requested(group.record.id);
  }

  /**
   * §6.9 "Promote", the promotee: the seed, sent one to one by an admin, makes us an admin of a
   * group we are in; we accept the promotion in Members at once, since we can now sign it.
   */
  private async promoted(update: ReceivedGroupUpdate, seed: Uint8Array | null | undefined): Promise<void> {
    if (!(seed instanceof Uint8Array) || seed.length !== 32) {
      this.groups.reject('malformedPromotion');
      return;
    }
    if (this.options.conversations.get(update.author)?.state === 'blocked') return;
    const groupId = (await groupKeyPair(seed)).groupId;
    const group = this.groups.registry.get(groupId);
    if (group?.record.status !== 'member' || group.objects.isAdmin) return;
    await group.objects.becomeAdmin(seed);
    this.options.database.transaction(() => {
      this.groups.repository.setAdminSeed(groupId, seed);
      this.groups.registry.save(groupId);
    })();
    this.groups.registry.refresh(groupId);
    this.acceptOwnPromotion(group);
    // Our requests there are signed with the group's key from now on.
    await this.groups.polling.remove(groupId);
    this.groups.startPolling(groupId);
    this.groups.pushers.requested(groupId);
    this.groups.changed(groupId);
  }
}
