// One row of the sidebar's lists: a button per conversation (avatar, name, a muted sign, last
// message, time, unread count), the open one highlighted; in the requests list also a checkbox that
// chooses it for a bulk action. Each row subscribes to its own conversation.
import { memo } from 'react';
import { isMuteActive } from '../../../../shared/contract/mutes';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import { openConversation } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { conversationTitle, listTime, previewText } from '../conversation/format';
import { BellOffIcon, PinIcon } from '../conversation/icons';
import { groupPreviewText } from '../groups/groupText';
import { nameSourcesOf } from '../groups/useGroupNames';
import { GlobeIcon } from '../community/communityIcons';

/** The height of a row, fixed by sidebar.css (.conversation-list__item). */
export const conversationRowHeight = 60;

export const ConversationRow = memo(function ConversationRow({
  conversationId,
  top,
  selected,
  tabStop,
  onFocus,
  checked,
  onCheck,
}: {
  conversationId: string;
  /** Where the row sits in the list (px): rows are placed, since only those in view are there. */
  top: number;
  selected: boolean;
  tabStop: boolean;
  onFocus: (conversationId: string) => void;
  /** In the requests list: whether the row is chosen for a bulk action. */
  checked?: boolean;
  onCheck?: (conversationId: string, checked: boolean, range: boolean) => void;
}) {
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const typing = useAppStore((state) => state.typing[conversationId] ?? false);
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  // A group's or a room's line names who wrote (the group's members name them once it was opened);
  // a control line says what happened, in any conversation.
  const groupPreview = useAppStore((state) => {
    const shown = state.conversations[conversationId];
    return shown?.group || shown?.community || shown?.lastMessage?.control
      ? groupPreviewText(shown, nameSourcesOf(state, conversationId))
      : null;
  });
  if (!conversation) return null;
  const title = conversationTitle(conversation, ownSessionId);
  const unread = conversation.unreadCount;
  const last = conversation.lastMessage;
  const muted = isMuteActive(conversation.muted, Date.now());
  return (
    <li className="conversation-list__item" style={{ transform: `translateY(${top}px)` }}>
      {onCheck && (
        <input
          type="checkbox"
          className="conversation-row__check"
          aria-label={`Select ${title}`}
          checked={checked ?? false}
          tabIndex={-1}
          // The click (also made by Space) carries shift, for a range; the change follows from it.
          onClick={(event) => onCheck(conversationId, event.currentTarget.checked, event.shiftKey)}
          onChange={() => undefined}
        />
      )}
      <button
        type="button"
        className={`conversation-row ${selected ? 'conversation-row--selected' : ''} ${unread > 0 || conversation.markedUnread ? 'conversation-row--unread' : ''} ${muted ? 'conversation-row--muted' : ''}`}
        data-conversation-id={conversationId}
        tabIndex={tabStop ? 0 : -1}
        aria-current={selected ? 'true' : undefined}
        onFocus={() => onFocus(conversationId)}
        onClick={() => void openConversation(conversationId)}
      >
        <Avatar
          sessionId={conversation.id}
          displayName={conversation.nickname ?? conversation.displayName}
          noteToSelf={conversation.id === ownSessionId}
        />
        <span className="conversation-row__main">
          <span className="conversation-row__top">
            <bdi className="conversation-row__name">{title}</bdi>
            {/* A community member by their blinded ID (§6.6): the room they wrote from, on the name's
                line so that the preview keeps its width. Their 15… ID is read out and in the title;
                the header shows it (it tells nobody apart at a glance in a list). */}
            {conversation.blinded && (
              <span
                className="conversation-row__via"
                title={`Community member ${conversation.blinded.blindedId}, from ${conversation.blinded.community}`}
              >
                <GlobeIcon size={12} />
                <span className="visually-hidden">
                  Community member {abbreviateSessionId(conversation.blinded.blindedId)}, from{' '}
                </span>
                <bdi className="conversation-row__via-room">{conversation.blinded.community}</bdi>
              </span>
            )}
            {conversation.pinned && (
              <span className="conversation-row__muted" role="img" aria-label="Pinned" title="Pinned">
                <PinIcon size={13} />
              </span>
            )}
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
            {/* Their text sets its own direction (right-to-left or not), #17 item 2. */}
            <span
              dir="auto"
              className={`conversation-row__preview ${typing ? 'conversation-row__preview--typing' : ''} ${last?.body === null ? 'conversation-row__preview--deleted' : ''}`}
            >
              {typing ? 'typing…' : (groupPreview ?? previewText(last))}
            </span>
            {/* On the preview's line, so that a narrow sidebar still shows the name. */}
            {conversation.state === 'blocked' && <span className="conversation-row__blocked">Blocked</span>}
            {unread > 0 && (
              <span className="badge" aria-hidden="true">
                {unread > 99 ? '99+' : unread}
              </span>
            )}
            {unread === 0 && conversation.markedUnread && (
              <span className="badge badge--dot" aria-hidden="true" title="Marked unread" />
            )}
          </span>
        </span>
        {unread > 0 && <span className="visually-hidden">, {unread} unread</span>}
        {unread === 0 && conversation.markedUnread && (
          <span className="visually-hidden">, marked unread</span>
        )}
      </button>
    </li>
  );
});
