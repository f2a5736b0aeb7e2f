// Words the UI says about closed groups: who someone is ("You", a nickname, their name, a short ID),
// the timeline's control lines ("Alice added Bob and Carol", and in any conversation "Bob set messages
// to disappear…", "You accepted the message request"), member counts and statuses, and why
// an ended group's composer is gone. Pure, for tests.
import { abbreviateSessionId, showMentions } from '../../../../shared/contract/pureHelpers';
import { durationLabel } from '../conversation/format';
import type {
  ConversationView,
  GroupControlMember,
  GroupControlView,
  GroupMemberView,
  GroupStatus,
} from '../../../../shared/contract/views';
import type { ConversationMember } from './conversationMembers';

export interface NameSources {
  readonly ownSessionId: string | null;
  /** In a community room, our 15… blinded ID there: also "You". */
  readonly ownRoomId?: string | undefined;
  readonly conversations: Readonly<Record<string, Pick<ConversationView, 'nickname' | 'displayName'>>>;
  /** The group's members, or the room's members seen so far (conversationMembers.ts). */
  readonly members?: readonly ConversationMember[] | undefined;
}

/**
 * What a person is called in a group or a room: "You"; the nickname the account gave them; the name
 * their one-to-one conversation knows; the name the group (or their latest post in the room) knows;
 * another the caller knows (a control message's); else their Session ID, shortened.
 */
export function personName(sessionId: string, sources: NameSources, otherName?: string | null): string {
  if (sessionId === sources.ownSessionId || sessionId === sources.ownRoomId) return 'You';
  const contact = sources.conversations[sessionId];
  const known =
    contact?.nickname?.trim() ||
    contact?.displayName?.trim() ||
    sources.members?.find((member) => member.sessionId === sessionId)?.name?.trim() ||
    otherName?.trim();
  return known || abbreviateSessionId(sessionId);
}

/** A text as people read it: mentions by name ("@You" for oneself). */
export function mentionsShown(text: string, sources: NameSources): string {
  return showMentions(text, (sessionId) => personName(sessionId, sources));
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dan". */
export function listOfNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function memberNames(members: readonly GroupControlMember[], sources: NameSources): string {
  return listOfNames(
    members.map((member) =>
      member.sessionId === sources.ownSessionId ? 'you' : personName(member.sessionId, sources, member.name),
    ),
  );
}

/** A control message's line in the timeline and the list: what happened, said with names. */
export function controlText(control: GroupControlView, author: string, sources: NameSources): string {
  const actor = personName(author, sources);
  switch (control.kind) {
    case 'membersAdded':
      return `${actor} added ${memberNames(control.members, sources)}`;
    case 'membersRemoved':
      return `${actor} removed ${memberNames(control.members, sources)}`;
    case 'membersPromoted':
      return `${actor} made ${memberNames(control.members, sources)} ${control.members.length === 1 ? 'an admin' : 'admins'}`;
    case 'memberLeft':
      return `${actor} left the group`;
    case 'renamed':
      return `${actor} renamed the group to “${control.name}”`;
    case 'removedYou':
      return 'You were removed from the group';
    case 'groupDeleted':
      return author === sources.ownSessionId ? 'You deleted the group' : 'The group was deleted';
    case 'disappearingChanged':
      return control.mode === 'off'
        ? `${actor} turned off disappearing messages`
        : `${actor} set messages to disappear ${durationLabel(control.seconds)} after they are ${control.mode === 'afterSend' ? 'sent' : 'read'}`;
    case 'requestAccepted':
      return author === sources.ownSessionId
        ? 'You accepted the message request'
        : `${actor} accepted your message request`;
  }
}

export function memberCountText(count: number): string {
  return count === 1 ? '1 member' : `${count} members`;
}

/** A member's badge in the member list; null for an ordinary member who joined. */
export function memberBadge(member: GroupMemberView): string | null {
  switch (member.status) {
    case 'invited':
      return 'Invited';
    case 'inviteFailed':
      return 'Invite failed';
    case 'removing':
      return 'Removing';
    default:
      return null;
  }
}

/** Why there is no composer: we are out of the group. null while we are in it. */
export function endedGroupText(status: GroupStatus): string | null {
  switch (status) {
    case 'kicked':
      return 'You were removed from this group. Its messages stay here, but you can no longer read new ones or write.';
    case 'left':
      return 'You left this group. Its messages stay here.';
    case 'destroyed':
      return 'This group was deleted by its admin. Its messages stay here.';
    default:
      return null;
  }
}

/** A group's second line in the conversation list: "Bob: hi", "You: hi", a control line, or the invite. */
export function groupPreviewText(
  conversation: Pick<ConversationView, 'state' | 'lastMessage'>,
  sources: NameSources,
): string {
  const last = conversation.lastMessage;
  if (!last) return conversation.state === 'request' ? 'Group invitation' : 'No messages yet';
  const author = last.author ?? (last.direction === 'outgoing' ? sources.ownSessionId : null);
  if (last.control) return controlText(last.control, author ?? '', sources);
  const body =
    last.body === null ? 'Message deleted' : mentionsShown(last.body, sources).replace(/\s+/gu, ' ').trim();
  return author ? `${personName(author, sources, last.authorName)}: ${body}` : body;
}
