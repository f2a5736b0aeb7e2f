// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../shared/contract/clientApi';
import { useConnection } from '../store/actions';
import { initialState, setState } from '../store/store';
import { Profile } from './Profile';
import { fakeConnection } from './settings/fakeConnection';

const sessionId = '0552eddbadbe03537be0be743e36cb052072d202723314c142db95e2f55ed67a28';
const phrase =
  'brunt honked oncoming vulture noted doorway lids zones bemused strained mural knapsack honked';

let revealRecoveryPhrase: Mock<ClientApi['revealRecoveryPhrase']>;
let updateProfile: Mock<ClientApi['updateProfile']>;

beforeEach(() => {
  setState({ ...initialState, account: { sessionId, displayName: 'Alice' } }, true);
  revealRecoveryPhrase = vi.fn<ClientApi['revealRecoveryPhrase']>(async () => ({ recoveryPhrase: phrase }));
  updateProfile = vi.fn<ClientApi['updateProfile']>(async ({ displayName }) => ({ sessionId, displayName }));
  useConnection(
    fakeConnection({
      getSessionIdQr: async () => ({
        svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        pngBase64: 'iVBORw0KGgo=',
      }),
      revealRecoveryPhrase,
      updateProfile,
    }),
  );
});
afterEach(cleanup);

describe('Profile', () => {
  it('shows the Session ID in full and its QR code as an image, with a PNG to save', async () => {
    render(<Profile />);
    expect(screen.getByText(sessionId)).toBeTruthy();
    const image = await screen.findByRole('img', { name: 'QR code of your Session ID' });
    expect(image.getAttribute('src')).toBe(
      `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg"></svg>')}`,
    );
    const save = screen.getByRole('link', { name: 'Save as PNG' });
    expect(save.getAttribute('download')).toBe('starling-session-id.png');
    expect(save.getAttribute('href')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });

  it('asks before revealing the recovery phrase, shows the 13 words, and hides them', async () => {
    render(<Profile />);
    fireEvent.click(screen.getByRole('button', { name: 'Show recovery phrase' }));
    expect(screen.getByRole('alert').textContent).toContain('Anyone with these words can read your messages');
    expect(revealRecoveryPhrase).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(revealRecoveryPhrase).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Show recovery phrase' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show it' }));
    const list = await screen.findByRole('list', { name: 'Recovery phrase' });
    expect(revealRecoveryPhrase).toHaveBeenCalledExactlyOnceWith({ confirmed: true });
    expect(list.className).toBe('phrase');
    expect([...list.querySelectorAll('li')].map((item) => item.textContent)).toEqual(phrase.split(' '));

    fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
    expect(screen.queryByRole('list', { name: 'Recovery phrase' })).toBeNull();
    expect(screen.queryByText('vulture')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Show recovery phrase');
  });

  it('saves a new display name', async () => {
    render(<Profile />);
    const field = screen.getByRole('textbox', { name: 'Display name' });
    const save = screen.getByRole('button', { name: 'Save' });
    expect((field as HTMLInputElement).value).toBe('Alice');
    expect(save).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: '  Alice B.  ' } });
    fireEvent.click(save);
    await waitFor(() => expect(screen.getByText(/Saved/u)).toBeTruthy());
    expect(updateProfile).toHaveBeenCalledExactlyOnceWith({ displayName: 'Alice B.' });
    expect(screen.getByText('Alice B.')).toBeTruthy();
  });
});
