// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { ConversationView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { getState, initialState, setState, useAppStore } from '../../store/store';
import { fakeConnection } from '../settings/fakeConnection';
import { ConversationHeader } from './ConversationHeader';
import { clockTime } from './format';

const bob = `05${'b0'.repeat(32)}`;
const now = new Date('2025-03-12T14:05:00').getTime();
const hourMs = 3_600_000;

const chat: ConversationView = {
  id: bob,
  state: 'accepted',
  displayName: 'Bob',
  unreadCount: 0,
  lastMessage: null,
  disappearing: { mode: 'off', seconds: 0 },
  approvedMe: true,
  muted: null,
};

/** The header as the conversation pane shows it: following the store. */
function Header() {
  const conversation = useAppStore((state) => state.conversations[bob]);
  return conversation ? <ConversationHeader conversation={conversation} /> : null;
}

let setMuted: Mock<ClientApi['setMuted']>;
let setNickname: Mock<ClientApi['setNickname']>;
let setPinned: Mock<ClientApi['setPinned']>;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  setState({ ...initialState, conversations: { [bob]: chat } }, true);
  setMuted = vi.fn<ClientApi['setMuted']>(async ({ until }) => ({
    ...chat,
    muted: until === null ? null : { until: until === 'forever' ? null : until },
  }));
  setNickname = vi.fn<ClientApi['setNickname']>(async ({ conversationId, nickname }) => ({
    conversationId,
    nickname: nickname ?? null,
  }));
  setPinned = vi.fn<ClientApi['setPinned']>(async ({ pinned }) => ({
    ...chat,
    ...(pinned ? { pinned: true as const } : {}),
  }));
  useConnection(fakeConnection({ setMuted, setNickname, setPinned }));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function openOptions(): HTMLElement {
  fireEvent.click(screen.getByRole('button', { name: 'Conversation options' }));
  return screen.getByRole('menu', { name: 'Conversation options' });
}

describe('ConversationHeader mute', () => {
  it('offers muting for 1 hour, 8 hours, 1 week, or until unmuted', () => {
    render(<Header />);
    const menu = openOptions();
    const group = within(menu).getByRole('group', { name: 'Notifications' });
    expect(
      within(group)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Mute for 1 hour', 'Mute for 8 hours', 'Mute for 1 week', 'Mute until I unmute']);
    expect(within(menu).queryByRole('menuitem', { name: 'Unmute' })).toBeNull();
  });

  it('mutes for the chosen time, counted from the moment it is chosen, and shows it', async () => {
    render(<Header />);
    openOptions();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Mute for 8 hours' })));
    expect(setMuted).toHaveBeenCalledExactlyOnceWith({ conversationId: bob, until: now + 8 * hourMs });
    expect(getState().conversations[bob]?.muted).toEqual({ until: now + 8 * hourMs });
    expect(screen.getByText(`Muted until ${clockTime(now + 8 * hourMs)}`)).toBeTruthy();

    act(() => setState({ conversations: { [bob]: chat } }));
    vi.setSystemTime(now + 60_000);
    openOptions();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Mute for 1 week' })));
    expect(setMuted).toHaveBeenLastCalledWith({
      conversationId: bob,
      until: now + 60_000 + 7 * 24 * hourMs,
    });
  });

  it('mutes until unmuted, then offers Unmute only', async () => {
    render(<Header />);
    openOptions();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Mute until I unmute' })));
    expect(setMuted).toHaveBeenCalledExactlyOnceWith({ conversationId: bob, until: 'forever' });
    expect(screen.getByText('Muted')).toBeTruthy();

    const menu = openOptions();
    const group = within(menu).getByRole('group', { name: 'Notifications' });
    expect(
      within(group)
        .getAllByRole('menuitem')
        .map((item) => item.textContent),
    ).toEqual(['Unmute']);
    await act(async () => fireEvent.click(within(group).getByRole('menuitem', { name: 'Unmute' })));
    expect(setMuted).toHaveBeenLastCalledWith({ conversationId: bob, until: null });
    expect(getState().conversations[bob]?.muted).toBeNull();
    expect(screen.queryByText(/^Muted/u)).toBeNull();
  });

  it('shows a mute that has ended as not muted, before the engine says so', () => {
    setState({ conversations: { [bob]: { ...chat, muted: { until: now - 1 } } } });
    render(<Header />);
    expect(screen.queryByText(/^Muted/u)).toBeNull();
    expect(within(openOptions()).getByRole('menuitem', { name: 'Mute for 1 hour' })).toBeTruthy();
  });

  it('says so when the engine refuses', async () => {
    setMuted.mockRejectedValueOnce(new Error('down'));
    render(<Header />);
    openOptions();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Mute for 1 hour' })));
    expect(getState().conversations[bob]?.muted).toBeNull();
    expect(getState().notices.map((notice) => notice.text)).toEqual(['Something went wrong. Try again.']);
  });
});

describe('ConversationHeader nickname and pin', () => {
  it('sets a nickname that replaces their name in the header, and removes it again', async () => {
    render(<Header />);
    openOptions();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Set nickname…' }));
    const dialog = screen.getByRole('dialog', { name: 'Set a nickname' });
    const field = within(dialog).getByLabelText('Nickname');
    fireEvent.change(field, { target: { value: '  Bobby  ' } });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Save' })));
    expect(setNickname).toHaveBeenCalledExactlyOnceWith({ conversationId: bob, nickname: 'Bobby' });
    expect(screen.getByRole('heading', { name: 'Bobby' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();

    openOptions();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Change nickname…' }));
    const again = screen.getByRole('dialog', { name: 'Change nickname' });
    fireEvent.change(within(again).getByLabelText('Nickname'), { target: { value: '' } });
    await act(async () => fireEvent.click(within(again).getByRole('button', { name: 'Remove' })));
    expect(setNickname).toHaveBeenLastCalledWith({ conversationId: bob, nickname: null });
    expect(screen.getByRole('heading', { name: 'Bob' })).toBeTruthy();
  });

  it('pins and unpins the conversation', async () => {
    render(<Header />);
    openOptions();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Pin to top' })));
    expect(setPinned).toHaveBeenCalledExactlyOnceWith({ conversationId: bob, pinned: true });
    expect(getState().conversations[bob]?.pinned).toBe(true);
    openOptions();
    await act(async () => fireEvent.click(screen.getByRole('menuitem', { name: 'Unpin' })));
    expect(setPinned).toHaveBeenLastCalledWith({ conversationId: bob, pinned: false });
    expect(getState().conversations[bob]?.pinned).toBeUndefined();
  });
});

describe('ConversationHeader of a blocked chat', () => {
  it('marks it blocked and leaves the one Unblock to the composer’s bar (#17 item 8)', () => {
    setState({ conversations: { [bob]: { ...chat, state: 'blocked' } } });
    render(<Header />);
    expect(screen.getByText('Blocked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Unblock' })).toBeNull();
    const menu = openOptions();
    expect(within(menu).queryByRole('menuitem', { name: /block/iu })).toBeNull();
    expect(within(menu).getByRole('menuitem', { name: 'Copy Session ID' })).toBeTruthy();
  });
});

describe('ConversationHeader of a community member (a blinded DM, issue 15)', () => {
  const member = `15${'c1'.repeat(32)}`;
  const memberChat: ConversationView = {
    ...chat,
    id: member,
    blinded: { blindedId: member, community: 'Lobby', roomId: 'http://127.0.0.1:8080/lobby' },
  };

  it('names the room they came from, and their ID as a community ID, not a Session ID', () => {
    render(<ConversationHeader conversation={memberChat} />);
    const room = screen.getByTitle(`Community member ${member}, from Lobby`);
    expect(room.textContent).toBe('from Lobby');
    expect(screen.getByTitle(member).textContent).toBe('Community ID 15c1c1…c1c1');
    expect(screen.getByRole('button', { name: 'Copy community ID' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy Session ID' })).toBeNull();
    const menu = openOptions();
    expect(within(menu).getByRole('menuitem', { name: 'Copy community ID' })).toBeTruthy();
  });
});
