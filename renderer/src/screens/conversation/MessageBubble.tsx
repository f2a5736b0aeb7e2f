// One message: outgoing on the right in the accent colour, incoming on the left; its quote, body
// (line breaks kept, links as plain text: no previews, they would leak the IP), time, delivery
// state, disappearing timer, reactions, and its actions (hover, focus, right click or keyboard).
// It subscribes to its own message only, so a change re-renders one bubble.
import { memo, type KeyboardEvent, type MouseEvent, useRef, useState } from 'react';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import { copyToClipboard, deleteMessage, react, retryMessage } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { openImage } from '../../store/attachmentActions';
import { MessageAttachments } from './attachments/MessageAttachments';
import { setActiveMessage, setReply, useComposerStore } from './composerStore';
import { ConfirmDialog } from './ConfirmDialog';
import { reactionEmoji } from './emoji';
import { EmojiPickerPopup } from './emojiPicker/EmojiPickerPopup';
import { recordEmojiPick } from '../../store/emojiActions';
import { clockTime, conversationTitle, isEmojiOnly } from './format';
import {
  AlertIcon,
  CopyIcon,
  MoreIcon,
  ReplyIcon,
  RetryIcon,
  SmileIcon,
  SmilePlusIcon,
  TrashIcon,
} from './icons';
import { Delivery, Expiry, PostMarks, Quote, Reactions } from './messageParts';
import { useCommunityMessageActions } from '../community/CommunityMessageActions';
import { type MenuItem, MenuButton } from './Menu';
import { MentionedText } from '../groups/MentionedText';
import { mentionsShown, personName } from '../groups/groupText';
import { nameSourcesOf, usePersonName } from '../groups/useGroupNames';

type Confirmation = 'deleteForMe' | 'deleteForEveryone' | null;

/** Without hover (a touch screen) every message shows its actions, as the stylesheet says. */
const withoutHover = typeof matchMedia === 'function' && matchMedia('(hover: none)').matches;

/** Moves the focus to the previous or next message of the list (Up and Down on a bubble). */
function focusNeighbour(from: HTMLElement, direction: -1 | 1): void {
  let row = from.closest('.virtual-list__row');
  while (row) {
    row = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
    const bubble = row?.querySelector<HTMLElement>('.message__bubble');
    if (bubble) {
      bubble.focus();
      return;
    }
  }
}

export const MessageBubble = memo(function MessageBubble({
  conversationId,
  messageId,
  grouped = false,
  isLast = false,
  showSender = false,
}: {
  conversationId: string;
  messageId: number;
  /** Follows a message of the same side within minutes: less space, no repeated tail. */
  grouped?: boolean;
  /** The newest message: the list's tab stop until another message was focused. */
  isLast?: boolean;
  /** In a group, above the first of a run of someone else's messages: who wrote it. */
  showSender?: boolean;
}) {
  const message = useAppStore((state) => state.messages[conversationId]?.byId.get(messageId));
  const ownId = useAppStore((state) => state.account?.sessionId ?? null);
  // Just jumped to from a search result: marked for a moment (searchActions.ts).
  const highlighted = useAppStore((state) => state.highlightedMessageId === messageId);
  const peerName = useAppStore((state) => {
    const conversation = state.conversations[conversationId];
    return conversation
      ? conversationTitle(conversation, state.account?.sessionId ?? null)
      : abbreviateSessionId(conversationId);
  });
  const kind = useAppStore((state) => {
    const conversation = state.conversations[conversationId];
    return conversation?.group ? 'group' : conversation?.community ? 'community' : 'person';
  });
  /** Several people write here: each message says who wrote it. */
  const inGroup = kind !== 'person';
  // An admin of a group we are still in, or a room's moderator, may delete anyone's message for
  // everyone (DELETE_CONTENT; a room's moderators delete on its server).
  const moderates = useAppStore((state) => {
    const conversation = state.conversations[conversationId];
    const group = conversation?.group;
    return (
      (group?.admin === true && group.status === 'member') || conversation?.community?.moderator === true
    );
  });
  // A room's member may be known only by the name they posted with (and a 15… ID).
  const authorName = useAppStore((state) =>
    message === undefined
      ? ''
      : personName(message.author, nameSourcesOf(state, conversationId), message.authorName),
  );
  const quoteAuthorName = usePersonName(conversationId, message?.quote?.author);
  const tabStop = useComposerStore((state) => {
    const active = state.activeMessages[conversationId];
    return active === undefined ? isLast : active === messageId;
  });
  const [menuOpen, setMenuOpen] = useState(false);
  /** The full emoji picker, opened by "More reactions". */
  const [pickerOpen, setPickerOpen] = useState(false);
  const bubbleRef = useRef<HTMLElement>(null);
  const [confirmation, setConfirmation] = useState<Confirmation>(null);
  // The action buttons are hidden until the message is hovered or focused, so they are rendered
  // from then on only: a list scrolled through fast mounts some twenty rows a frame, and the buttons
  // and their icons were most of each row's elements. The menu opened by a right click or Enter
  // renders them too.
  const [actionsWanted, setActionsWanted] = useState(withoutHover);
  const showActions = (): void => setActionsWanted(true);
  const community = useCommunityMessageActions(message, authorName);
  if (!message) return null;

  const outgoing = message.direction === 'outgoing';
  const mineFor = (emoji: string): boolean =>
    ownId !== null &&
    message.reactions.some((reaction) => reaction.emoji === emoji && reaction.authors.includes(ownId));
  const body = message.unsent ? null : message.body;

  /** Our reaction with `emoji` added, or taken back when it is there (as a reaction's pill does). */
  const toggleReaction = (emoji: string): void => {
    const remove = mineFor(emoji);
    if (!remove) void recordEmojiPick(emoji);
    void react(message.id, emoji, remove);
  };
  const reactionItems: MenuItem[] = message.unsent
    ? []
    : [
        ...reactionEmoji.map(({ emoji, name }) => ({
          key: emoji,
          label: mineFor(emoji) ? `Remove ${name}` : `React with ${name}`,
          content: <span className="menu__emoji">{emoji}</span>,
          onSelect: () => toggleReaction(emoji),
        })),
        {
          key: 'more',
          label: 'More reactions',
          content: <SmilePlusIcon size={20} />,
          onSelect: () => setPickerOpen(true),
        },
      ];
  const moreItems: MenuItem[] = [];
  if (!message.unsent) {
    moreItems.push({
      key: 'reply',
      label: 'Reply',
      icon: <ReplyIcon size={16} />,
      onSelect: () => setReply(conversationId, message.id),
    });
  }
  if (body !== null && body !== '') {
    moreItems.push({
      key: 'copy',
      label: 'Copy text',
      icon: <CopyIcon size={16} />,
      // What was read is what is copied: mentions by name, not by Session ID.
      onSelect: () =>
        void copyToClipboard(
          mentionsShown(body, nameSourcesOf(useAppStore.getState(), conversationId)),
          'Message copied.',
        ),
    });
  }
  if (message.state === 'failed') {
    moreItems.push({
      key: 'retry',
      label: 'Retry sending',
      icon: <RetryIcon size={16} />,
      onSelect: () => void retryMessage(message.id),
    });
  }
  moreItems.push(...community.items);
  moreItems.push({
    key: 'deleteForMe',
    label: 'Delete for me',
    icon: <TrashIcon size={16} />,
    danger: true,
    onSelect: () => setConfirmation('deleteForMe'),
  });
  if ((outgoing || moderates) && !message.unsent) {
    moreItems.push({
      key: 'deleteForEveryone',
      label: 'Delete for everyone',
      icon: <TrashIcon size={16} />,
      danger: true,
      onSelect: () => setConfirmation('deleteForEveryone'),
    });
  }

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      setMenuOpen(true);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      focusNeighbour(event.currentTarget, event.key === 'ArrowUp' ? -1 : 1);
    }
  };

  const onContextMenu = (event: MouseEvent): void => {
    // Text being selected keeps the browser's own menu (to copy a part of a message).
    if (window.getSelection()?.toString()) return;
    event.preventDefault();
    setMenuOpen(true);
  };

  const time = clockTime(message.sentAt);
  const quoteAuthor = message.quote
    ? inGroup
      ? quoteAuthorName
      : message.quote.author === ownId
        ? 'You'
        : message.quote.author === conversationId
          ? peerName
          : abbreviateSessionId(message.quote.author)
    : '';

  return (
    <div
      className={`message message--${message.direction} ${grouped ? 'message--grouped' : ''} ${menuOpen || pickerOpen ? 'message--active' : ''} ${message.whisper ? 'message--whisper' : ''} ${highlighted ? 'message--found' : ''}`}
      onContextMenu={onContextMenu}
      onPointerEnter={showActions}
      onFocus={showActions}
    >
      <div className="message__stack">
        {showSender && !outgoing && (
          <span className="message__sender" aria-hidden="true">
            <bdi>{authorName}</bdi>
          </span>
        )}
        <article
          ref={bubbleRef}
          className={`message__bubble ${body !== null && isEmojiOnly(body) ? 'message__bubble--emoji' : ''}`}
          tabIndex={tabStop ? 0 : -1}
          onKeyDown={onKeyDown}
          onFocus={() => setActiveMessage(conversationId, message.id)}
        >
          <span className="visually-hidden">{outgoing ? 'You' : inGroup ? authorName : peerName}: </span>
          {message.quote && (
            <Quote conversationId={conversationId} quote={message.quote} authorName={quoteAuthor} />
          )}
          {!message.unsent && message.attachments.length > 0 && (
            <MessageAttachments message={message} onOpenImage={(id) => openImage(conversationId, id)} />
          )}
          {message.unsent ? (
            <p className="message__body message__body--deleted">This message was deleted</p>
          ) : (
            body !== '' && (
              <p className="message__body" dir="auto">
                {body !== null && <MentionedText conversationId={conversationId} text={body} />}
              </p>
            )
          )}
          <span className="message__meta">
            <PostMarks message={message} />
            {message.expiresAt !== null && <Expiry expiresAt={message.expiresAt} />}
            <time
              dateTime={new Date(message.sentAt).toISOString()}
              title={new Date(message.sentAt).toLocaleString()}
            >
              {time}
            </time>
            {outgoing && message.state && <Delivery state={message.state} />}
          </span>
        </article>
        {message.reactions.length > 0 && <Reactions message={message} ownId={ownId} />}
        {message.state === 'failed' && (
          <div className="message__failure">
            <AlertIcon size={14} />
            <span title={message.failure ?? undefined}>Failed to send</span>
            <button type="button" className="link-button" onClick={() => void retryMessage(message.id)}>
              Retry
            </button>
          </div>
        )}
      </div>
      {(actionsWanted || menuOpen || pickerOpen) && (
        <div className="message__actions">
          {!message.unsent && (
            <MenuButton
              label="React"
              className="icon-button message__action"
              columns={7}
              align={outgoing ? 'end' : 'start'}
              tabIndex={-1}
              sections={[{ items: reactionItems }]}
            >
              <SmileIcon size={16} />
            </MenuButton>
          )}
          {!message.unsent && (
            <button
              type="button"
              className="icon-button message__action"
              aria-label="Reply"
              title="Reply"
              tabIndex={-1}
              onClick={() => setReply(conversationId, message.id)}
            >
              <ReplyIcon size={16} />
            </button>
          )}
          <MenuButton
            label="More actions"
            className="icon-button message__action"
            align={outgoing ? 'end' : 'start'}
            open={menuOpen}
            onOpenChange={setMenuOpen}
            tabIndex={-1}
            returnFocus={bubbleRef}
            sections={
              reactionItems.length > 0
                ? [{ label: 'React', inline: true, items: reactionItems }, { items: moreItems }]
                : [{ items: moreItems }]
            }
          >
            <MoreIcon size={16} />
          </MenuButton>
        </div>
      )}
      {pickerOpen && bubbleRef.current && (
        <EmojiPickerPopup
          anchor={bubbleRef.current}
          label="More reactions"
          align={outgoing ? 'end' : 'start'}
          onPick={(emoji) => {
            const remove = mineFor(emoji);
            void react(message.id, emoji, remove);
          }}
          onClose={(restoreFocus) => {
            setPickerOpen(false);
            if (restoreFocus) bubbleRef.current?.focus();
          }}
        />
      )}
      {community.dialog}
      {confirmation && (
        <ConfirmDialog
          title={confirmation === 'deleteForEveryone' ? 'Delete for everyone?' : 'Delete for you?'}
          confirmLabel="Delete"
          onCancel={() => setConfirmation(null)}
          onConfirm={() => {
            setConfirmation(null);
            void deleteMessage(message.id, confirmation === 'deleteForEveryone');
          }}
        >
          {confirmation === 'deleteForEveryone'
            ? kind === 'community'
              ? 'The message is deleted here and on the room’s server, for everyone. They may already have read it.'
              : inGroup
                ? 'The message is deleted here and for everyone in the group. They may already have read it.'
                : `The message is deleted here and on ${peerName}'s devices. They may already have read it.`
            : 'The message is deleted from this device only.'}
        </ConfirmDialog>
      )}
    </div>
  );
});
