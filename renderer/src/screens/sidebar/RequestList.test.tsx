// @vitest-environment happy-dom
// The requests list after a flood (issue 12): 10,000 requests render as a handful of rows, and they
// go in bulk — all of them chosen and declined, a shift-range blocked, or every one declined. A
// decline waits a few seconds for Undo before the engine is told (#17 item 7).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationView } from '../../../../shared/contract/views';
import { ApiError } from '../../api/connection';
import { useConnection } from '../../store/actions';
import { bridgeEvents } from '../../store/eventBridge';
import { getState, initialState, setState } from '../../store/store';
import { fakeConnection, type FakeConnection } from '../settings/fakeConnection';
import { Notices } from '../../components/Notices';
import { declinesPending, declinePendingNow, undoDeclineMs } from '../../store/declineUndo';
import { ConversationList } from './ConversationList';

/** The list with the notices, where Undo is offered. */
function RequestsScreen() {
  return (
    <>
      <ConversationList />
      <Notices />
    </>
  );
}

/** Lets the time Undo is offered run out. */
async function undoTimeRunsOut(): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(undoDeclineMs);
  });
}

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
    declineRequest: async ({ conversationId }) => {
      await removeInOneEvent('declineRequest', [conversationId]);
      return { declined: true as const };
    },
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
  vi.useRealTimers();
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

  it('chooses all 10,000 and declines them in one call once Undo is no longer offered', async () => {
    vi.useFakeTimers();
    render(<RequestsScreen />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(screen.getByText('10,000 selected')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    // Gone from the list at once, told, and undoable: the engine has not been asked yet.
    expect(screen.getByText(/No message requests/u)).toBeTruthy();
    expect(screen.getByText('Declined 10,000 requests.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(calls).toHaveLength(0);
    await undoTimeRunsOut();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
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
    vi.useFakeTimers();
    setState({ search: 'Sender 12' });
    render(<RequestsScreen />);
    fireEvent.click(screen.getByRole('button', { name: 'Decline all' }));
    expect(screen.getByText('Decline all 10,000 requests?')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Decline all' }).at(-1)!);
    expect(calls).toHaveLength(0);
    await undoTimeRunsOut();
    expect(calls.map((call) => call.method)).toEqual(['declineAllRequests']);
    expect(Object.keys(getState().conversations)).toHaveLength(0);
  });

  it('takes a decline back with Undo: the requests return and the engine is never asked', async () => {
    vi.useFakeTimers();
    render(<RequestsScreen />);
    fireEvent.click(checkbox('Sender 9999'));
    fireEvent.click(checkbox('Sender 9998'));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    expect(getState().conversations[request(9999).id]).toBeUndefined();
    expect(screen.getByText('Declined 2 requests.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(getState().conversations[request(9999).id]).toEqual(request(9999));
    expect(getState().conversations[request(9998).id]).toEqual(request(9998));
    expect(screen.queryByText('Declined 2 requests.')).toBeNull();
    await undoTimeRunsOut();
    expect(calls).toEqual([]);
    expect(declinesPending()).toBe(0);
  });

  it('declines at once when the notice is closed or the window goes', async () => {
    vi.useFakeTimers();
    render(<RequestsScreen />);
    fireEvent.click(checkbox('Sender 9999'));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Dismiss' })));
    expect(calls).toEqual([{ method: 'declineRequest', conversationIds: [request(9999).id] }]);
    fireEvent.click(checkbox('Sender 9998'));
    fireEvent.click(checkbox('Sender 9997'));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await act(async () => {
      window.dispatchEvent(new Event('pagehide'));
      await Promise.resolve();
    });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.conversationIds).toEqual([request(9998).id, request(9997).id]);
    declinePendingNow();
    expect(calls).toHaveLength(2);
  });

  it('puts the requests back, and says why, when the decline fails', async () => {
    vi.useFakeTimers();
    connection = fakeConnection({
      declineRequests: () => Promise.reject(new ApiError('offline', 'Starling is disconnected.')),
    });
    useConnection(connection);
    render(<RequestsScreen />);
    fireEvent.click(checkbox('Sender 9999'));
    fireEvent.click(checkbox('Sender 9998'));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await undoTimeRunsOut();
    expect(getState().conversations[request(9999).id]).toEqual(request(9999));
    expect(screen.getByText('Starling is disconnected.')).toBeTruthy();
  });

  it('keeps a request waiting to be declined out of the list when its sender writes again', async () => {
    vi.useFakeTimers();
    render(<RequestsScreen />);
    fireEvent.click(checkbox('Sender 9999'));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    const newer = { ...request(9999), unreadCount: 2 };
    act(() => connection.emit('conversations.changed', { updated: [newer], removed: [] }));
    expect(getState().conversations[newer.id]).toBeUndefined();
    // Undo brings it back as the engine last described it.
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(getState().conversations[newer.id]).toEqual(newer);
  });
});
