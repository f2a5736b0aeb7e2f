// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../shared/contract/clientApi';
import type { StartupView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { useConnection } from '../store/actions';
import { getState, initialState, setState } from '../store/store';
import { Onboarding } from './Onboarding';
import { fakeConnection } from './settings/fakeConnection';

const sessionId = '0552eddbadbe03537be0be743e36cb052072d202723314c142db95e2f55ed67a28';
const account = { sessionId, displayName: 'Alice' };

let unlock: Mock<ClientApi['unlock']>;

function showStartup(startup: StartupView): void {
  setState({ ...initialState, startup }, true);
}

beforeEach(() => {
  unlock = vi.fn<ClientApi['unlock']>();
  useConnection(
    fakeConnection({
      unlock,
      getAccount: async () => account,
      getSettings: async () => ({ readReceipts: true, typingIndicators: true }) as never,
      listConversations: async () => ({ conversations: [] }),
      getNetworkStatus: async () => ({}) as never,
    }),
  );
});
afterEach(cleanup);

describe('the passphrase screen', () => {
  it('has a passphrase chosen and confirmed, then goes on to the account', async () => {
    showStartup({ state: 'needsPassphrase', passphrase: 'choose', account: null, network: 'devnet' });
    unlock.mockResolvedValue({ state: 'needsAccount', account: null, network: 'devnet' });
    render(<Onboarding />);

    expect(screen.getByText(/This computer has no keychain/u).textContent).toContain(
      'your recovery phrase still restores your account',
    );
    const passphrase = screen.getByLabelText('Passphrase');
    const confirmation = screen.getByLabelText('Confirm passphrase');
    const submit = screen.getByRole('button', { name: 'Continue' });
    expect(passphrase.getAttribute('type')).toBe('password');

    fireEvent.change(passphrase, { target: { value: 'short' } });
    fireEvent.change(confirmation, { target: { value: 'short' } });
    expect(submit).toHaveProperty('disabled', true);

    fireEvent.change(passphrase, { target: { value: 'a long passphrase' } });
    fireEvent.change(confirmation, { target: { value: 'a long passphrasf' } });
    expect(screen.getByRole('alert').textContent).toBe('The passphrases do not match.');
    expect(submit).toHaveProperty('disabled', true);

    fireEvent.change(confirmation, { target: { value: 'a long passphrase' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(submit);
    expect(unlock).toHaveBeenCalledExactlyOnceWith({ passphrase: 'a long passphrase' });
    expect(await screen.findByRole('heading', { name: 'Welcome to Starling' })).toBeTruthy();
    expect(getState().startup?.state).toBe('needsAccount');
  });

  it('shows the engine’s refusal of a chosen passphrase inline', async () => {
    showStartup({ state: 'needsPassphrase', passphrase: 'choose', account: null, network: 'devnet' });
    unlock.mockRejectedValue(new ApiError('weakPassphrase', 'Choose a passphrase of at least 8 characters.'));
    render(<Onboarding />);
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: '12345678' } });
    fireEvent.change(screen.getByLabelText('Confirm passphrase'), { target: { value: '12345678' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Choose a passphrase of at least 8 characters.',
    );
    expect(getState().startup?.state).toBe('needsPassphrase');
  });

  it('unlocks with the passphrase, busy while the key is derived, the error shown inline', async () => {
    showStartup({ state: 'needsPassphrase', passphrase: 'enter', account: null, network: 'devnet' });
    let refuse: (error: Error) => void = () => undefined;
    unlock.mockImplementationOnce(() => new Promise((_resolve, reject) => (refuse = reject)));
    render(<Onboarding />);

    const field = screen.getByLabelText('Passphrase');
    expect(screen.queryByLabelText('Confirm passphrase')).toBeNull();
    expect(screen.getByRole('button', { name: 'Unlock' })).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: 'not the passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));

    const busy = screen.getByRole('button', { name: 'Unlocking…' });
    expect(busy).toHaveProperty('disabled', true);
    refuse(new ApiError('wrongPassphrase', 'That passphrase does not unlock this profile.'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That passphrase does not unlock this profile.',
    );
    expect((field as HTMLInputElement).value).toBe('');
    expect(field.getAttribute('aria-invalid')).toBe('true');

    unlock.mockResolvedValueOnce({ state: 'ready', account, network: 'devnet' });
    fireEvent.change(field, { target: { value: 'correct horse battery staple' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(getState().startup?.state).toBe('ready'));
    expect(unlock).toHaveBeenLastCalledWith({ passphrase: 'correct horse battery staple' });
    await waitFor(() => expect(getState().account).toEqual(account));
  });
});
