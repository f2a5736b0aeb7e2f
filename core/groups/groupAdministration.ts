// What admins do to a group, and leaving it (protocol-config-groups.md §6.1, §6.9): create it, add
// and remove members, rename it. Each change edits Info or Members (and rekeys where a member goes),
// and the group's pusher stores it with the control message that tells the members.
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import { maximumGroupMembers } from '../../shared/contract/clientApi';
import type { GroupView } from '../../shared/contract/views';
import { randomBytes } from '../../shared/protocol/bytes';
import { updateGroupInfo } from '../../shared/protocol/config/types/groupInfo';
import {
  addGroupMember,
  eraseGroupMember,
  setInviteNotSent,
  setPromoted,
  setPromotionAccepted,
  setPromotionFailed,
  setPromotionSent,
} from '../../shared/protocol/config/types/groupMembers';
import { buildKickedNotice, kickedNoticeTtlMs } from '../../shared/protocol/groups/kickedNotice';
import { subaccountToken } from '../../shared/protocol/groups/subaccount';
import { namespaces } from '../../shared/protocol/storage/namespaces';
import { messageTtlMs } from '../messaging/outgoingContent';
import { storeMessage } from '../network/storeMessage';
import { GroupError } from './groupError';
import type { GroupMessageStore } from './groupPush';
import { GroupObjects } from './groupObjects';
import type { Groups, GroupsOptions } from './groups';
import {
  promoteContent,
  memberChangeContent,
  memberLeftContent,
  memberLeftNotificationContent,
  type MemberChange,
} from './groupUpdateContent';

const groupTooLarge = `A group holds at most ${maximumGroupMembers} people: you and ${maximumGroupMembers - 1} others.`;

export class GroupAdministration {
  constructor(private readonly options: GroupsOptions & { readonly groups: Groups }) {}

  private get groups(): Groups {
    return this.options.groups;
  }

  /** The name the group's Members config gives a person: what our contacts know them by. */
  private nameOf(sessionId: string): string {
    if (sessionId === this.options.keys.sessionId) return this.options.profile().displayName ?? '';
    return this.options.conversations.get(sessionId)?.displayName ?? '';
  }

  private memberChange(
    groupId: string,
    change: MemberChange,
    memberSessionIds: readonly string[],
  ): Promise<GroupMessageStore> {
    const secretKey = this.groups.adminObjects(groupId).adminSecretKey!;
    const kinds = { added: 'membersAdded', removed: 'membersRemoved', promoted: 'membersPromoted' } as const;
    return this.groups.controlMessage(
      groupId,
      (sentAt) =>
        memberChangeContent({
          change,
          memberSessionIds,
          sentAt,
          groupEd25519SecretKey: secretKey,
          profile: this.options.profile(),
        }),
      { kind: kinds[change], members: memberSessionIds },
    );
  }

  /** §6.1: a new group with us as its admin, its first keys, and an invite for each person named. */
  async create(request: ValidClientRequest<'createGroup'>): Promise<GroupView> {
    const { keys, now, conversations } = this.options;
    const invitees = [...new Set(request.members)].filter((id) => id !== keys.sessionId);
    if (invitees.length + 1 > maximumGroupMembers) throw new GroupError('groupTooLarge', groupTooLarge);
    const seed = randomBytes(32);
    const objects = await GroupObjects.create({ seed, compressor: this.options.compressor });
    const groupId = objects.groupId;
    objects.editInfo((data) =>
      updateGroupInfo(data, {
        name: request.name,
        ...(request.description ? { description: request.description } : {}),
        createdSeconds: Math.floor(now() / 1000),
      }),
    );
    objects.editMembers((data) => {
      addGroupMember(data, keys.sessionId, { name: this.nameOf(keys.sessionId) });
      setPromoted(data, keys.sessionId);
      setPromotionAccepted(data, keys.sessionId);
      for (const invitee of invitees) addGroupMember(data, invitee, { name: this.nameOf(invitee) });
    });
    await objects.rekey(now());
    this.options.database.transaction(() => {
      const record = this.groups.repository.upsert({
        id: groupId,
        status: 'member',
        adminSeed: seed,
        name: request.name,
        joinedAt: now(),
      });
      conversations.ensure(groupId, 'accepted', now());
      this.groups.registry.put(record, objects);
    })();
    const messages = invitees.length > 0 ? [await this.memberChange(groupId, 'added', invitees)] : [];
    this.groups.pushers.requested(groupId, { messages });
    this.groups.startPolling(groupId);
    void this.groups.invites.send(groupId);
    this.groups.changed(groupId);
    return this.groups.view(groupId);
  }

  /** Resolves once the group's changes are in its swarm and its invites sent (the command line). */
  async settled(groupId: string): Promise<void> {
    await this.groups.pushers.confirmed(groupId);
    await this.groups.invites.settled(groupId);
  }

  /** §6.9 "Add members" (without history): invited, then a rekey, as desktop 1.17.17 always does. */
  async add(request: ValidClientRequest<'addGroupMembers'>): Promise<GroupView> {
    const { groupId } = request;
    const objects = this.groups.adminObjects(groupId);
    const present = new Set(
      objects
        .memberViews()
        .filter((member) => member.removal === 'none')
        .map((member) => member.sessionId),
    );
    const added = [...new Set(request.members)].filter((id) => !present.has(id));
    if (added.length === 0) return this.groups.view(groupId);
    if (present.size + added.length > maximumGroupMembers)
      throw new GroupError('groupTooLarge', groupTooLarge);
    objects.editMembers((data) => {
      for (const member of added) {
        // One removed before and invited again starts afresh.
        eraseGroupMember(data, member);
        addGroupMember(data, member, { name: this.nameOf(member) });
        setInviteNotSent(data, member);
      }
    });
    await objects.rekey(this.options.now());
    const secretKey = objects.adminSecretKey!;
    const unrevoke = await Promise.all(
      added.map((member) => subaccountToken({ groupEd25519SecretKey: secretKey, memberSessionId: member })),
    );
    this.groups.registry.save(groupId);
    this.groups.pushers.requested(groupId, {
      messages: [await this.memberChange(groupId, 'added', added)],
      unrevoke,
    });
    void this.groups.invites.send(groupId);
    this.groups.changed(groupId);
    return this.groups.view(groupId);
  }

  /**
   * §6.9 "Remove": the removed get the kicked notice (−11) and lose their subaccount; they are
   * erased from Members and the group is rekeyed without them, all in one push, so nothing sent
   * after it can be read by them.
   */
  async remove(request: ValidClientRequest<'removeGroupMembers'>, announce = true): Promise<GroupView> {
    const { groupId } = request;
    const objects = this.groups.adminObjects(groupId);
    const own = this.options.keys.sessionId;
    if (request.members.includes(own)) {
      throw new GroupError('notAMember', 'To leave the group yourself, use Leave group.');
    }
    const present = new Set(objects.memberViews().map((member) => member.sessionId));
    const removed = [...new Set(request.members)].filter((id) => present.has(id));
    if (removed.length === 0) return this.groups.view(groupId);
    const secretKey = objects.adminSecretKey!;
    const notice = await buildKickedNotice({
      groupEd25519SecretKey: secretKey,
      removedSessionIds: removed,
      generation: objects.keyring.currentGeneration(),
    });
    const revoke = await Promise.all(
      removed.map((member) => subaccountToken({ groupEd25519SecretKey: secretKey, memberSessionId: member })),
    );
    // Desktop marks them removed, pushes, and erases them once the notice and the revocation are
    // stored; here all of it is one sequence, so they are erased at once (§7 "Push").
    objects.editMembers((data) => {
      for (const member of removed) eraseGroupMember(data, member);
    });
    await objects.rekey(this.options.now());
    this.groups.registry.save(groupId);
    const messages: GroupMessageStore[] = [];
    if (announce) messages.push(await this.memberChange(groupId, 'removed', removed));
    messages.push({ namespace: namespaces.groupRevokedRetrievable, data: notice, ttlMs: kickedNoticeTtlMs });
    this.groups.pushers.requested(groupId, { messages, revoke });
    this.groups.changed(groupId);
    return this.groups.view(groupId);
  }

  /**
   * §6.9 "Promote": marked admins in Members, each sent the group's seed one to one, and the group
   * told; a promotion that could not be sent is marked failed (the admin may try again).
   */
  async promote(request: ValidClientRequest<'promoteGroupMembers'>): Promise<GroupView> {
    const { groupId } = request;
    const objects = this.groups.adminObjects(groupId);
    const seed = this.groups.loaded(groupId).record.adminSeed;
    if (!seed) throw new GroupError('notGroupAdmin', 'Only the group’s admins can do this.');
    const members = objects.memberViews().filter((member) => member.removal === 'none');
    const promoted = [...new Set(request.members)].filter((id) =>
      members.some((member) => member.sessionId === id && !member.admin),
    );
    if (promoted.length === 0) return this.groups.view(groupId);
    objects.editMembers((data) => {
      for (const member of promoted) setPromoted(data, member);
    });
    const name = objects.infoView().name ?? '';
    const outcomes = await Promise.all(
      promoted.map(async (member) => {
        const content = promoteContent({ seed, name, profile: this.options.profile() });
        const sent = await this.groups.invites.sendDirect(member, content, this.options.nextSentAt());
        return [member, sent] as const;
      }),
    );
    objects.editMembers((data) => {
      for (const [member, sent] of outcomes) {
        if (sent) setPromotionSent(data, member);
        else setPromotionFailed(data, member);
      }
    });
    this.groups.registry.save(groupId);
    this.groups.pushers.requested(groupId, {
      messages: [await this.memberChange(groupId, 'promoted', promoted)],
    });
    this.groups.changed(groupId);
    return this.groups.view(groupId);
  }

  /** A member left (§6.9 "Leave"): admins treat it as a removal, without the "removed" message. */
  async memberLeft(groupId: string, memberSessionId: string): Promise<void> {
    const group = this.groups.registry.get(groupId);
    if (!group?.objects.isAdmin || memberSessionId === this.options.keys.sessionId) return;
    await this.remove({ groupId, members: [memberSessionId], removeMessages: false }, false);
  }

  /**
   * §6.9 "Leave": the members are told (allowing a refusal, in case we were removed meanwhile),
   * then the group ends here; its messages stay readable.
   */
  async leave(request: ValidClientRequest<'leaveGroup'>): Promise<{ left: true }> {
    const { groupId } = request;
    const group = this.groups.loaded(groupId);
    const authority = this.groups.authorityFor(groupId);
    if (authority && group.objects.hasKeys) {
      const sentAt = this.options.nextSentAt();
      for (const [offset, content] of [
        [0, memberLeftNotificationContent(this.options.profile())],
        [1, memberLeftContent()],
      ] as const) {
        const [entry] = await this.groups.transport.entries({
          conversationId: groupId,
          sentAt: sentAt + offset,
          content: () => content,
          messageId: null,
          purpose: 'control',
          ttlMs: messageTtlMs,
          copyToSelf: false,
        });
        try {
          await storeMessage(this.options.network, {
            pubkey: groupId,
            namespace: namespaces.groupMessages,
            data: entry!.data,
            ttlMs: messageTtlMs,
            authority,
          });
        } catch (error) {
          this.options.logger.info(`the group was not told we left: ${(error as Error).message}`);
          break;
        }
      }
    }
    this.groups.recordControl(groupId, {
      author: this.options.keys.sessionId,
      sentAt: this.options.nextSentAt(),
      control: { kind: 'memberLeft' },
    });
    await this.groups.ended(groupId, 'left');
    return { left: true };
  }
}
