// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { ClientApi } from '../../../../shared/contract/clientApi';
import { useConnection } from '../../store/actions';
import { bridgeEvents } from '../../store/eventBridge';
import { initialState, setState, getState } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { Profile } from '../Profile';
import { fakeConnection, type FakeConnection } from '../settings/fakeConnection';

const alice = '0552eddbadbe03537be0be743e36cb052072d202723314c142db95e2f55ed67a28';
const bob = `05${'b'.repeat(64)}`;

let connection: FakeConnection;
let getProfilePicture: Mock<ClientApi['getProfilePicture']>;
let setProfilePicture: Mock<ClientApi['setProfilePicture']>;
let removeProfilePicture: Mock<ClientApi['removeProfilePicture']>;
let unbridge: () => void;
let objectUrls = 0;

beforeEach(() => {
  setState({ ...initialState, account: { sessionId: alice, displayName: 'Alice' } }, true);
  URL.createObjectURL = vi.fn(() => `blob:picture-${(objectUrls += 1)}`);
  URL.revokeObjectURL = vi.fn();
  getProfilePicture = vi.fn(async ({ sessionId }) => ({
    sessionId,
    contentType: 'image/webp',
    dataBase64: 'AAAA',
  }));
  setProfilePicture = vi.fn(async () => ({
    sessionId: alice,
    displayName: 'Alice',
    picture: 'aaaaaaaaaaaa',
  }));
  removeProfilePicture = vi.fn(async () => ({ sessionId: alice, displayName: 'Alice' }));
  connection = fakeConnection({
    getProfilePicture,
    setProfilePicture,
    removeProfilePicture,
    getSessionIdQr: async () => ({ svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', pngBase64: '' }),
  });
  useConnection(connection);
  unbridge = bridgeEvents(connection);
});
afterEach(() => {
  unbridge();
  cleanup();
});

describe('a person’s avatar', () => {
  it('shows their picture once it is here, and their initials again once it goes', async () => {
    setState({
      conversations: {
        [bob]: {
          id: bob,
          state: 'accepted',
          displayName: 'Bob',
          picture: '111111111111',
          unreadCount: 0,
          lastMessage: null,
          disappearing: { mode: 'off', seconds: 0 },
          approvedMe: true,
          muted: null,
        } as never,
      },
    });
    const { container } = render(<Avatar sessionId={bob} displayName="Bob" />);
    expect(container.textContent).toBe('B');
    await waitFor(() =>
      expect(container.querySelector('img')?.getAttribute('src')).toMatch(/^blob:picture-/u),
    );
    expect(getProfilePicture).toHaveBeenCalledExactlyOnceWith({ sessionId: bob });

    act(() => connection.emit('picture.changed', { sessionId: bob }));
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('B');

    // A new picture is fetched afresh, under its own token.
    act(() => connection.emit('picture.changed', { sessionId: bob, picture: '222222222222' }));
    await waitFor(() => expect(getProfilePicture).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(container.querySelector('img')).not.toBeNull());
  });

  it('shows the picture of someone met only in a group, from the group’s members', async () => {
    setState({
      groups: {
        [`03${'c'.repeat(64)}`]: {
          members: [
            { sessionId: bob, name: 'Bob', admin: false, status: 'accepted', picture: '555555555555' },
          ],
        } as never,
      },
    });
    const { container } = render(<Avatar sessionId={bob} displayName="Bob" />);
    await waitFor(() => expect(container.querySelector('img')).not.toBeNull());
    expect(getProfilePicture).toHaveBeenCalledWith({ sessionId: bob });
  });

  it('keeps the initials when the picture cannot be had', async () => {
    getProfilePicture.mockRejectedValue(new Error('no picture'));
    setState({ account: { sessionId: alice, displayName: 'Alice', picture: '333333333333' } });
    const { container } = render(<Avatar sessionId={alice} displayName="Alice" />);
    await waitFor(() => expect(getProfilePicture).toHaveBeenCalled());
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('A');
  });
});

function choose(file: File): void {
  const input = screen.getByTestId('profile-picture-input') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('choosing the account’s picture', () => {
  it('refuses a file that is no picture or over 10 MB, in words', () => {
    render(<Profile />);
    choose(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    expect(getState().notices.at(-1)?.text).toBe('Choose a picture: a JPEG, PNG, WebP or GIF file.');
    choose(new File([new Uint8Array(10_000_001)], 'huge.jpg', { type: 'image/jpeg' }));
    expect(getState().notices.at(-1)?.text).toBe('This picture is over 10 MB: choose a smaller one.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('frames it, uploads the framed square, and shows it', async () => {
    render(<Profile />);
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
    choose(new File([new Uint8Array(100)], 'me.png', { type: 'image/png' }));
    const image = document.querySelector('.picture-crop__image') as HTMLImageElement;
    Object.defineProperty(image, 'naturalWidth', { value: 1200 });
    Object.defineProperty(image, 'naturalHeight', { value: 800 });
    fireEvent.load(image);
    const frame = screen.getByTestId('picture-crop-window');
    // The wheel zooms off the slider's grid; Save must still submit (an off-step value once made
    // the form invalid).
    fireEvent.wheel(frame, { deltaY: -1 });
    fireEvent.wheel(frame, { deltaY: 1 });
    // Moved as far right in the photo as it goes, with the arrow keys.
    for (let step = 0; step < 20; step += 1) fireEvent.keyDown(frame, { key: 'ArrowRight' });
    const saveButton = screen.getByRole('button', { name: 'Save picture' }) as HTMLButtonElement;
    fireEvent.click(saveButton);
    await waitFor(() => expect(setProfilePicture).toHaveBeenCalledTimes(1));
    expect(setProfilePicture.mock.calls[0]![0]).toMatchObject({ crop: { left: 400, top: 0, side: 800 } });
    await waitFor(() => expect(screen.queryByText('Frame your picture')).toBeNull());
    expect(getState().account?.picture).toBe('aaaaaaaaaaaa');
    expect(await screen.findByRole('button', { name: 'Remove' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Change picture' })).toBeTruthy();
  });

  it('keeps the dialog open when the upload fails, and removes a picture', async () => {
    setProfilePicture.mockRejectedValueOnce(new Error('offline'));
    setState({ account: { sessionId: alice, displayName: 'Alice', picture: '444444444444' } });
    render(<Profile />);
    choose(new File([new Uint8Array(100)], 'me.png', { type: 'image/png' }));
    const image = document.querySelector('.picture-crop__image') as HTMLImageElement;
    Object.defineProperty(image, 'naturalWidth', { value: 600 });
    Object.defineProperty(image, 'naturalHeight', { value: 600 });
    fireEvent.load(image);
    fireEvent.click(screen.getByRole('button', { name: 'Save picture' }));
    await waitFor(() => expect(getState().notices.length).toBe(1));
    expect(screen.getByText('Frame your picture')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(getState().account?.picture).toBeUndefined());
    expect(removeProfilePicture).toHaveBeenCalledTimes(1);
  });
});
