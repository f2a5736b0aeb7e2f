// @vitest-environment happy-dom
// The requests list after a flood (issue 12): 10,000 requests render as a handful of rows, and they
// go in bulk — all of them chosen and declined, a shift-range blocked, or every one declined.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { bridgeEvents } from '../../store/eventBridge';
import { getState, initialState, setState } from '../../store/store';
import { fakeConnection, type FakeConnection } from '../settings/fakeConnection';
import { ConversationList } from './ConversationList';

const requestCount = 10_000;

function request(index: number): ConversationView {
  return {
    id: `05${index.toString(16).padStart(64, '0')}`,
    state: 'request',
    displayName: `Sender ${index}`,
    unreadCount: 1,
    lastMessage: { body: 'junk', sentAt: 1_700_000_000_000 + index, direction: 'incoming' },
    disappearing: { mode: 'off', seconds: 0 },
    approvedMe: false,
    muted: null,
  };
}

const requests = Array.from({ length: requestCount }, (_, index) => request(index));
const calls: { method: string; conversationIds: readonly string[] }[] = [];
let connection: FakeConnection;
let stopBridge: () => void;

/** The engine's answer to a bulk call: the requests go, in one event. */
function removeInOneEvent(method: string, conversationIds: readonly string[]) {
  calls.push({ method, conversationIds });
  connection.emit('conversations.changed', { updated: [], removed: [...conversationIds] });
  return Promise.resolve({ done: conversationIds.length, skipped: 0 });
}

beforeEach(() => {
  calls.length = 0;
  connection = fakeConnection({
    declineRequests: ({ conversationIds }) => removeInOneEvent('declineRequests', conversationIds),
    blockRequests: ({ conversationIds }) => removeInOneEvent('blockRequests', conversationIds),
    declineAllRequests: () =>
      removeInOneEvent(
        'declineAllRequests',
        Object.values(getState().conversations)
          .filter((conversation) => conversation.state === 'request')
          .map((conversation) => conversation.id),
      ),
  });
  useConnection(connection);
  stopBridge = bridgeEvents(connection);
  setState(
    {
      ...initialState,
      screen: 'requests',
      conversations: Object.fromEntries(requests.map((conversation) => [conversation.id, conversation])),
    },
    true,
  );
});
afterEach(() => {
  stopBridge();
  cleanup();
});

const rows = (): HTMLElement[] => screen.queryAllByRole('listitem');
const checkbox = (name: string): HTMLInputElement =>
  screen.getByRole('checkbox', { name: `Select ${name}` }) as HTMLInputElement;

describe('the message requests list', () => {
  it('renders only the rows in view of 10,000 requests, in a list as tall as all of them', () => {
    const { container } = render(<ConversationList />);
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(60);
    expect(container.querySelectorAll('*').length).toBeLessThan(1_000);
    const list = screen.getByRole('list', { name: 'Message requests' });
    expect(list.style.height).toBe(`${requestCount * 60}px`);
  });

  it('chooses all 10,000 and declines them in one call, and the list empties from one event', async () => {
    render(<ConversationList />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(screen.getByText('10,000 selected')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
      await Promise.resolve();
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('declineRequests');
    expect(new Set(calls[0]!.conversationIds).size).toBe(requestCount);
    expect(screen.getByText(/No message requests/u)).toBeTruthy();
  });

  it('chooses a range with shift and blocks its senders after asking', async () => {
    render(<ConversationList />);
    // Newest first: Sender 9999 is the first row.
    fireEvent.click(checkbox('Sender 9999'));
    fireEvent.click(checkbox('Sender 9996'), { shiftKey: true });
    expect(screen.getByText('4 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Block' }));
    expect(screen.getByText('Block 4 senders?')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Block' }).at(-1)!);
      await Promise.resolve();
    });
    expect(calls).toEqual([
      {
        method: 'blockRequests',
        conversationIds: [9999, 9998, 9997, 9996].map((index) => request(index).id),
      },
    ]);
    expect(getState().conversations[request(9998).id]).toBeUndefined();
    expect(getState().conversations[request(9995).id]).toBeDefined();
  });

  it('declines every request after asking, also those a search hides', async () => {
    setState({ search: 'Sender 12' });
    render(<ConversationList />);
    fireEvent.click(screen.getByRole('button', { name: 'Decline all' }));
    expect(screen.getByText('Decline all 10,000 requests?')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Decline all' }).at(-1)!);
      await Promise.resolve();
    });
    expect(calls.map((call) => call.method)).toEqual(['declineAllRequests']);
    expect(Object.keys(getState().conversations)).toHaveLength(0);
  });
});
