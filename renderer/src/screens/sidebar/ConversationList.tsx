// The sidebar's list of chats or of message requests. Only the rows in view are rendered (a flood
// can leave 10,000 requests), placed in a list as tall as all of them. One tab stop for the whole
// list (roving tabindex): Up, Down, Home and End move between rows, Enter opens. In the requests
// list, rows can be chosen (a click, shift for a range, or all) for a bulk decline or block.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/store';
import { listedConversationIds } from './conversationFilter';
import { conversationRowHeight, ConversationRow } from './ConversationRow';
import { RequestToolbar } from './RequestToolbar';
import { rovingTarget } from './rovingKeys';
import { useRequestSelection } from './requestSelection';
import { useRowWindow } from './useRowWindow';

export function ConversationList() {
  const screen = useAppStore((state) => state.screen);
  const requests = screen === 'requests';
  const search = useAppStore((state) => state.search);
  const ids = useAppStore(
    useShallow((state) =>
      listedConversationIds(
        state.conversations,
        requests ? 'request' : 'accepted',
        state.search,
        state.selectedConversationId,
      ),
    ),
  );
  const selected = useAppStore((state) => state.selectedConversationId);
  const [focused, setFocused] = useState<string | null>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const rows = useRowWindow(scrollerRef, ids.length, conversationRowHeight);
  const selection = useRequestSelection(ids);
  // A row brought into view by the keyboard gets the focus once it is rendered.
  const [focusPending, setFocusPending] = useState(false);

  const tabStop =
    focused !== null && ids.includes(focused)
      ? focused
      : selected !== null && ids.includes(selected)
        ? selected
        : ids[0];

  useEffect(() => {
    if (!focusPending || focused === null) return;
    const row = scrollerRef.current?.querySelector<HTMLElement>(`button[data-conversation-id="${focused}"]`);
    if (row) {
      row.focus();
      setFocusPending(false);
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const next = rovingTarget(event.key, ids.indexOf(focused ?? tabStop ?? ''), ids.length);
    if (next === undefined) return;
    event.preventDefault();
    setFocused(ids[next]!);
    rows.reveal(next);
    setFocusPending(true);
  };

  if (ids.length === 0) {
    return (
      <div className="conversation-list conversation-list--empty">
        {search.trim() !== '' ? (
          <p>No conversation matches “{search.trim()}”.</p>
        ) : requests ? (
          <p>No message requests. When someone you have not accepted writes to you, it appears here.</p>
        ) : (
          // The pane beside says what to do (one empty state, #17 item 13); here only where chats go.
          <p>Your chats will be listed here.</p>
        )}
      </div>
    );
  }

  const visible = ids.slice(rows.first, rows.end);
  return (
    <>
      {requests && <RequestToolbar ids={ids} selection={selection} />}
      <div ref={scrollerRef} className="conversation-list">
        <ul
          className="conversation-list__rows"
          style={{ height: rows.totalHeight }}
          aria-label={requests ? 'Message requests' : 'Chats'}
          onKeyDown={onKeyDown}
        >
          {visible.map((id, offset) => (
            <ConversationRow
              key={id}
              conversationId={id}
              top={(rows.first + offset) * conversationRowHeight}
              selected={id === selected}
              tabStop={id === tabStop}
              onFocus={setFocused}
              {...(requests ? { checked: selection.chosen.has(id), onCheck: selection.choose } : {})}
            />
          ))}
        </ul>
      </div>
    </>
  );
}
