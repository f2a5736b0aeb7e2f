// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../../shared/contract/views';
import { bridgeEvents } from '../../store/eventBridge';
import { initialState, setState } from '../../store/store';
import { fakeConnection } from '../settings/fakeConnection';
import { ConversationList } from './ConversationList';

const alice = `05${'a1'.repeat(32)}`;
const bob = `05${'b1'.repeat(32)}`;

function chat(id: string, displayName: string, muted: ConversationView['muted']): ConversationView {
  return {
    id,
    state: 'accepted',
    displayName,
    unreadCount: 2,
    lastMessage: { body: 'hi', sentAt: Date.now() - 60_000, direction: 'incoming' },
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: true,
    muted,
  };
}

beforeEach(() => {
  setState(
    {
      ...initialState,
      conversations: {
        [alice]: chat(alice, 'Alice', { until: null }),
        [bob]: chat(bob, 'Bob', null),
      },
    },
    true,
  );
});
afterEach(cleanup);

const row = (name: string): HTMLElement =>
  screen.getAllByRole('button').find((button) => button.textContent?.includes(name))!;

describe('ConversationList', () => {
  it('lists pinned conversations first, shows nicknames, and marks what another device marked unread', () => {
    setState({
      conversations: {
        [alice]: chat(alice, 'Alice', null),
        [bob]: {
          ...chat(bob, 'Bob', null),
          nickname: 'Bobby',
          pinned: true,
          unreadCount: 0,
          markedUnread: true,
          lastMessage: { body: 'older', sentAt: Date.now() - 3_600_000, direction: 'incoming' },
        },
      },
    });
    render(<ConversationList />);
    const names = screen.getAllByRole('button').map((button) => button.textContent ?? '');
    expect(names.findIndex((text) => text.includes('Bobby'))).toBeLessThan(
      names.findIndex((text) => text.includes('Alice')),
    );
    expect(within(row('Bobby')).getByRole('img', { name: 'Pinned' })).toBeTruthy();
    expect(row('Bobby').textContent).toContain('marked unread');
    expect(row('Alice').textContent).not.toContain('marked unread');
  });

  it('says what a control line did as a one-to-one conversation’s last message', () => {
    setState({
      account: { sessionId: alice } as never,
      conversations: {
        [bob]: {
          ...chat(bob, 'Bob', null),
          lastMessage: {
            body: null,
            sentAt: Date.now() - 1_000,
            direction: 'incoming',
            author: bob,
            control: { kind: 'disappearingChanged', mode: 'afterRead', seconds: 3_600 },
          },
        },
      },
    });
    render(<ConversationList />);
    expect(row('Bob').textContent).toContain('Bob set messages to disappear 1 hour after they are read');
    expect(row('Bob').textContent).not.toContain('Message deleted');
  });

  it('marks a muted conversation with a labelled icon, and only that one', () => {
    render(<ConversationList />);
    expect(within(row('Alice')).getByRole('img', { name: 'Muted' })).toBeTruthy();
    expect(within(row('Bob')).queryByRole('img', { name: 'Muted' })).toBeNull();
  });

  it('follows mutes as the engine announces them, and leaves out an ended mute', () => {
    const connection = fakeConnection({});
    const stopBridge = bridgeEvents(connection);
    render(<ConversationList />);
    act(() =>
      connection.emit('conversation.updated', {
        conversation: chat(bob, 'Bob', { until: Date.now() + 3_600_000 }),
      }),
    );
    expect(within(row('Bob')).getByRole('img', { name: 'Muted' })).toBeTruthy();
    act(() => connection.emit('conversation.updated', { conversation: chat(alice, 'Alice', null) }));
    expect(within(row('Alice')).queryByRole('img', { name: 'Muted' })).toBeNull();
    act(() =>
      connection.emit('conversation.updated', { conversation: chat(bob, 'Bob', { until: Date.now() - 1 }) }),
    );
    expect(within(row('Bob')).queryByRole('img', { name: 'Muted' })).toBeNull();
    stopBridge();
  });
});
