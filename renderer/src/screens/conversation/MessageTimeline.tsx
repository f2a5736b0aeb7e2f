// The conversation's messages in a virtual list: newest at the bottom, older pages loaded when
// scrolled near the top, day separators, a "jump to the newest" button when scrolled up, and new
// incoming messages announced to screen readers. The list subscribes to the ids only; each row to
// its own message (and its neighbour's time, for separators and grouping).
import {
  memo,
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { MessageView } from '../../../../shared/contract/views';
import { loadNewerMessages, loadOlderMessages, reloadNewestMessages } from '../../store/actions';
import { getState, setState, useAppStore } from '../../store/store';
import { dayLabel, isSameDay } from './format';
import { ArrowDownIcon } from './icons';
import { ControlLine } from '../groups/ControlLine';
import { mentionsShown } from '../groups/groupText';
import { nameSourcesOf } from '../groups/useGroupNames';
import { MessageBubble } from './MessageBubble';
import { VirtualList, type VirtualListHandle } from './VirtualList';

/** Measured heights per conversation, kept while the app runs (a row is measured once per width). */
const heightCaches = new Map<string, Map<number, number>>();

function heightCacheFor(conversationId: string): Map<number, number> {
  let cache = heightCaches.get(conversationId);
  if (!cache) {
    cache = new Map();
    heightCaches.set(conversationId, cache);
  }
  return cache;
}

const noIds: readonly number[] = [];
/** Messages of one side closer than this are grouped (less space between them). */
const groupingMs = 5 * 60_000;
const charactersPerLine = 52;
const lineHeight = 22;

/** A guess of a row's height before it is measured, from its text's length. */
export function estimateMessageHeight(message: MessageView | undefined): number {
  if (!message) return 60;
  if (message.control) return 36;
  let lines = 1;
  if (message.body) {
    lines = 0;
    for (const paragraph of message.body.split('\n')) {
      lines += Math.max(1, Math.ceil(paragraph.length / charactersPerLine));
    }
  }
  let height = 40 + lines * lineHeight;
  if (message.quote) height += 52;
  if (message.reactions.length > 0) height += 32;
  if (message.state === 'failed') height += 26;
  return height;
}

const MessageRow = memo(function MessageRow({
  conversationId,
  messageId,
  previousId,
  isLast,
}: {
  conversationId: string;
  messageId: number;
  previousId: number | undefined;
  isLast: boolean;
}) {
  const sentAt = useAppStore((state) => state.messages[conversationId]?.byId.get(messageId)?.sentAt ?? 0);
  const author = useAppStore((state) => state.messages[conversationId]?.byId.get(messageId)?.author);
  const control = useAppStore((state) => state.messages[conversationId]?.byId.get(messageId)?.control);
  const previousSentAt = useAppStore((state) =>
    previousId === undefined ? null : (state.messages[conversationId]?.byId.get(previousId)?.sentAt ?? null),
  );
  // A control line between two messages of one author ends their run: the next shows its sender again.
  const previousAuthor = useAppStore((state) => {
    const previous =
      previousId === undefined ? undefined : state.messages[conversationId]?.byId.get(previousId);
    return previous?.control ? undefined : previous?.author;
  });
  // In a group or a room several people write: the first of a run of theirs says who.
  const inGroup = useAppStore((state) => {
    const conversation = state.conversations[conversationId];
    return conversation?.group !== undefined || conversation?.community !== undefined;
  });
  const newDay = previousSentAt === null || !isSameDay(previousSentAt, sentAt);
  const grouped = !newDay && previousAuthor === author && sentAt - previousSentAt < groupingMs;
  return (
    <>
      {newDay && (
        <h3 className="day-separator">
          <span>{dayLabel(sentAt, Date.now())}</span>
        </h3>
      )}
      {control ? (
        <ControlLine conversationId={conversationId} messageId={messageId} />
      ) : (
        <MessageBubble
          conversationId={conversationId}
          messageId={messageId}
          grouped={grouped}
          isLast={isLast}
          showSender={inGroup && !grouped}
        />
      )}
    </>
  );
});

export function MessageTimeline({
  conversationId,
  listHandle,
}: {
  conversationId: string;
  listHandle: RefObject<VirtualListHandle | null>;
}) {
  const ids = useAppStore((state) => state.messages[conversationId]?.ids ?? noIds);
  const loaded = useAppStore((state) => state.messages[conversationId]?.loaded ?? false);
  const loading = useAppStore((state) => state.messages[conversationId]?.loading ?? false);
  // A window of older history (opened at a search result): newer pages load as it is scrolled down.
  const detached = useAppStore((state) => (state.messages[conversationId]?.after ?? null) !== null);
  const scrollTarget = useAppStore((state) =>
    state.scrollTarget?.conversationId === conversationId ? state.scrollTarget.messageId : null,
  );
  const [pinned, setPinned] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const pinnedRef = useRef(true);
  const hintId = useId();

  const estimate = useCallback(
    (id: number) => estimateMessageHeight(getState().messages[conversationId]?.byId.get(id)),
    [conversationId],
  );
  const renderRow = useCallback(
    (id: number, index: number) => (
      <MessageRow
        conversationId={conversationId}
        messageId={id}
        previousId={ids[index - 1]}
        isLast={index === ids.length - 1}
      />
    ),
    [conversationId, ids],
  );
  const onNearTop = useCallback(() => void loadOlderMessages(conversationId), [conversationId]);
  const onNearBottom = useCallback(() => void loadNewerMessages(conversationId), [conversationId]);
  const jumpToNewest = (): void => {
    if (detached) void reloadNewestMessages(conversationId);
    else listHandle.current?.scrollToBottom();
  };

  // A message to show (a search result): once its row is in the list, it is scrolled to, and its
  // bubble takes the focus on the next frame, when the list has rendered it. In a layout effect,
  // after the list's own, so that the list never starts loading from where it first stood.
  useLayoutEffect(() => {
    if (scrollTarget === null || !ids.includes(scrollTarget)) return;
    if (!listHandle.current?.scrollToKey(scrollTarget)) return;
    setState({ scrollTarget: null });
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>(`.virtual-list__row[data-key="${scrollTarget}"] .message__bubble`)
        ?.focus(),
    );
  }, [scrollTarget, ids, listHandle]);
  const onPinnedChange = useCallback((value: boolean) => {
    pinnedRef.current = value;
    setPinned(value);
    if (value) setUnseen(0);
  }, []);

  // A new message at the end: announced when it is theirs, counted when the list is scrolled up.
  const lastId = ids[ids.length - 1];
  const previousLastId = useRef(lastId);
  useEffect(() => {
    const before = previousLastId.current;
    previousLastId.current = lastId;
    if (before === undefined || lastId === undefined || lastId === before) return;
    const message = getState().messages[conversationId]?.byId.get(lastId);
    if (message?.direction !== 'incoming') return;
    const body = message.body && mentionsShown(message.body, nameSourcesOf(getState(), conversationId));
    setAnnouncement(body ? `New message: ${body.slice(0, 200)}` : 'New message');
    if (!pinnedRef.current) setUnseen((count) => count + 1);
  }, [conversationId, lastId]);

  return (
    <div className="timeline">
      {!loaded ? (
        <div className="timeline__empty" role="status">
          Loading messages…
        </div>
      ) : ids.length === 0 ? (
        <div className="timeline__empty">
          <span className="timeline__wave" aria-hidden="true">
            👋
          </span>
          <span>No messages yet. Say hello!</span>
        </div>
      ) : (
        <VirtualList
          key={conversationId}
          className="timeline__list"
          listLabel="Messages"
          keys={ids}
          heightCache={heightCacheFor(conversationId)}
          estimateHeight={estimate}
          renderRow={renderRow}
          onNearTop={onNearTop}
          onNearBottom={onNearBottom}
          detached={detached}
          onPinnedChange={onPinnedChange}
          handle={listHandle}
          tabIndex={0}
          role="region"
          aria-label="Conversation history"
          aria-describedby={hintId}
        />
      )}
      {loading && loaded && (
        <div className="timeline__loading" role="status">
          Loading earlier messages…
        </div>
      )}
      {!pinned && ids.length > 0 && (
        <button
          type="button"
          className="jump-button"
          aria-label={
            unseen > 0 ? `Jump to the newest message (${unseen} new)` : 'Jump to the newest message'
          }
          title="Jump to the newest message"
          onClick={jumpToNewest}
        >
          <ArrowDownIcon />
          {unseen > 0 && (
            <span className="jump-button__count" aria-hidden="true">
              {unseen}
            </span>
          )}
        </button>
      )}
      <p id={hintId} className="visually-hidden">
        On a message, Up and Down move to the previous and next message, and Enter opens its actions.
      </p>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
