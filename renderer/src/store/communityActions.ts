// What the UI does with communities (issue 15): list a server's rooms, join a room by its link and
// open it, leave it. Joining and listing answer in words where the person typed (the link field),
// not as a passing notice: a wrong link is fixed right there.
import type { CommunityRoomView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import type { ClientRequest } from '../../../shared/contract/clientApi';
import { abbreviateSessionId } from '../../../shared/contract/pureHelpers';
import {
  apiForScreens as api,
  attempt,
  loadOlderMessages,
  notify,
  openConversation,
  putMessage,
} from './actions';
import { applyConversationChanges } from './conversationChanges';
import { getState, setState } from './store';

export type Answer<Value> =
  { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly error: string };

async function answer<Value>(work: () => Promise<Value>): Promise<Answer<Value>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof ApiError ? error.message : 'Starling could not reach the community. Try again.',
    };
  }
}

export async function listCommunityRooms(server: string): Promise<Answer<readonly CommunityRoomView[]>> {
  const listed = await answer(() => api().listCommunityRooms({ server }));
  return listed.ok ? { ok: true, value: listed.value.rooms } : listed;
}

/** Joins the room and opens it; the answer is its name, or why it could not join. */
export async function joinCommunity(url: string): Promise<Answer<string>> {
  const joined = await answer(() => api().joinCommunity({ url }));
  if (!joined.ok) return joined;
  applyConversationChanges([joined.value.conversation], []);
  setState({ screen: 'chats' });
  await openConversation(joined.value.conversation.id);
  return { ok: true, value: joined.value.room.name };
}

/**
 * Opens a blinded DM with a room's member (their 15… ID, protocol-messages.md §6.6); a member whose
 * posts say they take no community messages is refused in words, as a notice.
 */
export async function messageCommunityMember(conversationId: string, member: string): Promise<boolean> {
  const opened = await attempt(() => api().messageCommunityMember({ conversationId, member }));
  if (!opened) return false;
  applyConversationChanges([opened], []);
  await openConversation(opened.id);
  return true;
}

export async function leaveCommunity(conversationId: string, name: string): Promise<boolean> {
  const left = await attempt(() => api().leaveCommunity({ conversationId }));
  if (left) notify(`You left ${name}.`, 'info');
  return left !== undefined;
}

/** Rooms whose server said it has nothing older: scrolling up asks it no more this session. */
const serverHistoryComplete = new Set<string>();

/**
 * The room's older history from its server (§6.7 `messages/before`), once what this device holds is
 * all shown: the engine stores a page, and the list pages on from its oldest message.
 */
export async function loadOlderFromServer(conversationId: string): Promise<void> {
  const list = getState().messages[conversationId];
  if (!list || list.loading || serverHistoryComplete.has(conversationId)) return;
  const setLoading = (loading: boolean): void => {
    const current = getState().messages[conversationId];
    if (current)
      setState({ messages: { ...getState().messages, [conversationId]: { ...current, loading } } });
  };
  setLoading(true);
  const page = await attempt(() => api().loadOlderCommunityMessages({ conversationId }));
  setLoading(false);
  if (!page) return;
  if (page.complete) serverHistoryComplete.add(conversationId);
  const current = getState().messages[conversationId];
  const oldest = current && current.ids.length > 0 ? current.byId.get(current.ids[0]!) : undefined;
  if (page.added === 0 || !current) return;
  setState({
    messages: {
      ...getState().messages,
      [conversationId]: {
        ...current,
        complete: false,
        before: oldest ? { sentAt: oldest.sentAt, id: oldest.id } : null,
      },
    },
  });
  await loadOlderMessages(conversationId);
}

/** Edits one of our posts; the bubble shows the new text at once, marked edited. */
export async function editMessage(messageId: number, text: string): Promise<boolean> {
  const edited = await attempt(() => api().editMessage({ messageId, text }));
  if (edited) putMessage(edited);
  return edited !== undefined;
}

export async function pinCommunityMessage(messageId: number, pinned: boolean): Promise<void> {
  const conversation = await attempt(() => api().pinCommunityMessage({ messageId, pinned }));
  if (conversation) {
    applyConversationChanges([conversation], []);
    notify(pinned ? 'Pinned for everyone in the room.' : 'Unpinned.', 'info');
  }
}

export async function banCommunityMember(
  request: ClientRequest<'banCommunityMember'>,
  name: string,
): Promise<boolean> {
  const banned = await attempt(() => api().banCommunityMember(request));
  if (banned) {
    notify(
      banned.until === null
        ? `${name} is banned from the room.`
        : `${name} is banned from the room until ${new Date(banned.until).toLocaleString()}.`,
      'info',
    );
  }
  return banned !== undefined;
}

/** Takes a member's voice in the room (write: false), for a while or until given back. */
export async function muteCommunityMember(
  conversationId: string,
  member: string,
  durationSeconds: number | null,
  name: string,
): Promise<boolean> {
  const muted = await attempt(() =>
    api().setCommunityPermissions({
      conversationId,
      member,
      write: false,
      ...(durationSeconds !== null ? { durationSeconds } : {}),
    }),
  );
  if (muted) {
    notify(
      muted.restoresAt === null
        ? `${name} can read the room but no longer write in it.`
        : `${name} can read the room but not write in it until ${new Date(muted.restoresAt).toLocaleString()}.`,
      'info',
    );
  }
  return muted !== undefined;
}

export async function unbanCommunityMember(
  conversationId: string,
  member: string,
  name: string,
): Promise<void> {
  const unbanned = await attempt(() => api().unbanCommunityMember({ conversationId, member }));
  if (unbanned) notify(`${name} may take part in the room again.`, 'info');
}

/**
 * What a moderator does to a member named by their ID (the room's moderation tools): lift a ban,
 * give back their voice, or (admins) give or take a role. The refusal comes back in words, for
 * the form to show where it was asked.
 */
export type MemberAction =
  | { readonly kind: 'unban' }
  | { readonly kind: 'unmute' }
  | { readonly kind: 'role'; readonly role: 'moderator' | 'admin' | 'none'; readonly visible: boolean };

export async function actOnMember(
  conversationId: string,
  member: string,
  action: MemberAction,
): Promise<Answer<string>> {
  const short = abbreviateSessionId(member);
  switch (action.kind) {
    case 'unban': {
      const done = await answer(() => api().unbanCommunityMember({ conversationId, member }));
      return done.ok ? { ok: true, value: `${short} may take part in the room again.` } : done;
    }
    case 'unmute': {
      const done = await answer(() => api().setCommunityPermissions({ conversationId, member, write: true }));
      return done.ok ? { ok: true, value: `${short} may write in the room again.` } : done;
    }
    case 'role': {
      const done = await answer(() =>
        api().setCommunityModerator({ conversationId, member, role: action.role, visible: action.visible }),
      );
      if (!done.ok) return done;
      const words =
        action.role === 'none'
          ? `${short} has no role in the room now.`
          : `${short} is ${action.role === 'admin' ? 'an admin' : 'a moderator'} of the room now${action.visible ? '' : ', not shown to the room'}.`;
      return { ok: true, value: words };
    }
  }
}

/** An admin's new name or description for the room; the room's view follows at once. */
export async function updateCommunityRoom(
  conversationId: string,
  change: { readonly name?: string; readonly description?: string },
): Promise<Answer<true>> {
  const updated = await answer(() => api().updateCommunityRoom({ conversationId, ...change }));
  if (!updated.ok) return updated;
  applyConversationChanges([updated.value], []);
  return { ok: true, value: true };
}

export async function listReactors(messageId: number, emoji: string) {
  return answer(() => api().listReactors({ messageId, emoji }));
}
