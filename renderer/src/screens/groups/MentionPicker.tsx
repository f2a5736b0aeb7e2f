// The mention picker: in a group or a community room, typing "@" and a few letters lists the members
// whose name fits (a room's: who posted there, conversationMembers.ts), above the composer. Up and Down move, Enter or Tab choose, Escape closes it (and leaves the text
// as typed); a click chooses too. The field keeps the focus throughout — the list is its popup
// (aria-activedescendant), so a screen reader hears the member the arrows reach.
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { abbreviateSessionId, conversationKindOf } from '../../../../shared/contract/pureHelpers';
import { useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { addDraftMention } from '../conversation/composerStore';
import { insertMention, mentionCandidates, type MentionCandidate, mentionQueryAt } from './mentionText';
import { nameSourcesOf } from './useGroupNames';

export interface MentionPickerState {
  /** Whether this conversation has members to mention (a group, a room). */
  readonly enabled: boolean;
  readonly listId: string;
  readonly candidates: readonly MentionCandidate[];
  readonly active: number;
  /** The id of the member the arrows reached, for the field's aria-activedescendant. */
  readonly activeOptionId: string | undefined;
  readonly optionId: (index: number) => string;
  readonly setActive: (index: number) => void;
  readonly choose: (candidate: MentionCandidate) => void;
  /** Handles the key when the list is open; true when it did (the field must not act on it too). */
  readonly onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
}

/**
 * The picker of a conversation's composer. `onText` writes the new text (and where the caret goes)
 * into the field when a member is chosen. Outside groups and rooms nothing is ever listed.
 */
export function useMentionPicker(
  conversationId: string,
  text: string,
  caret: number,
  onText: (text: string, caret: number) => void,
): MentionPickerState {
  const listId = useId();
  const kind = conversationKindOf(conversationId);
  const enabled = kind === 'group' || kind === 'community';
  const query = enabled ? mentionQueryAt(text, caret) : null;
  /** Where the "@" was when Escape closed the list: it stays closed for that "@". */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);

  const queryText = query?.query ?? null;
  const queryStart = query?.start ?? null;
  const open = queryText !== null && queryStart !== dismissedAt;
  // Read while the list is open only: the store's changes elsewhere never re-render the composer.
  const sources = useAppStore(useShallow((state) => (open ? nameSourcesOf(state, conversationId) : null)));
  const candidates = useMemo(
    () =>
      queryText === null || !sources?.members ? [] : mentionCandidates(sources.members, queryText, sources),
    [queryText, sources],
  );

  // A new query starts at the best match; a finished one forgets that Escape closed it.
  useEffect(() => setActive(0), [queryText, queryStart]);
  useEffect(() => {
    if (queryStart === null) setDismissedAt(null);
  }, [queryStart]);

  const optionId = (index: number): string => `${listId}-${index}`;
  const shownActive = Math.min(active, Math.max(candidates.length - 1, 0));

  const choose = (candidate: MentionCandidate): void => {
    if (!query) return;
    const next = insertMention(text, query, caret, candidate.name);
    addDraftMention(conversationId, `@${candidate.name}`, candidate.sessionId);
    onText(next.text, next.caret);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (candidates.length === 0 || event.nativeEvent.isComposing) return false;
    const chosen = candidates[shownActive];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((shownActive + step + candidates.length) % candidates.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && chosen) {
      choose(chosen);
    } else if (event.key === 'Escape') {
      setDismissedAt(queryStart);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  return {
    enabled,
    listId,
    candidates,
    active: shownActive,
    activeOptionId: candidates.length > 0 ? optionId(shownActive) : undefined,
    optionId,
    setActive,
    choose,
    onKeyDown,
  };
}

/** The names of a group's members, for the picker's rows (its members as the group calls them). */
export function MentionPicker({ picker }: { picker: MentionPickerState }) {
  if (picker.candidates.length === 0) return null;
  return (
    <ul id={picker.listId} className="mention-picker" role="listbox" aria-label="Mention a member">
      {picker.candidates.map((candidate, index) => (
        <li
          key={candidate.sessionId}
          id={picker.optionId(index)}
          role="option"
          aria-selected={index === picker.active}
          className={`mention-picker__option ${index === picker.active ? 'mention-picker__option--active' : ''}`}
          // The field keeps the focus: a click must not blur it before the choice lands.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => picker.choose(candidate)}
          onMouseEnter={() => picker.setActive(index)}
        >
          <Avatar sessionId={candidate.sessionId} displayName={candidate.name} size="small" />
          <span className="mention-picker__name">{candidate.name}</span>
          <span className="mention-picker__id">{abbreviateSessionId(candidate.sessionId)}</span>
        </li>
      ))}
    </ul>
  );
}
