// What admins change about a group itself (protocol-config-groups.md §6.3, §6.9): its name and
// description, its disappearing timer, and deleting it for everyone. Each is an edit of Info, pushed
// with the control message that tells the members.
import type { ValidClientRequest } from '../../shared/contract/clientApi';
import type { DisappearingSetting, GroupView } from '../../shared/contract/views';
import { updateGroupInfo } from '../../shared/protocol/config/types/groupInfo';
import { GroupError } from './groupError';
import type { GroupMessageStore } from './groupPush';
import type { Groups, GroupsOptions } from './groups';
import { infoChangeContent } from './groupUpdateContent';

export class GroupInfoEdits {
  constructor(private readonly options: GroupsOptions & { readonly groups: Groups }) {}

  private get groups(): Groups {
    return this.options.groups;
  }

  /** An admin renames the group or changes its description. */
  async update(request: ValidClientRequest<'updateGroup'>): Promise<GroupView> {
    const { groupId } = request;
    const objects = this.groups.adminObjects(groupId);
    const changed = objects.editInfo((data) =>
      updateGroupInfo(data, {
        ...(request.name !== undefined ? { name: request.name } : {}),
        ...(request.description !== undefined ? { description: request.description || null } : {}),
      }),
    );
    if (changed) {
      const messages: GroupMessageStore[] = [];
      if (request.name !== undefined) {
        this.groups.repository.setName(groupId, request.name);
        const name = request.name;
        const secretKey = objects.adminSecretKey!;
        messages.push(
          await this.groups.controlMessage(
            groupId,
            (sentAt) =>
              infoChangeContent({
                change: { name },
                sentAt,
                groupEd25519SecretKey: secretKey,
                profile: this.options.profile(),
              }),
            { kind: 'renamed', name },
          ),
        );
      }
      this.groups.registry.refresh(groupId);
      this.groups.registry.save(groupId);
      this.groups.pushers.requested(groupId, { messages });
      this.groups.changed(groupId);
    }
    return this.groups.view(groupId);
  }

  /**
   * An admin sets the group's disappearing messages (§6.3 `E`): groups know only "after send", as
   * in the official clients.
   */
  async setDisappearing(
    groupId: string,
    setting: { readonly mode: 'off' } | DisappearingSetting,
  ): Promise<void> {
    if (setting.mode === 'afterRead') {
      throw new GroupError(
        'unsupportedInGroups',
        'In groups, messages can only disappear a while after they are sent.',
      );
    }
    const objects = this.groups.adminObjects(groupId);
    const seconds = setting.mode === 'off' ? 0 : setting.seconds;
    if (!objects.editInfo((data) => updateGroupInfo(data, { disappearingSeconds: seconds }))) return;
    this.options.conversations.setDisappearing(
      groupId,
      seconds > 0 ? { mode: 'afterSend', seconds } : { mode: 'off', seconds: 0 },
    );
    const secretKey = objects.adminSecretKey!;
    const message = await this.groups.controlMessage(
      groupId,
      (sentAt) =>
        infoChangeContent({
          change: { disappearingSeconds: seconds },
          sentAt,
          groupEd25519SecretKey: secretKey,
          profile: this.options.profile(),
        }),
      seconds > 0
        ? { kind: 'disappearingChanged', mode: 'afterSend', seconds }
        : { kind: 'disappearingChanged', mode: 'off', seconds: 0 },
    );
    this.groups.registry.save(groupId);
    this.groups.pushers.requested(groupId, { messages: [message] });
    this.groups.changed(groupId);
  }

  /**
   * §6.9 "Delete the group": Info marked destroyed and pushed, so that every member's copy ends;
   * then it ends here too. The history stays readable on every device.
   */
  async destroy(request: ValidClientRequest<'deleteGroup'>): Promise<{ deleted: true }> {
    const { groupId } = request;
    const objects = this.groups.adminObjects(groupId);
    objects.editInfo((data) => updateGroupInfo(data, { destroyed: true }));
    this.groups.registry.save(groupId);
    this.groups.pushers.requested(groupId);
    await this.groups.pushers.confirmed(groupId);
    this.groups.recordControl(groupId, {
      author: this.options.keys.sessionId,
      sentAt: this.options.nextSentAt(),
      control: { kind: 'groupDeleted' },
    });
    await this.groups.ended(groupId, 'destroyed');
    return { deleted: true };
  }
}
