// The people one can name in a conversation of several: a closed group's members as its Members
// config lists them, or a community room's members seen so far. A room has no member list a client
// can read (its server only counts active users, protocol-messages.md §6.5), so, as in the official
// clients, the room's members are the authors of its messages on this device, each by the ID they
// post with (their 15… blinded ID, or 05… on a server without blinding, §6.3) and the name their
// newest message gave.
import type { GroupMemberStatus } from '../../../../shared/contract/views';
import type { MessageList } from '../../store/messageList';
import type { AppState } from '../../store/store';

export interface ConversationMember {
  readonly sessionId: string;
  /** The name the conversation knows them by; null when none. */
  readonly name: string | null;
  /** A group member's standing; a room's members have none. */
  readonly status?: GroupMemberStatus;
}

const noMembers: readonly ConversationMember[] = [];

// Selectors ask for a room's members on every change of the store, once per bubble: each version of
// a message list is read once. A list is a new object whenever its messages change (messageList.ts).
const roomMembersByList = new WeakMap<MessageList, readonly ConversationMember[]>();

/** The authors of a room's loaded messages other than us, the latest to write first. */
export function roomMembers(list: MessageList | undefined): readonly ConversationMember[] {
  if (!list) return noMembers;
  const known = roomMembersByList.get(list);
  if (known) return known;
  const byId = new Map<string, ConversationMember>();
  for (let index = list.ids.length - 1; index >= 0; index -= 1) {
    const message = list.byId.get(list.ids[index] ?? -1);
    if (!message || message.direction !== 'incoming' || message.control) continue;
    const name = message.authorName?.trim() || null;
    const seen = byId.get(message.author);
    // The newest name wins; an older message names someone whose newest gave no name.
    if (!seen || (seen.name === null && name !== null))
      byId.set(message.author, { sessionId: message.author, name });
  }
  const members = [...byId.values()];
  roomMembersByList.set(list, members);
  return members;
}

/** The people of a group or a room; undefined in a one-to-one conversation. */
export function membersOf(
  state: AppState,
  conversationId: string,
): readonly ConversationMember[] | undefined {
  if (state.conversations[conversationId]?.community) return roomMembers(state.messages[conversationId]);
  return state.groups[conversationId]?.members;
}

/** Who we are in a room: our 15… blinded ID on its server (undefined elsewhere, or until worked out). */
export function ownRoomIdOf(state: AppState, conversationId: string): string | undefined {
  return state.conversations[conversationId]?.community?.ownId;
}

/** Whether an ID is ours here: our Session ID anywhere, our blinded ID in a room. */
export function isOwnId(state: AppState, conversationId: string, id: string): boolean {
  return id === state.account?.sessionId || id === ownRoomIdOf(state, conversationId);
}
