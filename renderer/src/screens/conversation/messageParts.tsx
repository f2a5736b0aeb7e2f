// The parts of a message bubble that have a job of their own: the disappearing timer, the delivery
// state, the quoted message, the reactions (with how many reacted, and who, as far as it is known),
// and the marks of a community post (edited, a whisper).
import { useEffect, useState } from 'react';
import type { MessageView, QuoteView } from '../../../../shared/contract/views';
import { react } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { remainingLabel } from './format';
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon, TimerIcon } from './icons';
import { useMentionsShown } from '../groups/MentionedText';
import { listOfNames, personName } from '../groups/groupText';
import { nameSourcesOf } from '../groups/useGroupNames';
import '../community/community.css';

/** Re-renders as the time left runs down: every second in the last two minutes, else every 30 s. */
export function Expiry({ expiresAt }: { expiresAt: number }) {
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

export function Delivery({ state }: { state: NonNullable<MessageView['state']> }) {
  const { label, Icon } = deliveryStates[state];
  return (
    <span className={`delivery delivery--${state}`} role="img" aria-label={label} title={label}>
      <Icon size={14} />
    </span>
  );
}

export function Quote({
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
      <span className="quote__author">
        <bdi>{authorName}</bdi>
      </span>
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

/** Who reacted, in words: the names the server gave (or that are known here), then how many more. */
function reactorsText(names: readonly string[], count: number, emoji: string): string {
  const more = count - names.length;
  const shown = more > 0 ? [...names, more === 1 ? '1 other' : `${more.toLocaleString('en')} others`] : names;
  return `${listOfNames(shown)} reacted with ${emoji}`;
}

export function Reactions({ message, ownId }: { message: MessageView; ownId: string | null }) {
  const names = useAppStore((state) => {
    const sources = nameSourcesOf(state, message.conversationId);
    // One string per render: the selector's result is compared by value.
    return message.reactions
      .map((reaction) => reaction.authors.map((author) => personName(author, sources)).join('\u0000'))
      .join('\u0001');
  });
  const namesByReaction = names.split('\u0001').map((list) => (list === '' ? [] : list.split('\u0000')));
  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((reaction, position) => {
        const mine = ownId !== null && reaction.authors.includes(ownId);
        const count = Math.max(reaction.count ?? 0, reaction.authors.length);
        const who = reactorsText(namesByReaction[position] ?? [], count, reaction.emoji);
        return (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction ${mine ? 'reaction--mine' : ''}`}
            aria-pressed={mine}
            aria-label={`${reaction.emoji} ${count}${mine ? ', including you' : ''}`}
            title={`${who}. ${mine ? 'Click to remove yours.' : `Click to react with ${reaction.emoji}.`}`}
            disabled={message.unsent}
            onClick={() => void react(message.id, reaction.emoji, mine)}
          >
            <span className="reaction__emoji" aria-hidden="true">
              {reaction.emoji}
            </span>
            <span className="reaction__count" aria-hidden="true">
              {count.toLocaleString('en')}
            </span>
          </button>
        );
      })}
    </div>
  );
}

/** A community post's marks beside its time: edited (with when), a whisper (who can read it). */
export function PostMarks({ message }: { message: MessageView }) {
  const whisperTo = useAppStore((state) =>
    message.whisperTo === undefined
      ? null
      : personName(message.whisperTo, nameSourcesOf(state, message.conversationId)),
  );
  return (
    <>
      {message.whisper && (
        <span className="message__whisper">
          {message.whisper === 'moderators'
            ? whisperTo
              ? `To moderators and ${whisperTo}`
              : 'To moderators'
            : message.whisper === 'you'
              ? 'Whisper to you'
              : `Whisper to ${whisperTo ?? 'one member'}`}
        </span>
      )}
      {message.edited !== undefined && !message.unsent && (
        <span className="message__edited" title={`Edited ${new Date(message.edited).toLocaleString()}`}>
          edited
        </span>
      )}
    </>
  );
}
