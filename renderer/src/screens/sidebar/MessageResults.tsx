// The "Messages" section of the sidebar's search, below the conversations whose names match: each
// message found with its conversation's name, who wrote it, the text around the match (the matched
// words marked, from data: never markup) and its time. One tab stop for the list (roving tabindex):
// Up, Down, Home and End move between results, Enter opens one at its message.
import { type KeyboardEvent, memo, useId, useState } from 'react';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import type { SearchResultView } from '../../../../shared/contract/views';
import { loadMoreResults, openSearchResult } from '../../store/searchActions';
import { useAppStore } from '../../store/store';
import { conversationTitle, listTime } from '../conversation/format';
import { rovingTarget } from './rovingKeys';

const SearchResultRow = memo(function SearchResultRow({
  result,
  tabStop,
  onFocus,
}: {
  result: SearchResultView;
  tabStop: boolean;
  onFocus: (messageId: number) => void;
}) {
  const title = useAppStore((state) => {
    const conversation = state.conversations[result.conversationId];
    return conversation
      ? conversationTitle(conversation, state.account?.sessionId ?? null)
      : abbreviateSessionId(result.conversationId);
  });
  // In a group or a room, who wrote it; in a chat, only "You" needs saying.
  const author = useAppStore((state) => {
    if (result.direction === 'outgoing') return 'You';
    const conversation = state.conversations[result.conversationId];
    if (!conversation?.group && !conversation?.community) return null;
    const person = state.conversations[result.author];
    return person?.nickname ?? person?.displayName ?? abbreviateSessionId(result.author);
  });
  return (
    <li>
      <button
        type="button"
        className="search-result"
        data-message-id={result.messageId}
        tabIndex={tabStop ? 0 : -1}
        onFocus={() => onFocus(result.messageId)}
        onClick={() => void openSearchResult(result)}
      >
        <span className="search-result__top">
          <bdi className="search-result__name">{title}</bdi>
          <time className="search-result__time" dateTime={new Date(result.sentAt).toISOString()}>
            {listTime(result.sentAt, Date.now())}
          </time>
        </span>
        <span className="search-result__snippet">
          {author !== null && <bdi className="search-result__author">{author}: </bdi>}
          <bdi dir="auto">
            {result.snippet.map((part, index) =>
              part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
            )}
          </bdi>
        </span>
      </button>
    </li>
  );
});

export function MessageResults() {
  const search = useAppStore((state) => state.messageSearch);
  const [focused, setFocused] = useState<number | null>(null);
  const headingId = useId();
  const ids = search.results.map((result) => result.messageId);
  const tabStop = focused !== null && ids.includes(focused) ? focused : ids[0];

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const next = rovingTarget(event.key, ids.indexOf(focused ?? tabStop ?? -1), ids.length);
    if (next === undefined) return;
    event.preventDefault();
    event.currentTarget.querySelector<HTMLElement>(`button[data-message-id="${ids[next]}"]`)?.focus();
  };

  const searching = search.status === 'searching';
  return (
    <section className="message-results" aria-labelledby={headingId}>
      <h2 id={headingId} className="message-results__heading">
        Messages
      </h2>
      {search.status === 'failed' ? (
        <p className="message-results__state message-results__state--failed" role="alert">
          {search.failure}
        </p>
      ) : search.results.length === 0 ? (
        <p className="message-results__state" role="status">
          {searching || search.status === 'idle' ? 'Searching messages…' : 'No messages match.'}
        </p>
      ) : (
        <ul className="message-results__list" aria-labelledby={headingId} onKeyDown={onKeyDown}>
          {search.results.map((result) => (
            <SearchResultRow
              key={result.messageId}
              result={result}
              tabStop={result.messageId === tabStop}
              onFocus={setFocused}
            />
          ))}
        </ul>
      )}
      {search.before && search.results.length > 0 && (
        <button
          type="button"
          className="button button--secondary message-results__more"
          disabled={searching}
          onClick={() => void loadMoreResults()}
        >
          {searching ? 'Loading…' : 'Show more messages'}
        </button>
      )}
    </section>
  );
}
