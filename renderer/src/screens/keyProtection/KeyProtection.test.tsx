// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import { ApiError } from '../../api/connection';
import { useConnection } from '../../store/actions';
import { getState, initialState, setState } from '../../store/store';
import { fakeConnection } from '../settings/fakeConnection';
import { KeyProtectionBanner, KeyProtectionSection } from './KeyProtection';

const account = { sessionId: `05${'ab'.repeat(32)}`, displayName: 'Alice' };
let protectKeys: Mock<ClientApi['protectKeys']>;

beforeEach(() => {
  protectKeys = vi.fn<ClientApi['protectKeys']>();
  useConnection(fakeConnection({ protectKeys }));
  setState(
    {
      ...initialState,
      screen: 'chats',
      startup: { state: 'ready', account, network: 'devnet', keysUnprotected: true },
    },
    true,
  );
});
afterEach(cleanup);

describe('the offer to protect unprotected keys', () => {
  it('shows a banner that leads to Settings, and nothing once the keys are protected', () => {
    render(<KeyProtectionBanner />);
    const banner = screen.getByRole('alert', { name: 'Key protection' });
    expect(banner.textContent).toContain('Your keys are stored without protection — choose a passphrase.');
    fireEvent.click(screen.getByRole('button', { name: 'Choose a passphrase' }));
    expect(getState().screen).toBe('settings');
    cleanup();
    setState({ screen: 'chats', startup: { state: 'ready', account, network: 'devnet' } });
    render(<KeyProtectionBanner />);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('protects the keys with a confirmed passphrase, and says so', async () => {
    protectKeys.mockRejectedValueOnce(new ApiError('invalidRequest', 'The host refused it.'));
    protectKeys.mockResolvedValueOnce({ state: 'ready', account, network: 'devnet' });
    render(<KeyProtectionSection />);
    const passphrase = screen.getByLabelText('New passphrase');
    const confirmation = screen.getByLabelText('Confirm new passphrase');
    const submit = screen.getByRole('button', { name: 'Protect keys' });
    fireEvent.change(passphrase, { target: { value: 'short' } });
    fireEvent.change(confirmation, { target: { value: 'short' } });
    expect(submit).toHaveProperty('disabled', true);
    fireEvent.change(passphrase, { target: { value: 'a long passphrase' } });
    fireEvent.change(confirmation, { target: { value: 'a long passphrase' } });
    fireEvent.click(submit);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The host refused it.'));
    fireEvent.click(submit);
    await waitFor(() => expect(screen.getByText(/Your keys are protected by your passphrase/u)).toBeTruthy());
    expect(protectKeys).toHaveBeenLastCalledWith({ passphrase: 'a long passphrase' });
    expect(getState().startup?.keysUnprotected).toBeUndefined();
    expect(screen.queryByRole('button', { name: 'Protect keys' })).toBeNull();
  });
});
