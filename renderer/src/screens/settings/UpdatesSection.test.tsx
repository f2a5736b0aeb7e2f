// @vitest-environment happy-dom
// Settings → Updates (#17 item 6): a check says that it is checking, then what it found, in words.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { initialState, setState } from '../../store/store';
import { clockTime } from '../conversation/format';
import { fakeConnection } from './fakeConnection';
import { UpdatesSection } from './UpdatesSection';

const noFeed: UpdateView = {
  kind: 'upToDate',
  currentVersion: '1.2.0',
  version: null,
  reason: null,
  deadline: null,
  notes: null,
  message: 'Starling 1.2.0 works with the current network. No update feed is set up for this Starling.',
  feed: 'none',
  checkedAt: null,
  download: 'unsupported',
  progress: null,
  failure: null,
};

let answer: (view: UpdateView) => void;

beforeEach(() => {
  setState({ ...initialState, update: noFeed }, true);
  useConnection(
    fakeConnection({
      checkForUpdates: () =>
        new Promise<UpdateView>((resolve) => {
          answer = resolve;
        }),
    }),
  );
});
afterEach(cleanup);

describe('checking for updates in Settings', () => {
  it('shows that it is checking, then the result and when it looked', async () => {
    render(<UpdatesSection />);
    const result = screen.getByRole('status');
    expect(result.textContent).toContain('No update feed is set up');
    fireEvent.click(screen.getByRole('button', { name: 'Check for updates' }));
    expect(result.textContent).toBe('Checking for updates…');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Checking…' }).disabled).toBe(true);

    const checkedAt = Date.now();
    await act(async () =>
      answer({
        ...noFeed,
        feed: 'unreachable',
        checkedAt,
        message:
          'Could not read the update feed https://updates.example/: timed out. Starling 1.2.0 works with the current network; Starling will try again in a few hours.',
      }),
    );
    expect(result.textContent).toContain(
      'Could not read the update feed https://updates.example/: timed out.',
    );
    expect(result.textContent).toContain(`Last checked at ${clockTime(checkedAt)}.`);
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeTruthy();
  });
});
