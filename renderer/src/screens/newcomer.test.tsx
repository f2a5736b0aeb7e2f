// @vitest-environment happy-dom
// Issue #17's rough edges on the main screen, as a newcomer meets them.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, NetworkView } from '../../../shared/contract/views';
import { abbreviateSessionId } from '../../../shared/contract/pureHelpers';
import { useConnection } from '../store/actions';
import { getState, initialState, setState } from '../store/store';
import { ConversationHeader } from './conversation/ConversationHeader';
import { MainScreen } from './MainScreen';
import { fakeConnection } from './settings/fakeConnection';

const own = `05${'0e'.repeat(32)}`;
const stranger = `05${'5a'.repeat(32)}`;
const named = `05${'b0'.repeat(32)}`;
const network: NetworkView = {
  network: 'devnet',
  connected: true,
  paths: [],
  hardfork: '19.4',
  updateRequired: false,
};

function conversation(
  id: string,
  displayName: string | null,
  state: ConversationView['state'],
): ConversationView {
  return {
    id,
    state,
    displayName,
    unreadCount: 0,
    lastMessage: null,
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted: null,
  };
}

function showMain(conversations: readonly ConversationView[]): void {
  setState(
    {
      ...initialState,
      account: { sessionId: own, displayName: 'Ana' },
      startup: { state: 'ready', account: null, network: 'devnet' },
      connection: 'open',
      network,
      conversations: Object.fromEntries(conversations.map((each) => [each.id, each])),
    },
    true,
  );
}

beforeEach(() => {
  useConnection(
    fakeConnection({
      getNetworkStatus: async () => network,
      getSettings: async () => ({
        readReceipts: true,
        typingIndicators: true,
        notifications: 'nameAndMessage',
        communityMessageRequests: true,
      }),
      listMessages: async () => ({ messages: [], hasMore: false }) as never,
      markRead: async () => undefined as never,
    }),
  );
});
afterEach(cleanup);

describe('the header of an unnamed contact (item 12)', () => {
  it('shows the shortened Session ID once, not as title and again beside it', () => {
    showMain([conversation(stranger, null, 'accepted')]);
    render(<ConversationHeader conversation={getState().conversations[stranger]!} />);
    const header = screen.getByRole('banner');
    const short = abbreviateSessionId(stranger);
    expect(within(header).getByRole('heading', { name: short })).toBeTruthy();
    expect(header.textContent!.split(short)).toHaveLength(2);
    expect(within(header).getByText('No display name')).toBeTruthy();
    expect(within(header).getByRole('button', { name: 'Copy Session ID' })).toBeTruthy();
  });

  it('still shows a named contact’s shortened ID beside the name', () => {
    showMain([conversation(named, 'Bob', 'accepted')]);
    render(<ConversationHeader conversation={getState().conversations[named]!} />);
    expect(within(screen.getByRole('banner')).getByText(abbreviateSessionId(named))).toBeTruthy();
  });
});

describe('Note to Self', () => {
  it('is labelled as such, with its own avatar, in the list and the header', () => {
    showMain([conversation(own, 'Ana', 'accepted')]);
    render(<MainScreen />);
    const row = screen.getAllByRole('button').find((button) => button.textContent?.includes('Note to Self'));
    expect(row).toBeDefined();
    expect(within(row!).getByTestId('note-to-self-avatar')).toBeTruthy();
    expect(within(row!).queryByText('A')).toBeNull();
    fireEvent.click(row!);
    const header = screen.getByRole('banner');
    expect(within(header).getByRole('heading', { name: 'Note to Self' })).toBeTruthy();
    expect(within(header).getByTestId('note-to-self-avatar')).toBeTruthy();
  });
});

describe('the empty state (item 13)', () => {
  it('without conversations, is one message that says what to do', () => {
    showMain([]);
    render(<MainScreen />);
    expect(screen.getAllByText(/No conversations yet/u)).toHaveLength(1);
    expect(screen.queryByText(/Pick a conversation/u)).toBeNull();
    expect(screen.getByRole('heading', { name: 'No conversations yet' })).toBeTruthy();
    expect(screen.getByText(/Session ID/u, { selector: '.empty-pane p' })).toBeTruthy();
  });

  it('with only a message request, points to it instead of to a conversation to pick', () => {
    showMain([conversation(stranger, null, 'request')]);
    render(<MainScreen />);
    expect(screen.queryByRole('heading', { name: 'Pick a conversation' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Read 1 message request' }));
    expect(getState().screen).toBe('requests');
  });

  it('with chats, asks to pick one', () => {
    showMain([conversation(named, 'Bob', 'accepted')]);
    render(<MainScreen />);
    expect(screen.getByRole('heading', { name: 'Pick a conversation' })).toBeTruthy();
    expect(screen.queryByText(/No conversations yet/u)).toBeNull();
  });
});

describe('the path dot (item 14)', () => {
  it('is a button that opens the network view with the focus on it', async () => {
    showMain([]);
    render(<MainScreen />);
    fireEvent.click(screen.getByRole('button', { name: /^Onion routing: connected\. Show the network$/u }));
    expect(getState().screen).toBe('settings');
    const section = await screen.findByRole('region', { name: 'Network' });
    await waitFor(() => expect(document.activeElement).toBe(section));
  });
});

describe('right-to-left text (item 2)', () => {
  it('lets the preview set its own direction and isolates the name', () => {
    showMain([
      {
        ...conversation(named, 'שרה', 'accepted'),
        lastMessage: { body: 'שלום', sentAt: 0, direction: 'incoming' },
      },
    ]);
    render(<MainScreen />);
    const preview = screen.getByText('שלום');
    expect(preview.getAttribute('dir')).toBe('auto');
    expect(screen.getByText('שרה').tagName.toLowerCase()).toBe('bdi');
  });
});

describe('a narrow window (item 3)', () => {
  // The breakpoint itself is CSS (sidebar.css); the screen says which half a narrow window shows.
  it('shows the list until a conversation is opened, then the conversation with a way back', () => {
    showMain([conversation(named, 'Bob', 'accepted')]);
    const { container } = render(<MainScreen />);
    const main = container.querySelector('.main')!;
    expect(main.classList.contains('main--list')).toBe(true);
    fireEvent.click(screen.getAllByRole('button').find((button) => button.textContent?.includes('Bob'))!);
    expect(main.classList.contains('main--pane')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back to chats' }));
    expect(getState().selectedConversationId).toBeNull();
    expect(main.classList.contains('main--list')).toBe(true);
  });

  it("shows the sidebar's screens on their own, and goes back to the chats", () => {
    showMain([]);
    const { container } = render(<MainScreen />);
    fireEvent.click(screen.getByRole('button', { name: /^Onion routing: connected\. Show the network$/u }));
    expect(container.querySelector('.main')!.classList.contains('main--pane')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back to chats' }));
    expect(getState().screen).toBe('chats');
    expect(container.querySelector('.main')!.classList.contains('main--list')).toBe(true);
  });
});
