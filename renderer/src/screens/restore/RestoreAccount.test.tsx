// @vitest-environment happy-dom
// The restore form shows each problem at its word (#17.9). The engine's check is stood in for by
// a fake that answers what the host answers (core/host/clientHost checkRecoveryPhrase; the reading
// rules themselves are tested in shared/protocol/mnemonic).
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhraseCheckView, PhraseWordView } from '../../../../shared/contract/views';
import { useConnection } from '../../store/actions';
import { initialState, setState } from '../../store/store';
import { fakeConnection } from '../settings/fakeConnection';
import { RestoreAccount } from './RestoreAccount';

/** Some list words, as the host reads them: a word by its start of three letters or more. */
const list = ['abbey', 'hamburger', 'python', 'costume', 'heels', 'amnesty', 'zoom', 'quote', 'quota'];

function read(typed: string, position: number): PhraseWordView {
  const word = typed.length >= 3 ? (list.find((candidate) => candidate.startsWith(typed)) ?? null) : null;
  if (word) return { position, typed, word, state: 'word', message: null, suggestions: [] };
  const unfinished = typed.length < 3 && list.some((candidate) => candidate.startsWith(typed));
  return {
    position,
    typed,
    word: null,
    state: unfinished ? 'unfinished' : 'unknown',
    message: `Word ${position}, “${typed}”, is not a recovery-phrase word.`,
    suggestions: typed.startsWith('qu') ? ['quote', 'quota'] : typed.startsWith('ham') ? ['hamburger'] : [],
  };
}

let answer: (phrase: string) => Partial<PhraseCheckView> = () => ({});

async function check({ recoveryPhrase }: { recoveryPhrase: string }): Promise<PhraseCheckView> {
  const words = recoveryPhrase
    .toLowerCase()
    .split(/[\s,;]+/u)
    .filter(Boolean)
    .map((typed, index) => read(typed, index + 1));
  const unknownWords = words
    .filter(({ word }) => word === null)
    .map(({ position, typed, suggestions }) => ({ position, word: typed, suggestions }));
  return {
    ok: false,
    message: 'A recovery phrase has 13 words.',
    problem: unknownWords.length > 0 ? 'unknownWord' : 'wordCount',
    positions: [],
    words,
    unknownWords,
    ...answer(recoveryPhrase),
  };
}

async function type(text: string): Promise<void> {
  fireEvent.change(screen.getByLabelText('Recovery phrase'), { target: { value: text } });
  // The form checks 150 ms after the last change.
  await act(async () => {
    await vi.advanceTimersByTimeAsync(200);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  answer = () => ({});
  setState({ ...initialState, startup: { state: 'needsAccount' } as never }, true);
  useConnection(fakeConnection({ checkRecoveryPhrase: check }));
  render(<RestoreAccount onBack={() => undefined} onRestored={() => undefined} />);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the recovery phrase field', () => {
  it('shows each word as read, a word typed by its start with the rest of it', async () => {
    await type('abbey ham ');
    const words = screen.getByRole('list', { name: 'Your words as read' });
    expect(
      within(words)
        .getAllByRole('button')
        .map((chip) => chip.getAttribute('aria-label')),
    ).toEqual(['Word 1: abbey', 'Word 2: hamburger']);
    expect(screen.getByText('2 of 13 words')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('gives each bad word its own message, linked to its chip, not one paragraph', async () => {
    await type('abbey qzxvk python hamster zoom');
    const alert = screen.getByRole('alert');
    const messages = within(alert).getAllByRole('listitem');
    expect(messages.map((item) => item.textContent)).toEqual([
      'Word 2, “qzxvk”, is not a recovery-phrase word.',
      'Word 4, “hamster”, is not a recovery-phrase word. Did you mean hamburger?',
    ]);
    const chip = screen.getByRole('button', { name: 'Word 4: hamster' });
    expect(document.getElementById(chip.getAttribute('aria-describedby')!)).toBe(messages[1]);
    expect(chip.className).toContain('phrase-word--bad');
    expect(screen.getByRole('button', { name: 'Word 1: abbey' }).getAttribute('aria-describedby')).toBeNull();
    expect(screen.getByLabelText('Recovery phrase').getAttribute('aria-invalid')).toBe('true');
  });

  it('puts a suggestion in place of its word and keeps the rest as typed', async () => {
    await type('Abbey,  hamster\nzoom');
    fireEvent.click(screen.getByRole('button', { name: 'Use “hamburger” as word 2' }));
    expect((screen.getByLabelText('Recovery phrase') as HTMLTextAreaElement).value).toBe(
      'Abbey,  hamburger\nzoom',
    );
  });

  it('selects a word in the field when its chip is pressed', async () => {
    await type('abbey qzxvk zoom');
    fireEvent.click(screen.getByRole('button', { name: 'Word 2: qzxvk' }));
    const field = screen.getByLabelText('Recovery phrase') as HTMLTextAreaElement;
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([6, 11]);
  });

  it('waits for the last word while it is being typed', async () => {
    await type('abbey ha');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Word 2: ha' }).className).toContain('phrase-word--pending');
    // Once something follows it, two letters are too few to tell the word.
    await type('abbey ha zoom');
    expect(screen.getByRole('alert').textContent).toContain('Word 2, “ha”');
  });

  it('labels the 13th word as the check word and marks it when it repeats none of the others', async () => {
    const phrase =
      'python costume hamburger heels amnesty abbey python costume hamburger heels amnesty abbey zoom';
    answer = () => ({
      problem: 'checksum',
      message: 'Word 13 is a check word: it repeats one of the first 12 words … “zoom” is none of them.',
      positions: [13],
    });
    await type(phrase);
    const checkWord = screen.getByRole('button', { name: 'Word 13, the check word: zoom' });
    expect(checkWord.className).toContain('phrase-word--marked');
    expect(screen.getByRole('alert').textContent).toContain('is a check word');
    expect(screen.getByRole('button', { name: 'Restore account' })).toHaveProperty('disabled', true);
  });
});
