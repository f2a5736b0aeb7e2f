// The sidebar's message search: a query is sent once typing pauses, an answer that comes after a
// newer query is dropped, and choosing a result opens its conversation at the message — loading the
// history around it when it is not loaded (it may lie far back), then marking it for a moment.
import type { SearchResultView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { apiForScreens, attempt, openConversation } from './actions';
import { windowList } from './messageList';
import { getState, idleMessageSearch, setState } from './store';

/** Typing pauses this long before a query goes: one search per word rather than per key. */
export const searchDebounceMs = 250;
const resultsPerPage = 20;
/** A window around a found message: enough to scroll a little either way before more load. */
const windowSize = 50;
/** How long a message found stays marked. */
export const highlightMs = 2_500;

let timer: ReturnType<typeof setTimeout> | undefined;
/** Counts queries, so that an answer to an older one is dropped. */
let latest = 0;
let highlightTimer: ReturnType<typeof setTimeout> | undefined;

function failureText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'The search did not work. Try again.';
}

/** Searches the messages for `query` once typing pauses; an empty query clears the results. */
export function searchMessagesSoon(query: string): void {
  clearTimeout(timer);
  latest += 1;
  if (query.trim() === '') {
    setState({ messageSearch: idleMessageSearch });
    return;
  }
  const asked = latest;
  setState({ messageSearch: { ...getState().messageSearch, status: 'searching', failure: null } });
  timer = setTimeout(() => void searchNow(query, asked), searchDebounceMs);
}

async function searchNow(query: string, asked: number): Promise<void> {
  try {
    const page = await apiForScreens().searchMessages({ query, limit: resultsPerPage });
    if (asked !== latest) return;
    setState({
      messageSearch: { query, results: page.results, before: page.before, status: 'done', failure: null },
    });
  } catch (error) {
    if (asked !== latest) return;
    setState({
      messageSearch: { query, results: [], before: null, status: 'failed', failure: failureText(error) },
    });
  }
}

/** The next page of results for the query shown. */
export async function loadMoreResults(): Promise<void> {
  const shown = getState().messageSearch;
  if (shown.status !== 'done' || !shown.before) return;
  const asked = latest;
  setState({ messageSearch: { ...shown, status: 'searching' } });
  const page = await attempt(() =>
    apiForScreens().searchMessages({ query: shown.query, limit: resultsPerPage, before: shown.before! }),
  );
  if (asked !== latest) return;
  setState({
    messageSearch: page
      ? { ...shown, results: [...shown.results, ...page.results], before: page.before, status: 'done' }
      : { ...shown, status: 'done' },
  });
}

/** Opens a result's conversation scrolled to the message, which is marked for a moment. */
export async function openSearchResult(result: SearchResultView): Promise<void> {
  const { conversationId, messageId } = result;
  const loaded = getState().messages[conversationId];
  if (!loaded?.byId.has(messageId)) {
    const page = await attempt(() =>
      apiForScreens().listMessages({ conversationId, around: messageId, limit: windowSize }),
    );
    if (!page) return;
    setState({ messages: { ...getState().messages, [conversationId]: windowList(page) } });
  }
  clearTimeout(highlightTimer);
  setState({ scrollTarget: { conversationId, messageId }, highlightedMessageId: messageId });
  highlightTimer = setTimeout(() => {
    if (getState().highlightedMessageId === messageId) setState({ highlightedMessageId: null });
  }, highlightMs);
  await openConversation(conversationId);
}
