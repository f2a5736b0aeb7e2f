// The conversation list: one button per conversation (avatar, name, a muted sign, last message, time,
// unread count), the open one highlighted. One tab stop for the whole list (roving tabindex): Up, Down,
// Home and End move between rows, Enter opens. Each row subscribes to its own conversation.
import { type KeyboardEvent, memo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isMuteActive } from '../../../../shared/contract/mutes';
import { openConversation, showScreen } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { conversationTitle, listTime, previewText } from '../conversation/format';
import { BellOffIcon } from '../conversation/icons';
import { listedConversationIds } from './conversationFilter';

const ConversationRow = memo(function ConversationRow({
  conversationId,
  selected,
  tabStop,
  onFocus,
}: {
  conversationId: string;
  selected: boolean;
  tabStop: boolean;
  onFocus: (conversationId: string) => void;
}) {
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const typing = useAppStore((state) => state.typing[conversationId] ?? false);
  if (!conversation) return null;
  const unread = conversation.unreadCount;
  const last = conversation.lastMessage;
  const muted = isMuteActive(conversation.muted, Date.now());
  return (
    <li className="conversation-list__item">
      <button
        type="button"
        className={`conversation-row ${selected ? 'conversation-row--selected' : ''} ${unread > 0 ? 'conversation-row--unread' : ''} ${muted ? 'conversation-row--muted' : ''}`}
        data-conversation-id={conversationId}
        tabIndex={tabStop ? 0 : -1}
        aria-current={selected ? 'true' : undefined}
        onFocus={() => onFocus(conversationId)}
        onClick={() => void openConversation(conversationId)}
      >
        <Avatar sessionId={conversation.id} displayName={conversation.displayName} />
        <span className="conversation-row__main">
          <span className="conversation-row__top">
            <span className="conversation-row__name">{conversationTitle(conversation)}</span>
            {muted && (
              <span className="conversation-row__muted" role="img" aria-label="Muted" title="Muted">
                <BellOffIcon size={13} />
              </span>
            )}
            {last && (
              <time className="conversation-row__time" dateTime={new Date(last.sentAt).toISOString()}>
                {listTime(last.sentAt, Date.now())}
              </time>
            )}
          </span>
          <span className="conversation-row__bottom">
            <span
              className={`conversation-row__preview ${typing ? 'conversation-row__preview--typing' : ''} ${last?.body === null ? 'conversation-row__preview--deleted' : ''}`}
            >
              {typing ? 'typing…' : previewText(last)}
            </span>
            {unread > 0 && (
              <span className="badge" aria-hidden="true">
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </span>
        </span>
        {unread > 0 && <span className="visually-hidden">, {unread} unread</span>}
      </button>
    </li>
  );
});

export function ConversationList() {
  const screen = useAppStore((state) => state.screen);
  const requests = screen === 'requests';
  const search = useAppStore((state) => state.search);
  const ids = useAppStore(
    useShallow((state) =>
      listedConversationIds(state.conversations, requests ? 'request' : 'accepted', state.search),
    ),
  );
  const selected = useAppStore((state) => state.selectedConversationId);
  const [focused, setFocused] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const tabStop =
    focused !== null && ids.includes(focused)
      ? focused
      : selected !== null && ids.includes(selected)
        ? selected
        : ids[0];

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const current = ids.indexOf(focused ?? tabStop ?? '');
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = Math.min(current + 1, ids.length - 1);
    else if (event.key === 'ArrowUp') next = Math.max(current - 1, 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = ids.length - 1;
    if (next === undefined || next < 0) return;
    event.preventDefault();
    const id = ids[next]!;
    setFocused(id);
    listRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${id}"]`)?.focus();
  };

  if (ids.length === 0) {
    return (
      <div className="conversation-list conversation-list--empty">
        {search.trim() !== '' ? (
          <p>No conversation matches “{search.trim()}”.</p>
        ) : requests ? (
          <p>No message requests. When someone you have not accepted writes to you, it appears here.</p>
        ) : (
          <>
            <p>No conversations yet.</p>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => showScreen('newConversation')}
            >
              Start a conversation
            </button>
          </>
        )}
      </div>
    );
  }

  return (
    <ul
      ref={listRef}
      className="conversation-list"
      aria-label={requests ? 'Message requests' : 'Chats'}
      onKeyDown={onKeyDown}
    >
      {ids.map((id) => (
        <ConversationRow
          key={id}
          conversationId={id}
          selected={id === selected}
          tabStop={id === tabStop}
          onFocus={setFocused}
        />
      ))}
    </ul>
  );
}
