import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientRequest, ClientResult } from '../../../shared/contract/clientApi';
import type { SearchPage } from '../../../shared/contract/views';
import { fakeConnection } from '../screens/settings/fakeConnection';
import { sendMessage, useConnection } from './actions';
import { messageView } from './messageFixture';
import { windowList } from './messageList';
import { searchDebounceMs, searchMessagesSoon } from './searchActions';
import { getState, initialState, setState } from './store';

const bob = `05${'b'.repeat(64)}`;
const message = (id: number, direction: 'incoming' | 'outgoing' = 'incoming') =>
  messageView(id, { conversationId: bob, author: bob, direction });
const pageOf = (query: string): SearchPage => ({
  results: [
    {
      messageId: 1,
      conversationId: bob,
      author: bob,
      direction: 'incoming',
      sentAt: 1,
      snippet: [{ text: query, match: true }],
    },
  ],
  before: null,
});

beforeEach(() => {
  vi.useFakeTimers();
  setState({ ...initialState }, true);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('searchActions', () => {
  it('drops the answer to a query typed over before it came', async () => {
    const answers = new Map<string, (page: SearchPage) => void>();
    useConnection(
      fakeConnection({
        searchMessages: (request) => new Promise((resolve) => answers.set(request.query, resolve)),
      }),
    );
    searchMessagesSoon('zo');
    await vi.advanceTimersByTimeAsync(searchDebounceMs);
    searchMessagesSoon('zoe');
    await vi.advanceTimersByTimeAsync(searchDebounceMs);
    answers.get('zoe')!(pageOf('zoe'));
    await vi.advanceTimersByTimeAsync(0);
    answers.get('zo')!(pageOf('zo'));
    await vi.advanceTimersByTimeAsync(0);
    expect(getState().messageSearch).toMatchObject({ query: 'zoe', status: 'done' });
    expect(getState().messageSearch.results[0]!.snippet).toEqual([{ text: 'zoe', match: true }]);
    searchMessagesSoon('  ');
    expect(getState().messageSearch).toMatchObject({ query: '', status: 'idle', results: [] });
  });

  it('shows a message sent from a window of older history among the newest, which load instead', async () => {
    const listed: ClientRequest<'listMessages'>[] = [];
    useConnection(
      fakeConnection({
        sendMessage: async () => message(50, 'outgoing'),
        listMessages: async (request): Promise<ClientResult<'listMessages'>> => {
          listed.push(request);
          return { messages: [message(50, 'outgoing'), message(49)], before: null };
        },
      }),
    );
    setState({
      messages: {
        [bob]: windowList({
          messages: [message(3), message(2)],
          before: null,
          after: { sentAt: 3000, id: 3 },
        }),
      },
    });
    expect(await sendMessage(bob, 'hello')).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(listed).toEqual([{ conversationId: bob, limit: 50 }]);
    expect(getState().messages[bob]!.ids).toEqual([49, 50]);
    expect(getState().messages[bob]!.after).toBeNull();
  });
});
