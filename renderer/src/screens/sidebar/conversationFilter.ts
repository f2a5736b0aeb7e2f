// Which conversations the sidebar lists, in which order: chats or requests, matching the search by
// nickname, display name or Session ID, pinned first, then the most recent. Pure, for tests.
import type { ConversationState, ConversationView } from '../../../../shared/contract/views';

/** Whether a conversation matches a search, by its nickname, display name or Session ID. */
export function matchesSearch(conversation: ConversationView, search: string): boolean {
  const query = search.trim().toLowerCase();
  if (query === '') return true;
  if (conversation.displayName?.toLowerCase().includes(query)) return true;
  if (conversation.nickname?.toLowerCase().includes(query)) return true;
  // A Session ID is often pasted with spaces or line breaks.
  const compact = query.replace(/\s+/gu, '');
  return compact !== '' && conversation.id.toLowerCase().includes(compact);
}

/**
 * The ids to list. A conversation without messages (just started) comes first: it was opened
 * most recently. The chats keep the open one when it is blocked (`open`), so that blocking someone
 * does not pull their chat from under the person (#17 item 8); it leaves once another is opened.
 */
export function listedConversationIds(
  conversations: Readonly<Record<string, ConversationView>>,
  state: ConversationState,
  search: string,
  open: string | null = null,
): string[] {
  const listed = Object.values(conversations).filter(
    (conversation) =>
      (conversation.state === state ||
        (state === 'accepted' && conversation.state === 'blocked' && conversation.id === open)) &&
      matchesSearch(conversation, search),
  );
  const time = (conversation: ConversationView): number =>
    conversation.lastMessage?.sentAt ?? Number.POSITIVE_INFINITY;
  const pinned = (conversation: ConversationView): number => (conversation.pinned ? 1 : 0);
  listed.sort(
    (left, right) =>
      pinned(right) - pinned(left) || time(right) - time(left) || left.id.localeCompare(right.id),
  );
  return listed.map((conversation) => conversation.id);
}

/** How many message requests wait, whatever the search shows. */
export function requestCount(conversations: Readonly<Record<string, ConversationView>>): number {
  return Object.values(conversations).filter((conversation) => conversation.state === 'request').length;
}
