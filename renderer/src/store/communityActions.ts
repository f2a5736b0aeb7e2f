// What the UI does with communities (issue 15): list a server's rooms, join a room by its link and
// open it, leave it. Joining and listing answer in words where the person typed (the link field),
// not as a passing notice: a wrong link is fixed right there.
import type { CommunityRoomView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { apiForScreens as api, attempt, notify, openConversation } from './actions';
import { applyConversationChanges } from './conversationChanges';
import { setState } from './store';

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

export async function leaveCommunity(conversationId: string, name: string): Promise<boolean> {
  const left = await attempt(() => api().leaveCommunity({ conversationId }));
  if (left) notify(`You left ${name}.`, 'info');
  return left !== undefined;
}
