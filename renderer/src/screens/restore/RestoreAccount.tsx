// Restoring an account from its recovery phrase. The phrase is checked by the engine as it is typed
// and its words are shown as read, one chip each: a word typed by its start shows the rest of it,
// a bad word is marked at its place with its own message, and the 13th is labelled as the check
// word that the others must agree with (#17.9).
import { useEffect, useId, useRef, useState } from 'react';
import type { PhraseCheckView } from '../../../../shared/contract/views';
import { apiForScreens, restoreAccount } from '../../store/actions';
import { endsInWord, replaceWord, wordRanges } from './phraseText';
import { PhraseProblems, PhraseWords, wordProblems } from './PhraseWords';
import './restore.css';

const phraseLength = 13;

/** Checks the phrase with the engine shortly after each change; null while it is empty. */
function usePhraseCheck(phrase: string): PhraseCheckView | null {
  const [check, setCheck] = useState<PhraseCheckView | null>(null);
  useEffect(() => {
    if (phrase.trim() === '') {
      setCheck(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void apiForScreens()
        .checkRecoveryPhrase({ recoveryPhrase: phrase })
        .then((result) => {
          if (current) setCheck(result);
        })
        .catch(() => undefined);
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [phrase]);
  return check;
}

export function RestoreAccount({
  onBack,
  onRestored,
}: {
  onBack: () => void;
  /** Called once the account is back, with whether the network knew its display name. */
  onRestored: (hasDisplayName: boolean) => void;
}) {
  const [phrase, setPhrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const phraseId = useId();
  const statusId = useId();
  const baseId = useId();
  const hintId = useId();
  const check = usePhraseCheck(phrase);

  const wordCount = wordRanges(phrase).length;
  const problems = check ? wordProblems(check, endsInWord(phrase)) : [];
  // The whole phrase's problem (the count, the check word, words that cannot be together) waits
  // for the 13th word; before it, the count is a hint and only bad words are worth pointing out.
  const phraseMessage =
    error ??
    (check && !check.ok && problems.length === 0 && wordCount >= phraseLength ? check.message : null);
  const invalid = phraseMessage !== null || problems.length > 0;

  const edit = (next: string) => {
    setPhrase(next);
    setError(null);
  };
  const selectWord = (position: number) => {
    const range = wordRanges(phrase)[position - 1];
    if (!range || !field.current) return;
    field.current.focus();
    field.current.setSelectionRange(range.start, range.end);
  };

  return (
    <form
      className="card"
      aria-labelledby="restore-title"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void restoreAccount(phrase).then((result) => {
          setBusy(false);
          if (!result.ok) setError(result.message);
          else onRestored(result.account.displayName !== null);
        });
      }}
    >
      <h1 id="restore-title">Restore your account</h1>
      <div className="field">
        <label className="field__label" htmlFor={phraseId}>
          Recovery phrase
        </label>
        <textarea
          ref={field}
          id={phraseId}
          className="textarea phrase-input"
          value={phrase}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="none"
          aria-invalid={invalid}
          aria-describedby={`${statusId} ${hintId}`}
          placeholder="13 words, separated by spaces"
          onChange={(event) => edit(event.target.value)}
        />
        <span id={hintId} className="field__hint">
          A word can be typed by its first three letters or more: “ham” is “hamburger”.
        </span>
        {check && check.words.length > 0 && (
          <PhraseWords check={check} problems={problems} baseId={baseId} onSelect={selectWord} />
        )}
        <div id={statusId} className="phrase-status" role={invalid ? 'alert' : undefined}>
          {phraseMessage ? (
            <p className="field__error">{phraseMessage}</p>
          ) : (
            problems.length === 0 && <p className="field__hint">{`${wordCount} of ${phraseLength} words`}</p>
          )}
          {problems.length > 0 && (
            <PhraseProblems
              problems={problems}
              baseId={baseId}
              onReplace={(position, word) => edit(replaceWord(phrase, position, word))}
            />
          )}
        </div>
      </div>
      {busy && (
        <p className="field__hint" role="status">
          Fetching your name, contacts and read state from the network (up to 15 seconds)…
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy || !check?.ok}>
          {busy ? 'Restoring…' : 'Restore account'}
        </button>
        <button type="button" className="button button--quiet" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}
