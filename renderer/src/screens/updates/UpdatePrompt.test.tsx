// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import type { ConversationView, UpdateView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { bridgeEvents } from '../../store/eventBridge';
import { getState, initialState, setState } from '../../store/store';
import { type FakeConnection, fakeConnection } from '../settings/fakeConnection';
import { UpdatesSection } from '../settings/UpdatesSection';
import { UpdatePrompt } from './UpdatePrompt';

const available: UpdateView = {
  kind: 'available',
  currentVersion: '1.2.0',
  version: '1.3.0',
  reason: null,
  deadline: null,
  notes: null,
  message: 'Starling 1.3.0 is available (you have 1.2.0). Download it now or later.',
  feed: 'read',
  checkedAt: Date.parse('2026-11-23T12:00:00Z'),
  download: 'idle',
  progress: null,
  failure: null,
};
const required: UpdateView = {
  ...available,
  kind: 'required',
  reason: 'hardforkScheduled',
  deadline: Date.parse('2026-12-01T00:00:00Z'),
  notes: 'Works with the network upgrade.',
  message: 'Please update to Starling 1.3.0 before 2026-12-01.',
};

let status: UpdateView;
let downloadUpdate: Mock<ClientApi['downloadUpdate']>;
let installUpdate: Mock<ClientApi['installUpdate']>;
let connection: FakeConnection;
let stopBridge: () => void;

function start(view: UpdateView, extra: Partial<ClientApi> = {}) {
  status = view;
  downloadUpdate = vi.fn<ClientApi['downloadUpdate']>(async () => ({
    ...status,
    download: 'downloading',
    progress: 0,
  }));
  installUpdate = vi.fn<ClientApi['installUpdate']>(async () => ({ restarting: true }));
  connection = fakeConnection({
    getUpdateStatus: async () => status,
    checkForUpdates: async () => status,
    downloadUpdate,
    installUpdate,
    ...extra,
  });
  useConnection(connection);
  stopBridge = bridgeEvents(connection);
  render(<UpdatePrompt />);
}

beforeEach(() => setState(initialState, true));
afterEach(() => {
  stopBridge();
  cleanup();
});

describe('UpdatePrompt', () => {
  it('shows nothing when up to date', async () => {
    start({ ...available, kind: 'upToDate', version: null, message: 'Starling 1.2.0 is up to date.' });
    await waitFor(() => expect(getState().update?.kind).toBe('upToDate'));
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers a release, downloads only on Download, shows progress, and restarts only on Restart', async () => {
    start(available);
    const banner = await screen.findByRole('status', { name: 'Update' });
    expect(banner.textContent).toContain('Starling 1.3.0 is available');
    expect(downloadUpdate).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(downloadUpdate).toHaveBeenCalledTimes(1);
    act(() =>
      connection.emit('update.changed', {
        update: { ...available, download: 'downloading', progress: 0.42 },
      }),
    );
    expect(screen.getByRole('progressbar', { name: 'Downloading Starling 1.3.0: 42%' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Later' })).toBeNull();

    act(() =>
      connection.emit('update.changed', { update: { ...available, download: 'downloaded', progress: 1 } }),
    );
    expect(screen.getByRole('status').textContent).toContain(
      'Starling 1.3.0 is ready. Restart to finish updating.',
    );
    expect(installUpdate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Restart' }));
    await waitFor(() => expect(installUpdate).toHaveBeenCalledTimes(1));
  });

  it('puts an offer off with Later, until a newer one comes', async () => {
    start(available);
    fireEvent.click(await screen.findByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('status')).toBeNull();
    act(() =>
      connection.emit('update.changed', {
        update: { ...available, version: '1.4.0', message: 'Starling 1.4.0 is available (you have 1.2.0).' },
      }),
    );
    expect(screen.getByRole('status').textContent).toContain('1.4.0');
  });

  it('shows a failed download in words, with Try again', async () => {
    start(available);
    await screen.findByRole('status');
    const failure =
      'The download of Starling 1.3.0 failed: the update server cannot be reached. Try again later.';
    act(() => connection.emit('update.changed', { update: { ...available, download: 'failed', failure } }));
    expect(screen.getByRole('status').textContent).toContain(failure);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(downloadUpdate).toHaveBeenCalledTimes(1);
  });

  it('opens a required update as a dialog that explains it; Later leaves a banner that stays', async () => {
    start(required);
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Please update to Starling 1.3.0 before 2026-12-01.');
    expect(dialog.textContent).toContain('Works with the network upgrade.');
    fireEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const banner = screen.getByRole('alert', { name: 'Update' });
    expect(banner.textContent).toContain('Please update to Starling 1.3.0');
    expect(screen.queryByRole('button', { name: 'Later' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(downloadUpdate).toHaveBeenCalledTimes(1);
  });

  it('explains an outdated app past a hardfork, with nothing to press', async () => {
    const message =
      'The Session network has moved to version 19.7, but this version of Starling (1.2.0) only supports up to 19.5, so messages may stop arriving or fail to send.';
    start({ ...available, kind: 'outdated', version: null, reason: 'noUpdateAvailable', message });
    const banner = await screen.findByRole('alert', { name: 'Update' });
    expect(banner.textContent).toBe(message);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('sends people to the website where this app cannot install (the headless host)', async () => {
    start({ ...available, download: 'unsupported' });
    const banner = await screen.findByRole('status');
    expect(banner.textContent).toContain('download it from the Starling website');
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });
});

describe('Settings → Updates', () => {
  it('checks for updates on request and shows the answer', async () => {
    const checkForUpdates = vi.fn<ClientApi['checkForUpdates']>(async () => available);
    start(
      { ...available, kind: 'upToDate', version: null, message: 'Starling 1.2.0 is up to date.' },
      { checkForUpdates },
    );
    render(<UpdatesSection />);
    await waitFor(() => expect(screen.getByText('Starling 1.2.0 is up to date.')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Check for updates' }));
    expect(checkForUpdates).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getAllByText(/Starling 1.3.0 is available/).length).toBeGreaterThan(0));
  });
});

describe('a notification clicked in the desktop app', () => {
  it('opens its conversation, and ignores one the UI does not know', async () => {
    const carol = '052f76cf7c968e2cb5e3d64c4420f7dd8d0d9f4929e168aba2cbf7f1ea8ba2dc1b';
    const conversation: ConversationView = {
      id: carol,
      state: 'accepted',
      displayName: 'Carol',
      unreadCount: 1,
      lastMessage: null,
      disappearing: { mode: 'off', seconds: 0 },
      approvedMe: true,
      muted: null,
    };
    const listMessages = vi.fn<ClientApi['listMessages']>(async () => ({ messages: [], before: null }));
    const markRead = vi.fn<ClientApi['markRead']>(async () => ({ ...conversation, unreadCount: 0 }));
    start({ ...available, kind: 'upToDate' }, { listMessages, markRead });
    setState({ conversations: { [carol]: conversation }, screen: 'settings' });
    act(() => connection.emit('notification.clicked', { conversationId: carol.replace('05', '05ff') }));
    expect(getState().selectedConversationId).toBeNull();
    act(() => connection.emit('notification.clicked', { conversationId: carol }));
    expect(getState()).toMatchObject({ selectedConversationId: carol, screen: 'chats' });
    await waitFor(() => expect(markRead).toHaveBeenCalledWith({ conversationId: carol }));
  });
});
