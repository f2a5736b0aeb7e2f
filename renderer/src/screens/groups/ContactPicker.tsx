// Choosing people for a group: the person's contacts (accepted one-to-one conversations) with a
// filter box, or a Session ID pasted into it; how many are chosen of how many may be, and once the
// group is full the rest are disabled with the reason (issue 14: at most 10 with you).
import { useId, useMemo, useState } from 'react';
import { maximumGroupMembers } from '../../../../shared/contract/clientApi';
import {
  abbreviateSessionId,
  checkSessionId,
  conversationKindOf,
} from '../../../../shared/contract/pureHelpers';
import { useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { conversationTitle } from '../conversation/format';
import { SearchIcon } from '../conversation/icons';

interface Candidate {
  readonly sessionId: string;
  readonly name: string;
  /** Not a contact: a Session ID typed into the filter. */
  readonly typed: boolean;
}

export function ContactPicker({
  chosen,
  onChange,
  room,
  excluded = [],
}: {
  chosen: readonly string[];
  onChange: (chosen: readonly string[]) => void;
  /** How many people may be chosen at most (9 for a new group; fewer when adding). */
  room: number;
  /** Already in the group: not offered. */
  excluded?: readonly string[];
}) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const countId = useId();
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  const conversations = useAppStore((state) => state.conversations);

  const contacts = useMemo(
    () =>
      Object.values(conversations)
        .filter(
          (conversation) =>
            conversation.state === 'accepted' &&
            conversationKindOf(conversation.id) === 'direct' &&
            conversation.id !== ownSessionId &&
            !excluded.includes(conversation.id),
        )
        .map((conversation) => ({
          sessionId: conversation.id,
          name: conversationTitle(conversation),
          typed: false,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [conversations, ownSessionId, excluded],
  );

  const needle = filter.trim().toLowerCase();
  const typed = checkSessionId(filter);
  const typedCandidate: Candidate | null =
    typed.ok &&
    typed.sessionId !== ownSessionId &&
    !excluded.includes(typed.sessionId) &&
    !contacts.some((contact) => contact.sessionId === typed.sessionId)
      ? { sessionId: typed.sessionId, name: abbreviateSessionId(typed.sessionId), typed: true }
      : null;
  // Someone chosen stays listed while the filter hides the rest, so that they can be unticked.
  const shown: Candidate[] = [
    ...(typedCandidate ? [typedCandidate] : []),
    ...chosen
      .filter((sessionId) => !contacts.some((contact) => contact.sessionId === sessionId))
      .filter((sessionId) => sessionId !== typedCandidate?.sessionId)
      .map((sessionId) => ({ sessionId, name: abbreviateSessionId(sessionId), typed: true })),
    ...contacts.filter(
      (contact) =>
        needle === '' ||
        chosen.includes(contact.sessionId) ||
        contact.name.toLowerCase().includes(needle) ||
        contact.sessionId.includes(needle),
    ),
  ];
  const full = chosen.length >= room;

  const toggle = (sessionId: string, on: boolean): void => {
    if (on && !chosen.includes(sessionId) && !full) onChange([...chosen, sessionId]);
    if (!on) onChange(chosen.filter((chosenId) => chosenId !== sessionId));
  };

  return (
    <div className="contact-picker">
      <div className="contact-picker__filter">
        <SearchIcon />
        <label htmlFor={filterId} className="visually-hidden">
          Find a contact, or paste a Session ID
        </label>
        <input
          id={filterId}
          type="search"
          className="contact-picker__filter-input"
          placeholder="Find a contact, or paste a Session ID"
          value={filter}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={countId}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <p id={countId} className={`contact-picker__count ${full ? 'contact-picker__count--full' : ''}`}>
        {chosen.length} of {room} {room === 1 ? 'person' : 'people'} chosen
        {full && ` · a group holds at most ${maximumGroupMembers}, you included`}
      </p>
      {shown.length === 0 ? (
        <p className="contact-picker__empty">
          {contacts.length === 0 && needle === ''
            ? 'No contacts yet. Paste someone’s Session ID above, or start a conversation with them first.'
            : 'Nobody matches. Paste a whole Session ID to add someone who is not a contact.'}
        </p>
      ) : (
        <ul className="contact-picker__list" aria-label="People">
          {shown.map((candidate) => {
            const checked = chosen.includes(candidate.sessionId);
            const disabled = !checked && full;
            return (
              <li key={candidate.sessionId}>
                <label
                  className={`contact-picker__row ${disabled ? 'contact-picker__row--disabled' : ''}`}
                  title={disabled ? `The group is full: at most ${maximumGroupMembers} people.` : undefined}
                >
                  <input
                    type="checkbox"
                    checked={checked}
                    disabled={disabled}
                    onChange={(event) => toggle(candidate.sessionId, event.target.checked)}
                  />
                  <Avatar
                    sessionId={candidate.sessionId}
                    displayName={candidate.typed ? null : candidate.name}
                    size="small"
                  />
                  <span className="contact-picker__who">
                    <bdi className="contact-picker__name">{candidate.name}</bdi>
                    <span className="contact-picker__id mono">
                      {candidate.typed ? 'Not a contact yet' : abbreviateSessionId(candidate.sessionId)}
                    </span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
