// A conversation's loaded messages, oldest first, in the order the engine pages them (sent time,
// then id), so that events and older pages slot in without re-sorting. The map is shared between
// versions of a list and updated in place: copying it per event would cost O(n) with 100,000
// messages loaded; each message object is replaced when it changes, so narrow selectors still see it.
import type { MessageCursor, MessageView } from '../../../shared/contract/views';

export interface MessageList {
  /** Ids, oldest first. */
  readonly ids: readonly number[];
  readonly byId: Map<number, MessageView>;
  /** Where the next older page starts; null once the beginning is loaded or before the first page. */
  readonly before: MessageCursor | null;
  /** The first page came. */
  readonly loaded: boolean;
  /** The beginning of the conversation is loaded. */
  readonly complete: boolean;
  readonly loading: boolean;
}

export function emptyMessageList(): MessageList {
  return { ids: [], byId: new Map(), before: null, loaded: false, complete: false, loading: false };
}

function comesBefore(left: MessageView, right: MessageView): boolean {
  return left.sentAt < right.sentAt || (left.sentAt === right.sentAt && left.id < right.id);
}

/** Adds or replaces messages; a new message is placed by walking back from the end, where it belongs. */
export function upsertMessages(list: MessageList, messages: readonly MessageView[]): MessageList {
  if (messages.length === 0) return list;
  let ids: number[] | undefined;
  for (const message of messages) {
    const known = list.byId.has(message.id);
    list.byId.set(message.id, message);
    if (known) continue;
    ids ??= [...list.ids];
    let index = ids.length;
    while (index > 0 && comesBefore(message, list.byId.get(ids[index - 1]!)!)) index -= 1;
    ids.splice(index, 0, message.id);
  }
  return { ...list, ids: ids ?? list.ids };
}

export function removeMessage(list: MessageList, messageId: number): MessageList {
  if (!list.byId.delete(messageId)) return list;
  return { ...list, ids: list.ids.filter((id) => id !== messageId) };
}

/** An older page (newest first, as the engine returns it) goes in front. */
export function prependPage(
  list: MessageList,
  page: readonly MessageView[],
  before: MessageCursor | null,
): MessageList {
  const older: number[] = [];
  for (let index = page.length - 1; index >= 0; index -= 1) {
    const message = page[index]!;
    if (list.byId.has(message.id)) continue;
    list.byId.set(message.id, message);
    older.push(message.id);
  }
  return {
    ...list,
    ids: [...older, ...list.ids],
    before,
    loaded: true,
    complete: before === null,
    loading: false,
  };
}
