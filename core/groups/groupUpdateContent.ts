// The Content of groups v2 control messages (protocol-config-groups.md §6.8, DataMessage field 120),
// each signed by the group's key where the protocol asks for it, over the message's sent time.
import type { Content } from '../../shared/protocol/messages/codec';
import { SessionProtos } from '../../shared/protocol/messages/codec';
import { signAdminAction } from '../../shared/protocol/groups/adminSignatures';
import type { Profile } from '../messaging/outgoingContent';

const MemberChangeType = SessionProtos.GroupUpdateMemberChangeMessage.Type;
export type MemberChange = 'added' | 'removed' | 'promoted';

const memberChangeTypes: Readonly<Record<MemberChange, SessionProtos.GroupUpdateMemberChangeMessage.Type>> = {
  added: MemberChangeType.ADDED,
  removed: MemberChangeType.REMOVED,
  promoted: MemberChangeType.PROMOTED,
};

function profileField(profile: Profile): Pick<NonNullable<Content['dataMessage']>, 'profile'> {
  return profile.displayName === null ? {} : { profile: { displayName: profile.displayName } };
}

/** §6.9 Invite step 2: sent one to one; `sentAt` is both the envelope's time and the signed time. */
export async function inviteContent(invite: {
  readonly groupId: string;
  readonly name: string;
  readonly inviteeSessionId: string;
  readonly authData: Uint8Array;
  readonly sentAt: number;
  readonly groupEd25519SecretKey: Uint8Array;
  readonly profile: Profile;
}): Promise<Content> {
  const adminSignature = await signAdminAction(
    { kind: 'invite', inviteeSessionId: invite.inviteeSessionId, sentAt: invite.sentAt },
    invite.groupEd25519SecretKey,
  );
  return {
    dataMessage: {
      groupUpdateMessage: {
        inviteMessage: {
          groupSessionId: invite.groupId,
          name: invite.name,
          memberAuthData: invite.authData,
          adminSignature,
        },
      },
      ...profileField(invite.profile),
    },
  };
}

/** "Alice added Bob" and the like, stored in the group with the change (§6.9). */
export async function memberChangeContent(change: {
  readonly change: MemberChange;
  readonly memberSessionIds: readonly string[];
  readonly sentAt: number;
  readonly groupEd25519SecretKey: Uint8Array;
  readonly profile: Profile;
  readonly historyShared?: boolean;
}): Promise<Content> {
  const type = memberChangeTypes[change.change];
  const adminSignature = await signAdminAction(
    { kind: 'memberChange', type, sentAt: change.sentAt },
    change.groupEd25519SecretKey,
  );
  return {
    dataMessage: {
      groupUpdateMessage: {
        memberChangeMessage: {
          type,
          memberSessionIds: [...change.memberSessionIds],
          ...(change.historyShared ? { historyShared: true } : {}),
          adminSignature,
        },
      },
      ...profileField(change.profile),
    },
  };
}

/** §6.9 "Promote": the group's seed, one to one; the receiver derives the key pair from it. */
export function promoteContent(promotion: {
  readonly seed: Uint8Array;
  readonly name: string;
  readonly profile: Profile;
}): Content {
  return {
    dataMessage: {
      groupUpdateMessage: { promoteMessage: { groupIdentitySeed: promotion.seed, name: promotion.name } },
      ...profileField(promotion.profile),
    },
  };
}

/**
 * §6.9 "Name / disappearing change": the new name or timer, signed, stored in the group with the
 * Info that holds it.
 */
export async function infoChangeContent(change: {
  readonly change: { readonly name: string } | { readonly disappearingSeconds: number };
  readonly sentAt: number;
  readonly groupEd25519SecretKey: Uint8Array;
  readonly profile: Profile;
}): Promise<Content> {
  const Type = SessionProtos.GroupUpdateInfoChangeMessage.Type;
  const type = 'name' in change.change ? Type.NAME : Type.DISAPPEARING_MESSAGES;
  const adminSignature = await signAdminAction(
    { kind: 'infoChange', type, sentAt: change.sentAt },
    change.groupEd25519SecretKey,
  );
  const field =
    'name' in change.change
      ? { updatedName: change.change.name }
      : { updatedExpiration: change.change.disappearingSeconds };
  return {
    dataMessage: {
      groupUpdateMessage: { infoChangeMessage: { type, ...field, adminSignature } },
      ...profileField(change.profile),
    },
  };
}

/** §6.9 Invitee step 4: the invite accepted, once the group's keys have come. */
export function inviteResponseContent(profile: Profile): Content {
  return {
    dataMessage: { groupUpdateMessage: { inviteResponse: { isApproved: true } }, ...profileField(profile) },
  };
}

/** §6.9 Leave: the notification first, then the leave itself. */
export function memberLeftNotificationContent(profile: Profile): Content {
  return {
    dataMessage: { groupUpdateMessage: { memberLeftNotificationMessage: {} }, ...profileField(profile) },
  };
}

export function memberLeftContent(): Content {
  return { dataMessage: { groupUpdateMessage: { memberLeftMessage: {} } } };
}
