// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientApi, ClientRequest } from '../../../../shared/contract/clientApi';
import type { ConversationView, SearchResultView } from '../../../../shared/contract/views';
import { ApiError } from '../../api/connection';
import { useConnection } from '../../store/actions';
import { messageView } from '../../store/messageFixture';
import { getState, initialState, setState } from '../../store/store';
import { fakeConnection } from '../settings/fakeConnection';
import { Sidebar } from './Sidebar';

const bob = `05${'b1'.repeat(32)}`;
const carol = `05${'c1'.repeat(32)}`;

function chat(id: string, displayName: string): ConversationView {
  return {
    id,
    state: 'accepted',
    displayName,
    unreadCount: 0,
    lastMessage: { body: 'hi', sentAt: Date.now() - 60_000, direction: 'incoming' },
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted: null,
  };
}

function result(
  messageId: number,
  conversationId: string,
  snippet: SearchResultView['snippet'],
): SearchResultView {
  return {
    messageId,
    conversationId,
    author: conversationId,
    direction: messageId === 2 ? 'outgoing' : 'incoming',
    sentAt: Date.now() - messageId * 60_000,
    snippet,
  };
}

const found = [
  result(1, bob, [
    { text: 'Lunch at <b>', match: false },
    { text: 'Zoë', match: true },
    { text: '’s</b>?', match: false },
  ]),
  result(2, carol, [{ text: 'zoe', match: true }]),
];

const message = (id: number) =>
  messageView(id, {
    conversationId: bob,
    author: bob,
    body: `message ${id}`,
    sentAt: 1_700_000_000_000 + id,
  });

let searches: ClientRequest<'searchMessages'>[];

function connect(methods: Partial<ClientApi> = {}): void {
  useConnection(
    fakeConnection({
      searchMessages: async (request) => {
        searches.push(request);
        return { results: request.query.startsWith('zo') ? found : [], before: null };
      },
      ...methods,
    }),
  );
}

const type = (text: string): void => {
  fireEvent.change(screen.getByRole('searchbox'), { target: { value: text } });
};

beforeEach(() => {
  searches = [];
  setState(
    { ...initialState, conversations: { [bob]: chat(bob, 'Bob'), [carol]: chat(carol, 'Carol') } },
    true,
  );
  connect();
});
afterEach(cleanup);

describe('the sidebar’s message results', () => {
  it('searches once typing pauses, and shows each result with its conversation and the matches marked as text', async () => {
    render(<Sidebar />);
    type('z');
    type('zo');
    type('zoe');
    const messages = await screen.findByRole('list', { name: 'Messages' });
    // One query, the last one typed.
    expect(searches).toEqual([{ query: 'zoe', limit: 20 }]);
    const [first, second] = within(messages).getAllByRole('button');
    expect(first!.textContent).toContain('Bob');
    expect(first!.textContent).toContain('Lunch at <b>Zoë’s</b>?');
    // Marked from data, never parsed as markup.
    expect(first!.querySelector('b')).toBeNull();
    expect([...first!.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['Zoë']);
    expect(second!.textContent).toContain('Carol');
    expect(second!.textContent).toContain('You: zoe');
  });

  it('says when no message matches, and when the search failed, in words', async () => {
    render(<Sidebar />);
    type('nothing');
    expect(await screen.findByText('No messages match.')).toBeDefined();
    connect({
      searchMessages: async () => {
        throw new ApiError('invalidRequest', 'A search holds at most 200 characters.');
      },
    });
    type('nothing at all');
    expect((await screen.findByRole('alert')).textContent).toBe('A search holds at most 200 characters.');
  });

  it('moves between results with the arrows and opens one at its message, loading the history around it', async () => {
    const around = vi.fn(async (_request: ClientRequest<'listMessages'>) => ({
      messages: [message(3), message(1)],
      before: null,
      after: { sentAt: 1_700_000_000_003, id: 3 },
    }));
    connect({
      listMessages: around,
      markRead: async () => chat(bob, 'Bob'),
    });
    render(<Sidebar />);
    type('zo');
    const messages = await screen.findByRole('list', { name: 'Messages' });
    const [first, second] = within(messages).getAllByRole('button');
    // From the search field, Down goes into the results.
    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toContain('Bob');
    act(() => first!.focus());
    fireEvent.keyDown(first!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(first);
    expect(first!.tabIndex).toBe(0);
    expect(second!.tabIndex).toBe(-1);

    fireEvent.click(first!);
    await waitFor(() => expect(getState().selectedConversationId).toBe(bob));
    expect(around).toHaveBeenCalledWith({ conversationId: bob, around: 1, limit: 50 });
    const list = getState().messages[bob]!;
    expect(list.ids).toEqual([1, 3]);
    expect(list.after).toEqual({ sentAt: 1_700_000_000_003, id: 3 });
    expect(getState().scrollTarget).toEqual({ conversationId: bob, messageId: 1 });
    expect(getState().highlightedMessageId).toBe(1);
  });
});
