// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../shared/contract/clientApi';
import type { ConversationView, NetworkView, SettingsView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { useConnection } from '../store/actions';
import { bridgeEvents } from '../store/eventBridge';
import { loadStoredTheme } from '../store/accountActions';
import { getState, initialState, setState } from '../store/store';
import { Settings } from './Settings';
import { fakeConnection } from './settings/fakeConnection';

const carol = '052f76cf7c968e2cb5e3d64c4420f7dd8d0d9f4929e168aba2cbf7f1ea8ba2dc1b';
const hop = (name: string, healthy = true) => ({ name, ip: '203.0.113.7', healthy });
const network: NetworkView = {
  network: 'devnet',
  connected: true,
  paths: [
    { hops: [hop('a1b2c3…d4e5'), hop('b1b2c3…d4e5'), hop('c1b2c3…d4e5')], healthy: true },
    { hops: [hop('d1b2c3…d4e5'), hop('e1b2c3…d4e5', false), hop('f1b2c3…d4e5')], healthy: false },
  ],
  hardfork: '19.4',
  updateRequired: false,
};
const blocked: ConversationView = {
  id: carol,
  state: 'blocked',
  displayName: 'Carol',
  unreadCount: 0,
  lastMessage: null,
  disappearing: { mode: 'off', seconds: 0 },
  approvedMe: false,
  muted: null,
};

let settings: SettingsView;
let updateSettings: Mock<ClientApi['updateSettings']>;
let unblock: Mock<ClientApi['unblock']>;
let getNetworkStatus: Mock<ClientApi['getNetworkStatus']>;

beforeEach(() => {
  settings = {
    readReceipts: true,
    typingIndicators: false,
    notifications: 'nameAndMessage',
    communityMessageRequests: true,
  };
  setState(
    {
      ...initialState,
      settings,
      startup: { state: 'ready', account: null, network: 'devnet' },
      conversations: { [carol]: blocked },
    },
    true,
  );
  updateSettings = vi.fn<ClientApi['updateSettings']>(async (change) => {
    settings = { ...settings, ...change };
    return settings;
  });
  unblock = vi.fn<ClientApi['unblock']>(async () => ({ ...blocked, state: 'accepted' as const }));
  getNetworkStatus = vi.fn<ClientApi['getNetworkStatus']>(async () => network);
  useConnection(fakeConnection({ updateSettings, unblock, getNetworkStatus }));
  window.localStorage.clear();
});
afterEach(cleanup);

describe('Settings', () => {
  it('binds the privacy switches to updateSettings', async () => {
    render(<Settings />);
    const receipts = screen.getByRole('switch', { name: 'Read receipts' });
    const typing = screen.getByRole('switch', { name: 'Typing indicators' });
    expect(receipts.getAttribute('aria-checked')).toBe('true');
    expect(typing.getAttribute('aria-checked')).toBe('false');
    expect(receipts.getAttribute('aria-describedby')).toBeTruthy();

    fireEvent.click(receipts);
    expect(updateSettings).toHaveBeenCalledExactlyOnceWith({ readReceipts: false });
    await waitFor(() =>
      expect(getState().settings).toEqual({
        readReceipts: false,
        typingIndicators: false,
        notifications: 'nameAndMessage',
        communityMessageRequests: true,
      }),
    );
    expect(receipts.getAttribute('aria-checked')).toBe('false');

    // The visible label toggles too.
    fireEvent.click(screen.getByText('Typing indicators'));
    expect(updateSettings).toHaveBeenLastCalledWith({ typingIndicators: true });
    await waitFor(() => expect(typing.getAttribute('aria-checked')).toBe('true'));

    // Blinded DMs from community members who are not contacts (issue 15).
    const requests = screen.getByRole('switch', { name: 'Community message requests' });
    expect(requests.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(requests);
    expect(updateSettings).toHaveBeenLastCalledWith({ communityMessageRequests: false });
    await waitFor(() => expect(requests.getAttribute('aria-checked')).toBe('false'));
  });

  it('puts a switch back when the engine refuses the change', async () => {
    updateSettings.mockRejectedValueOnce(new Error('down'));
    render(<Settings />);
    const receipts = screen.getByRole('switch', { name: 'Read receipts' });
    fireEvent.click(receipts);
    await waitFor(() => expect(receipts.getAttribute('aria-busy')).toBeNull());
    expect(receipts.getAttribute('aria-checked')).toBe('true');
    expect(getState().notices.map((notice) => notice.text)).toEqual(['Something went wrong. Try again.']);
  });

  it('gives the notification mode to the engine, showing the choice at once', async () => {
    let answer: (settings: SettingsView) => void = () => undefined;
    updateSettings.mockImplementationOnce(
      (change) =>
        new Promise((resolve) => {
          settings = { ...settings, ...change };
          answer = resolve;
        }),
    );
    render(<Settings />);
    const nameAndMessage = screen.getByRole('radio', { name: /Name and message/u }) as HTMLInputElement;
    const countOnly = screen.getByRole('radio', { name: /Count only/u }) as HTMLInputElement;
    expect(nameAndMessage.checked).toBe(true);

    fireEvent.click(countOnly);
    expect(updateSettings).toHaveBeenCalledExactlyOnceWith({ notifications: 'countOnly' });
    expect(countOnly.checked).toBe(true);
    await act(async () => answer(settings));
    expect(getState().settings?.notifications).toBe('countOnly');
    expect(countOnly.checked).toBe(true);
  });

  it('shows the engine’s mode again when it refuses a change, and says so', async () => {
    updateSettings.mockRejectedValueOnce(new ApiError('invalidRequest', 'Not a mode Starling knows.'));
    render(<Settings />);
    fireEvent.click(screen.getByRole('radio', { name: /^Off/u }));
    const nameAndMessage = screen.getByRole('radio', { name: /Name and message/u }) as HTMLInputElement;
    await waitFor(() => expect(nameAndMessage.checked).toBe(true));
    expect(getState().notices.map((notice) => notice.text)).toEqual(['Not a mode Starling knows.']);
  });

  it('follows a mode changed elsewhere (settings.changed)', async () => {
    const connection = fakeConnection({ updateSettings, unblock, getNetworkStatus });
    const stopBridge = bridgeEvents(connection);
    render(<Settings />);
    act(() =>
      connection.emit('settings.changed', {
        settings: {
          readReceipts: false,
          typingIndicators: true,
          notifications: 'nameOnly',
          communityMessageRequests: true,
        },
      }),
    );
    expect((screen.getByRole('radio', { name: /Name only/u }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('switch', { name: 'Typing indicators' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    stopBridge();
  });

  it('keeps the theme across restarts', () => {
    render(<Settings />);
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(getState().theme).toBe('dark');

    setState({ theme: 'system' });
    loadStoredTheme();
    expect(getState().theme).toBe('dark');
  });

  it('refreshes the network status and describes each onion path', async () => {
    render(<Settings />);
    await screen.findByText('Connected through 1 onion path');
    expect(getNetworkStatus).toHaveBeenCalledOnce();
    expect(screen.getByText('19.4')).toBeTruthy();
    expect(screen.getByText('e1b2c3…d4e5')).toBeTruthy();
    expect(screen.getByText('not responding')).toBeTruthy();
    expect(screen.getAllByText('Service node')).toHaveLength(2);

    act(() => setState({ network: { ...network, connected: false } }));
    expect(screen.getByText('Reconnecting…')).toBeTruthy();
  });

  it('lists blocked contacts with an Unblock button', async () => {
    render(<Settings />);
    fireEvent.click(screen.getByRole('button', { name: 'Unblock Carol' }));
    expect(unblock).toHaveBeenCalledExactlyOnceWith({ conversationId: carol });
    await screen.findByText('No one is blocked.');
  });
});
