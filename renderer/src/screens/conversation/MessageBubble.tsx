// One message: outgoing on the right in the accent colour, incoming on the left; its quote, body
// (line breaks kept, links as plain text: no previews, they would leak the IP), time, delivery
// state, disappearing timer, reactions, and its actions (hover, focus, right click or keyboard).
// It subscribes to its own message only, so a change re-renders one bubble.
import { memo, type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from 'react';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import type { MessageView, QuoteView } from '../../../../shared/contract/views';
import { copyToClipboard, deleteMessage, react, retryMessage } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { openImage } from '../../store/attachmentActions';
import { MessageAttachments } from './attachments/MessageAttachments';
import { setActiveMessage, setReply, useComposerStore } from './composerStore';
import { ConfirmDialog } from './ConfirmDialog';
import { reactionEmoji } from './emoji';
import { clockTime, conversationTitle, isEmojiOnly, remainingLabel } from './format';
import {
  AlertIcon,
  CheckIcon,
  ClockIcon,
  CopyIcon,
  DoubleCheckIcon,
  MoreIcon,
  ReplyIcon,
  RetryIcon,
  SmileIcon,
  TimerIcon,
  TrashIcon,
} from './icons';
import { type MenuItem, MenuButton } from './Menu';
import { MentionedText, useMentionsShown } from '../groups/MentionedText';
import { mentionsShown } from '../groups/groupText';
import { nameSourcesOf, usePersonName } from '../groups/useGroupNames';

/** Re-renders as the time left runs down: every second in the last two minutes, else every 30 s. */
function Expiry({ expiresAt }: { expiresAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  const left = expiresAt - now;
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), left <= 120_000 ? 1_000 : 30_000);
    return () => clearTimeout(timer);
  }, [left]);
  const label = remainingLabel(left);
  return (
    <span className="message__timer" title={`Disappears in ${label}`}>
      <TimerIcon size={12} />
      <span aria-hidden="true">{label}</span>
      <span className="visually-hidden">Disappears in {label}.</span>
    </span>
  );
}

const deliveryStates = {
  sending: { label: 'Sending', Icon: ClockIcon },
  sent: { label: 'Sent', Icon: CheckIcon },
  read: { label: 'Read', Icon: DoubleCheckIcon },
  failed: { label: 'Failed to send', Icon: AlertIcon },
} as const;

function Delivery({ state }: { state: NonNullable<MessageView['state']> }) {
  const { label, Icon } = deliveryStates[state];
  return (
    <span className={`delivery delivery--${state}`} role="img" aria-label={label} title={label}>
      <Icon size={14} />
    </span>
  );
}

function Quote({
  conversationId,
  quote,
  authorName,
}: {
  conversationId: string;
  quote: QuoteView;
  authorName: string;
}) {
  const body = useMentionsShown(conversationId, quote.body);
  return (
    <blockquote className="quote">
      <span className="quote__author">{authorName}</span>
      {body === null ? (
        <span className="quote__body quote__body--missing">Original message not found</span>
      ) : (
        <span className="quote__body" dir="auto">
          {body}
        </span>
      )}
    </blockquote>
  );
}

function Reactions({ message, ownId }: { message: MessageView; ownId: string | null }) {
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((reaction) => {
        const mine = ownId !== null && reaction.authors.includes(ownId);
        const count = reaction.authors.length;
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction ${mine ? 'reaction--mine' : ''}`}
            aria-pressed={mine}
            aria-label={`${reaction.emoji} ${count}${mine ? ', including you' : ''}`}
            title={mine ? 'Remove your reaction' : `React with ${reaction.emoji}`}
            disabled={message.unsent}
            onClick={() => void react(message.id, reaction.emoji, mine)}
          >
            <span className="reaction__emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction__count" aria-hidden="true">
              {count}
            </span>
          </button>
        );
      })}
    </div>
  );
}

type Confirmation = 'deleteForMe' | 'deleteForEveryone' | null;

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
  const peerName = useAppStore((state) => {
    const conversation = state.conversations[conversationId];
    return conversation
      ? conversationTitle(conversation, state.account?.sessionId ?? null)
      : abbreviateSessionId(conversationId);
  });
  const inGroup = useAppStore((state) => state.conversations[conversationId]?.group !== undefined);
  // An admin of a group we are still in may delete anyone's message for everyone (DELETE_CONTENT).
  const groupAdmin = useAppStore((state) => {
    const group = state.conversations[conversationId]?.group;
    return group?.admin === true && group.status === 'member';
  });
  const authorName = usePersonName(conversationId, message?.author);
  const quoteAuthorName = usePersonName(conversationId, message?.quote?.author);
  const tabStop = useComposerStore((state) => {
    const active = state.activeMessages[conversationId];
    return active === undefined ? isLast : active === messageId;
  });
  const [menuOpen, setMenuOpen] = useState(false);
  const bubbleRef = useRef<HTMLElement>(null);
  const [confirmation, setConfirmation] = useState<Confirmation>(null);
  if (!message) return null;

  const outgoing = message.direction === 'outgoing';
  const mineFor = (emoji: string): boolean =>
    ownId !== null &&
    message.reactions.some((reaction) => reaction.emoji === emoji && reaction.authors.includes(ownId));
  const body = message.unsent ? null : message.body;

  const reactionItems: MenuItem[] = message.unsent
    ? []
    : reactionEmoji.map(({ emoji, name }) => ({
        key: emoji,
        label: mineFor(emoji) ? `Remove ${name}` : `React with ${name}`,
        content: <span className="menu__emoji">{emoji}</span>,
        onSelect: () => void react(message.id, emoji, mineFor(emoji)),
      }));
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
  moreItems.push({
    key: 'deleteForMe',
    label: 'Delete for me',
    icon: <TrashIcon size={16} />,
    danger: true,
    onSelect: () => setConfirmation('deleteForMe'),
  });
  if ((outgoing || groupAdmin) && !message.unsent) {
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
      className={`message message--${message.direction} ${grouped ? 'message--grouped' : ''} ${menuOpen ? 'message--active' : ''}`}
      onContextMenu={onContextMenu}
    >
      <div className="message__stack">
        {showSender && !outgoing && (
          <span className="message__sender" aria-hidden="true">
            {authorName}
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
      <div className="message__actions">
        {!message.unsent && (
          <MenuButton
            label="React"
            className="icon-button message__action"
            columns={6}
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
            ? inGroup
              ? 'The message is deleted here and for everyone in the group. They may already have read it.'
              : `The message is deleted here and on ${peerName}'s devices. They may already have read it.`
            : 'The message is deleted from this device only.'}
        </ConfirmDialog>
      )}
    </div>
  );
});
