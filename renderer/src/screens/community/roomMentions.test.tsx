// @vitest-environment happy-dom
// Mentions in a community room, as in a group: "@" offers the room's members seen so far (who posted
// there, by the name of their latest post and the ID they post with), a chosen one is sent as "@15…",
// and a message's mentions show by name, one of us (by our blinded ID in the room, or our Session ID)
// as "@You", marked.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { ConversationView, MessageView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { messageView } from '../../store/messageFixture';
import { emptyMessageList, upsertMessages } from '../../store/messageList';
import { initialState, setState } from '../../store/store';
import { ConversationPane } from '../conversation/ConversationPane';
import { fakeConnection } from '../settings/fakeConnection';
import { roomConversation, roomId } from './roomFixture';

const me = `05${'a0'.repeat(32)}`;
const meInRoom = `15${'a1'.repeat(32)}`;
const bob = `15${'b1'.repeat(32)}`;
const carol = `05${'c1'.repeat(32)}`;
const dan = `15${'d1'.repeat(32)}`;
const room = (): ConversationView => roomConversation({ ownId: meInRoom });

function post(id: number, author: string, change: Partial<MessageView> = {}): MessageView {
  return messageView(id, {
    conversationId: roomId,
    author,
    sentAt: 1_700_000_000_000 + id * 60_000,
    receivedAt: 1_700_000_000_000 + id * 60_000,
    serverId: 100 + id,
    ...change,
  });
}

let sendMessage: Mock<ClientApi['sendMessage']>;

function openRoom(messages: MessageView[]): void {
  setState(
    {
      ...initialState,
      account: { sessionId: me, displayName: 'Me' },
      connection: 'open',
      conversations: { [roomId]: room() },
      selectedConversationId: roomId,
      messages: {
        [roomId]: upsertMessages({ ...emptyMessageList(), loaded: true, complete: true }, messages),
      },
    },
    true,
  );
  sendMessage = vi.fn<ClientApi['sendMessage']>(async ({ text }) =>
    post(99, me, { direction: 'outgoing', body: text, state: 'sent' }),
  );
  useConnection(
    fakeConnection({
      sendMessage,
      setTyping: async () => ({ sent: true }),
      getConversation: async () => room(),
      listMessages: async () => ({ messages: [], before: null }),
      markRead: async () => room(),
    }),
  );
  render(<ConversationPane />);
}

beforeEach(() => setState(initialState, true));
afterEach(cleanup);

describe('mentions in a community room', () => {
  const history = [
    post(1, bob, { authorName: 'Robert', body: 'hello' }),
    post(2, carol, { authorName: 'Carol', body: 'hi all' }),
    // Bob renamed himself since: his latest post names him.
    post(3, bob, { authorName: 'Bob', body: 'I go by Bob now' }),
    // Our own post, from this device and from another one (by our blinded ID): never offered.
    post(4, me, { direction: 'outgoing', body: 'welcome', state: 'sent' }),
    post(5, meInRoom, { authorName: 'Me', body: 'from my phone' }),
    post(6, dan, { body: 'no name given' }),
  ];

  it('offers the members who posted, by their latest name, and sends the chosen one by the ID they post with', async () => {
    openRoom(history);
    const field = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message to Lobby' });
    expect(field.getAttribute('aria-autocomplete')).toBe('list');
    fireEvent.change(field, { target: { value: 'hey @' } });
    const picker = screen.getByRole('listbox', { name: 'Mention a member' });
    const options = within(picker)
      .getAllByRole('option')
      .map((option) => option.textContent);
    // In order of what they are called (the nameless by their short ID); neither of our IDs is there.
    expect(options).toEqual([
      expect.stringMatching(/^115d1d1…d1d1/u),
      expect.stringMatching(/^BBob15b1/u),
      expect.stringMatching(/^CCarol05c1/u),
    ]);
    expect(options.join(' ')).not.toMatch(/Robert|Me|15a1|05a0/u);

    fireEvent.change(field, { target: { value: 'hey @bo' } });
    expect(within(picker).getAllByRole('option')).toHaveLength(1);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(field.value).toBe('hey @Bob ');
    fireEvent.change(field, { target: { value: 'hey @Bob and @ca' } });
    fireEvent.keyDown(field, { key: 'Tab' });
    expect(field.value).toBe('hey @Bob and @Carol ');
    fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() =>
      expect(sendMessage).toHaveBeenCalledWith({ conversationId: roomId, text: `hey @${bob} and @${carol}` }),
    );
  });

  it('shows mentions by name; one of our blinded ID or our Session ID as "@You", marked', () => {
    openRoom([
      ...history,
      post(7, carol, { authorName: 'Carol', body: `@${meInRoom} and @${bob}, lunch?` }),
      post(8, dan, { body: `@${me} too` }),
    ]);
    const youInRoom = screen.getAllByText('@You');
    expect(youInRoom).toHaveLength(2);
    for (const you of youInRoom) expect(you.className).toMatch(/mention--you/u);
    expect(youInRoom[0]?.parentElement?.textContent).toBe('@You and @Bob, lunch?');
    const named = screen.getByText('@Bob');
    expect(named.className).toMatch(/^mention /u);
    expect(named.className).not.toMatch(/mention--you/u);
  });
});
