// What the UI sees of a group (shared/contract/views.ts): its Info and Members as they now are,
// and where we stand in it.
import type {
  GroupMemberStatus,
  GroupMemberView,
  GroupSummaryView,
  GroupView,
} from '../../shared/contract/views';
import type { GroupMemberView as StoredMember } from '../../shared/protocol/config/types/groupMembers';
import type { LoadedGroup } from './groupRegistry';

function memberStatus(member: StoredMember): GroupMemberStatus {
  if (member.removal !== 'none') return 'removing';
  switch (member.invite) {
    case 'failed':
      return 'inviteFailed';
    case 'sent':
    case 'notSent':
      return 'invited';
    default:
      return 'accepted';
  }
}

/** The token of someone's picture on this device (core/attachments/profilePictures.ts). */
export type PictureToken = (sessionId: string) => string | undefined;

function memberView(member: StoredMember, pictureOf: PictureToken | undefined): GroupMemberView {
  const picture = pictureOf?.(member.sessionId);
  const promotion =
    member.promotion === 'sent' || member.promotion === 'notSent'
      ? 'pending'
      : member.promotion === 'failed'
        ? 'failed'
        : undefined;
  return {
    sessionId: member.sessionId,
    name: member.name.length > 0 ? member.name : null,
    ...(picture ? { picture } : {}),
    admin: member.admin,
    status: memberStatus(member),
    ...(promotion ? { promotion } : {}),
  };
}

/** The members still in the group (a removal under way counts until it is carried out). */
export function currentMembers(group: LoadedGroup): StoredMember[] {
  return group.objects.memberViews();
}

export function groupView(
  group: LoadedGroup,
  fallbackName: string | null,
  pictureOf?: PictureToken,
): GroupView {
  const info = group.objects.infoView();
  const members = currentMembers(group)
    .map((member) => memberView(member, pictureOf))
    .sort(
      (a, b) =>
        Number(b.admin) - Number(a.admin) ||
        (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') ||
        a.sessionId.localeCompare(b.sessionId),
    );
  return {
    id: group.record.id,
    name: info.name ?? fallbackName ?? 'Group',
    description: info.description,
    status: group.record.status,
    admin: group.objects.isAdmin,
    members,
    createdAt: info.createdSeconds > 0 ? info.createdSeconds * 1000 : null,
  };
}

export function groupSummary(group: LoadedGroup): GroupSummaryView {
  return {
    name: group.objects.infoView().name ?? group.record.name ?? 'Group',
    memberCount: currentMembers(group).filter((member) => member.removal === 'none').length,
    admin: group.objects.isAdmin,
    status: group.record.status,
  };
}
