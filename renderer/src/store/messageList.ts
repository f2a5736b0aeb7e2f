// A conversation's loaded messages, oldest first, in the order the engine pages them (sent time,
// then id), so that events and older pages slot in without re-sorting. The map is shared between
// versions of a list and updated in place: copying it per event would cost O(n) with 100,000
// messages loaded; each message object is replaced when it changes, so narrow selectors still see it.
import type { MessageCursor, MessagePage, MessageView } from '../../../shared/contract/views';

export interface MessageList {
  /** Ids, oldest first. */
  readonly ids: readonly number[];
  readonly byId: Map<number, MessageView>;
  /** Where the next older page starts; null once the beginning is loaded or before the first page. */
  readonly before: MessageCursor | null;
  /**
   * Where the next newer page starts when the list is a window of older history (opened at a search
   * result); null when the newest messages are loaded.
   */
  readonly after: MessageCursor | null;
  /** The first page came. */
  readonly loaded: boolean;
  /** The beginning of the conversation is loaded. */
  readonly complete: boolean;
  readonly loading: boolean;
}

export function emptyMessageList(): MessageList {
  return {
    ids: [],
    byId: new Map(),
    before: null,
    after: null,
    loaded: false,
    complete: false,
    loading: false,
  };
}

function comesBefore(left: MessageView, right: MessageView): boolean {
  return left.sentAt < right.sentAt || (left.sentAt === right.sentAt && left.id < right.id);
}

/**
 * Adds or replaces messages; a new message is placed by walking back from the end, where it belongs.
 * In a window of older history, a message newer than the window is left for the newer pages.
 */
export function upsertMessages(list: MessageList, messages: readonly MessageView[]): MessageList {
  if (messages.length === 0) return list;
  let ids: number[] | undefined;
  for (const message of messages) {
    const known = list.byId.has(message.id);
    const lastId = (ids ?? list.ids).at(-1);
    const last = lastId === undefined ? undefined : list.byId.get(lastId);
    if (!known && list.after !== null && last && comesBefore(last, message)) continue;
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

/** A window of history around a message (listMessages `around`), in place of what was loaded. */
export function windowList(page: MessagePage): MessageList {
  const list = prependPage(emptyMessageList(), page.messages, page.before);
  return { ...list, after: page.after ?? null };
}

/** A newer page (newest first, as the engine returns it) goes at the end of a window. */
export function appendPage(
  list: MessageList,
  page: readonly MessageView[],
  after: MessageCursor | null,
): MessageList {
  const newer: number[] = [];
  for (let index = page.length - 1; index >= 0; index -= 1) {
    const message = page[index]!;
    if (list.byId.has(message.id)) continue;
    list.byId.set(message.id, message);
    newer.push(message.id);
  }
  return { ...list, ids: [...list.ids, ...newer], after, loading: false };
}
