// Invites (protocol-config-groups.md §6.9 "Invite", "Invitee", "Admin receiving InviteResponse"):
// the admin sends each new member a signed invite with their subaccount one to one, once the group's
// configs are in its swarm, and records it sent or failed in Members, so that a restart resumes
// what was not sent. The invitee joins at once when the inviter is an approved contact, and otherwise
// sees a request; once the group's keys have come it tells the admins it accepted.
import { isGroupId } from '../../shared/protocol/identity/conversationId';
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';
import { makeSubaccountAuthData, verifySubaccountAuthData } from '../../shared/protocol/groups/subaccount';
import { verifyAdminSignature } from '../../shared/protocol/groups/adminSignatures';
import {
  setInviteAccepted,
  setInviteFailed,
  setInviteSent,
  setMemberName,
} from '../../shared/protocol/config/types/groupMembers';
import { fromHex } from '../../shared/protocol/bytes';
import { wrapOneToOneMessage } from '../../shared/protocol/messages/sessionProtocol';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { messageTtlMs } from '../messaging/outgoingContent';
import type { Content } from '../../shared/protocol/messages/codec';
import type { ReceivedGroupUpdate } from '../messaging/receivePipeline';
import { storeMessage } from '../network/storeMessage';
import { GroupError } from './groupError';
import type { LoadedGroup } from './groupRegistry';
import type { Groups, GroupsOptions } from './groups';
import { inviteContent, inviteResponseContent } from './groupUpdateContent';

type InviteMessage = NonNullable<ReceivedGroupUpdate['update']['inviteMessage']>;

const storeAttempts = 3;
const storeRetryMs = 2_000;
const authDataBytes = 100;
const signatureBytes = 64;

export class GroupInvites {
  /** The invite job under way per group, so that jobs never overlap and callers can wait. */
  private readonly jobs = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: GroupsOptions & { readonly groups: Groups }) {}

  private get groups(): Groups {
    return this.options.groups;
  }

  /** The invites left unsent at the last stop go now. */
  resume(): void {
    this.stopped = false;
    for (const group of this.groups.registry.joined()) {
      if (group.objects.isAdmin && this.pendingInvitees(group).length > 0) void this.send(group.record.id);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.jobs.values()]);
  }

  private pendingInvitees(group: LoadedGroup): string[] {
    return group.objects
      .memberViews()
      .filter(
        (member) =>
          member.invite === 'notSent' &&
          member.removal === 'none' &&
          member.sessionId !== this.options.keys.sessionId,
      )
      .map((member) => member.sessionId);
  }

  /** Sends a group's pending invites once its configs are stored; resolves when they are sent or failed. */
  send(groupId: string): Promise<void> {
    const previous = this.jobs.get(groupId) ?? Promise.resolve();
    const job = previous
      .catch(() => undefined)
      .then(() => this.sendPending(groupId))
      .catch((error: unknown) =>
        this.options.logger.warn(`invites of a group were not sent: ${(error as Error).message}`),
      )
      .finally(() => {
        if (this.jobs.get(groupId) === job) this.jobs.delete(groupId);
      });
    this.jobs.set(groupId, job);
    return job;
  }

  /** Resolves once the group's invite job, if any, is done. */
  async settled(groupId: string): Promise<void> {
    await this.jobs.get(groupId);
  }

  private async sendPending(groupId: string): Promise<void> {
    // Keys, Info and Members first: an invitee polling the group finds what it needs (§6.9).
    await this.groups.pushers.confirmed(groupId);
    const group = this.groups.registry.get(groupId);
    const secretKey = group?.objects.adminSecretKey;
    if (!group || !secretKey || this.stopped) return;
    const name = group.objects.infoView().name ?? group.record.name ?? '';
    const outcomes = new Map<string, boolean>();
    for (const invitee of this.pendingInvitees(group)) {
      if (this.stopped) break;
      outcomes.set(invitee, await this.sendOne(groupId, name, invitee, secretKey));
    }
    if (outcomes.size === 0) return;
    group.objects.editMembers((data) => {
      for (const [invitee, sent] of outcomes) {
        if (sent) setInviteSent(data, invitee);
        else setInviteFailed(data, invitee);
      }
    });
    this.groups.registry.save(groupId);
    this.groups.pushers.requested(groupId);
    await this.groups.pushers.confirmed(groupId);
    this.groups.changed(groupId);
  }

  private async sendOne(
    groupId: string,
    name: string,
    invitee: string,
    secretKey: Uint8Array,
  ): Promise<boolean> {
    const sentAt = this.options.nextSentAt();
    const authData = await makeSubaccountAuthData({
      groupEd25519SecretKey: secretKey,
      memberSessionId: invitee,
    });
    const content = await inviteContent({
      groupId,
      name,
      inviteeSessionId: invitee,
      authData,
      sentAt,
      groupEd25519SecretKey: secretKey,
      profile: this.options.profile(),
    });
    return this.sendDirect(invitee, content, sentAt);
  }

  /**
   * Stores a group message that goes one to one (an invite, a promotion) in the recipient's swarm,
   * trying a few times; false when it could not be stored (the member is then marked failed).
   */
  async sendDirect(recipient: string, content: Content, sentAt: number): Promise<boolean> {
    const data = await wrapOneToOneMessage(
      { content, recipientSessionId: recipient, timestampMs: sentAt },
      this.options.keys,
    );
    for (let attempt = 1; attempt <= storeAttempts; attempt += 1) {
      try {
        await storeMessage(this.options.network, {
          pubkey: recipient,
          namespace: namespaces.default,
          data,
          ttlMs: messageTtlMs,
        });
        return true;
      } catch (error) {
        this.options.logger.info(
          `group message to ${abbreviateSessionId(recipient)} not stored (attempt ${attempt}): ${(error as Error).message}`,
        );
        if (attempt < storeAttempts) await new Promise((resolve) => setTimeout(resolve, storeRetryMs));
      }
    }
    return false;
  }

  // --- the invitee ------------------------------------------------------------------------------------

  /** An invite came one to one (§6.9 Invitee); a forged or malformed one is dropped and counted. */
  async received(update: ReceivedGroupUpdate, invite: InviteMessage): Promise<void> {
    const { keys, conversations, now } = this.options;
    const groupId = invite.groupSessionId ?? '';
    const authData = invite.memberAuthData;
    const signature = invite.adminSignature;
    if (
      !isGroupId(groupId) ||
      typeof invite.name !== 'string' ||
      !(authData instanceof Uint8Array) ||
      authData.length !== authDataBytes ||
      !(signature instanceof Uint8Array) ||
      signature.length !== signatureBytes
    ) {
      this.reject('malformedInvite');
      return;
    }
    const groupPublicKey = fromHex(groupId.slice(2));
    const signed = { kind: 'invite', inviteeSessionId: keys.sessionId, sentAt: update.sentAt } as const;
    if (!(await verifyAdminSignature(signed, signature, groupPublicKey))) {
      this.reject('forgedInvite');
      return;
    }
    // Desktop only logs a subaccount that does not check out; so do we, and the swarm decides.
    if (!(await verifySubaccountAuthData(authData, groupPublicKey, keys.ed25519PublicKey))) {
      this.options.logger.info(`the invite to group ${abbreviateSessionId(groupId)} carries odd auth data`);
    }
    const inviter = conversations.get(update.author);
    if (inviter?.state === 'blocked') return;
    const existing = this.groups.repository.get(groupId);
    if (existing?.status === 'member' || existing?.status === 'invited') return;
    const approved = inviter?.state === 'accepted';
    const name = invite.name.trim().slice(0, 100) || null;
    const record = this.options.database.transaction(() => {
      const stored = this.groups.repository.upsert({
        id: groupId,
        status: approved ? 'member' : 'invited',
        authData,
        name,
        invitedBy: update.author,
        inviteResponseDue: approved,
        joinedAt: now(),
      });
      if (existing) this.groups.repository.setName(groupId, name);
      conversations.ensure(groupId, approved ? 'accepted' : 'request', now());
      if (existing) conversations.setState(groupId, approved ? 'accepted' : 'request');
      return stored;
    })();
    await this.groups.registry.adopt(record);
    this.options.emit('group.invited', { group: this.groups.view(groupId), from: update.author });
    this.groups.changed(groupId);
    if (approved) this.joined(groupId);
  }

  private joined(groupId: string): void {
    this.groups.startPolling(groupId);
    void this.groups.polling.pollNow(groupId).catch(() => undefined);
  }

  /** The person accepts an invite that waited as a request. */
  async accept(groupId: string): Promise<void> {
    const record = this.groups.repository.get(groupId);
    if (record?.status !== 'invited') throw new GroupError('notAnInvite', 'This is not a group invitation.');
    this.options.database.transaction(() => {
      this.groups.repository.setStatus(groupId, 'member');
      this.groups.repository.setInviteResponseDue(groupId, true);
      this.options.conversations.setState(groupId, 'accepted');
    })();
    this.groups.registry.refresh(groupId);
    this.groups.changed(groupId);
    this.joined(groupId);
  }

  /** The person declines an invite: it is forgotten, as a declined request is. */
  decline(groupId: string): void {
    const record = this.groups.repository.get(groupId);
    if (record?.status !== 'invited') throw new GroupError('notAnInvite', 'This is not a group invitation.');
    this.options.database.transaction(() => {
      this.groups.repository.remove(groupId);
      this.options.conversations.remove(groupId);
    })();
    this.groups.registry.refresh(groupId);
    this.groups.accountEntries?.publish(groupId);
    this.options.emit('conversation.removed', { conversationId: groupId });
  }

  /** §6.9 Invitee step 4: the keys came, so the admins learn we accepted (it needs the group key). */
  async respond(groupId: string): Promise<void> {
    this.groups.repository.setInviteResponseDue(groupId, false);
    this.groups.registry.refresh(groupId);
    const entries = await this.groups.transport.entries({
      conversationId: groupId,
      sentAt: this.options.nextSentAt(),
      content: () => inviteResponseContent(this.options.profile()),
      messageId: null,
      purpose: 'control',
      ttlMs: messageTtlMs,
      copyToSelf: false,
    });
    this.options.outboxEntries.add(entries, this.options.now());
    this.options.outbox.kick();
  }

  // --- the admin ------------------------------------------------------------------------------------

  /** A member's invite response (§6.9): accepted in Members, with the name they go by. */
  accepted(group: LoadedGroup, memberSessionId: string): void {
    const member = group.objects.memberViews().find((entry) => entry.sessionId === memberSessionId);
    if (!member || member.removal !== 'none') return;
    const name = this.options.conversations.get(memberSessionId)?.displayName ?? null;
    const changed = group.objects.editMembers((data) => {
      setInviteAccepted(data, memberSessionId);
      if (name && member.name !== name) setMemberName(data, memberSessionId, name);
    });
    if (!changed) return;
    this.groups.registry.save(group.record.id);
    this.groups.pushers.requested(group.record.id);
    this.groups.changed(group.record.id);
  }

  private reject(reason: string): void {
    this.groups.rejected[reason] = (this.groups.rejected[reason] ?? 0) + 1;
  }
}
