// What the UI does with closed groups (issue 14): create one, load its members, add, remove and
// promote them, rename it, leave it or delete it. Each call keeps the group's view in the store and
// says what went wrong in words, as actions.ts does for the rest.
import type { ClientRequest } from '../../../shared/contract/clientApi';
import type { GroupView } from '../../../shared/contract/views';
import { apiForScreens as api, attempt, notify, openConversation } from './actions';
import { applyConversationChanges } from './conversationChanges';
import { getState, setState } from './store';

export function putGroup(group: GroupView): void {
  setState({ groups: { ...getState().groups, [group.id]: group } });
}

/** Creates the group and opens it; resolves to its ID, or undefined when it was refused. */
export async function createGroup(request: ClientRequest<'createGroup'>): Promise<string | undefined> {
  const group = await attempt(() => api().createGroup(request));
  if (!group) return undefined;
  putGroup(group);
  // The conversation arrives with 'conversation.updated'; fetch it too, so that it opens at once.
  const conversation = await attempt(() => api().getConversation({ conversationId: group.id }));
  if (conversation) applyConversationChanges([conversation], []);
  setState({ screen: 'chats' });
  await openConversation(group.id);
  return group.id;
}

/** The group's members and settings, fetched when its conversation opens. */
export async function loadGroup(groupId: string): Promise<void> {
  try {
    putGroup(await api().getGroup({ groupId }));
  } catch {
    // A group we were never part of (an invite declined elsewhere): nothing to show.
  }
}

async function changeGroup(work: () => Promise<GroupView>): Promise<boolean> {
  const group = await attempt(work);
  if (group) putGroup(group);
  return group !== undefined;
}

export const addGroupMembers = (groupId: string, members: readonly string[]) =>
  changeGroup(() => api().addGroupMembers({ groupId, members: [...members] }));

export const removeGroupMembers = (groupId: string, members: readonly string[]) =>
  changeGroup(() => api().removeGroupMembers({ groupId, members: [...members] }));

export const promoteGroupMembers = (groupId: string, members: readonly string[]) =>
  changeGroup(() => api().promoteGroupMembers({ groupId, members: [...members] }));

export const updateGroup = (request: ClientRequest<'updateGroup'>) =>
  changeGroup(() => api().updateGroup(request));

export async function leaveGroup(groupId: string): Promise<boolean> {
  const left = await attempt(() => api().leaveGroup({ groupId }));
  if (left) notify('You left the group. Its messages stay here until you delete them.', 'info');
  return left !== undefined;
}

export async function deleteGroup(groupId: string): Promise<boolean> {
  const deleted = await attempt(() => api().deleteGroup({ groupId }));
  if (deleted) notify('The group was deleted for everyone.', 'info');
  return deleted !== undefined;
}
