// Onboarding: create an account (the 13 words shown once, and confirmed saved), or restore one
// from its phrase with errors shown as it is typed; then a display name. Without a keychain, a
// passphrase comes first: chosen before the account, entered at every start after it.
import { useEffect, useId, useState } from 'react';
import type { PhraseCheckView } from '../../../shared/contract/views';
import { apiForScreens, createAccount, enterApp, restoreAccount, updateDisplayName } from '../store/actions';
import { useAppStore } from '../store/store';
import { Passphrase } from './Passphrase';
import { Logo } from '../components/Logo';

type Step = 'welcome' | 'create' | 'savePhrase' | 'restore';

export function Onboarding() {
  const [step, setStep] = useState<Step>('welcome');
  const [phrase, setPhrase] = useState<string | null>(null);
  const startup = useAppStore((state) => state.startup);

  if (startup?.state === 'needsPassphrase') {
    return (
      <main className="centered">
        <Passphrase need={startup.passphrase} />
      </main>
    );
  }
  return (
    <main className="centered">
      {step === 'welcome' && (
        <Welcome onCreate={() => setStep('create')} onRestore={() => setStep('restore')} />
      )}
      {step === 'create' && (
        <CreateAccount
          onBack={() => setStep('welcome')}
          onCreated={(recoveryPhrase) => {
            setPhrase(recoveryPhrase);
            setStep('savePhrase');
          }}
        />
      )}
      {step === 'savePhrase' && phrase && <SavePhrase phrase={phrase} />}
      {step === 'restore' && <RestoreAccount onBack={() => setStep('welcome')} />}
    </main>
  );
}

function Welcome({ onCreate, onRestore }: { onCreate: () => void; onRestore: () => void }) {
  return (
    <section className="card" aria-labelledby="welcome-title">
      <Logo />
      <h1 id="welcome-title">Welcome to Starling</h1>
      <p>
        Private messages on the Session network: no phone number, no e-mail. Your account is a Session ID and
        a 13-word recovery phrase that only you hold.
      </p>
      <div className="actions">
        {/* The first screen's first action has the focus, so Enter or Space starts (#17, item 15). */}
        <button type="button" className="button" onClick={onCreate} autoFocus>
          Create account
        </button>
        <button type="button" className="button button--secondary" onClick={onRestore}>
          I have an account
        </button>
      </div>
    </section>
  );
}

function DisplayNameField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        Display name
      </label>
      <input
        id={id}
        className="input"
        value={value}
        maxLength={100}
        autoComplete="nickname"
        placeholder="How others see you"
        onChange={(event) => onChange(event.target.value)}
      />
      <span className="field__hint">Sent with your messages. You can change it later.</span>
    </div>
  );
}

function CreateAccount({ onBack, onCreated }: { onBack: () => void; onCreated: (phrase: string) => void }) {
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card"
      aria-labelledby="create-title"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void createAccount(displayName.trim() || undefined).then((phrase) => {
          setBusy(false);
          if (phrase) onCreated(phrase);
        });
      }}
    >
      <h1 id="create-title">Create your account</h1>
      <DisplayNameField value={displayName} onChange={setDisplayName} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy || displayName.trim() === ''}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        <button type="button" className="button button--quiet" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}

function SavePhrase({ phrase }: { phrase: string }) {
  const [saved, setSaved] = useState(false);
  const checkbox = useId();
  return (
    <section className="card" aria-labelledby="phrase-title">
      <h1 id="phrase-title">Your recovery phrase</h1>
      <p>
        These 13 words are the only way back into your account on a new device. Write them down and keep them
        somewhere safe; anyone who has them can read your messages.
      </p>
      <ol className="phrase" aria-label="Recovery phrase">
        {phrase.split(' ').map((word, index) => (
          <li key={index}>{word}</li>
        ))}
      </ol>
      <label htmlFor={checkbox} className="checkbox">
        <input
          id={checkbox}
          type="checkbox"
          checked={saved}
          onChange={(event) => setSaved(event.target.checked)}
        />
        <span>I have saved my recovery phrase</span>
      </label>
      <div className="actions">
        <button type="button" className="button" disabled={!saved} onClick={() => void enterApp()}>
          Continue
        </button>
      </div>
    </section>
  );
}

/** "a", "a or b", "a, b or c". */
function alternatives(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;
}

/** The words not in the list, with the nearest list words, worded as the engine words them. */
function unknownWordsMessage(unknownWords: PhraseCheckView['unknownWords']): string {
  return unknownWords
    .map(({ position, word, suggestions }) => {
      const hint =
        suggestions.length > 0 ? ` Did you mean ${alternatives(suggestions.map((s) => `“${s}”`))}?` : '';
      return `Word ${position}, “${word}”, is not a recovery-phrase word.${hint}`;
    })
    .join(' ');
}

/**
 * After a restore that found no display name on the network (the account never had one, or its
 * devices never pushed it): ask for one, as desktop does, or go on without.
 */
function ChooseDisplayName() {
  const [displayName, setDisplayName] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card"
      aria-labelledby="choose-name-title"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void updateDisplayName(displayName.trim()).then((saved) => {
          setBusy(false);
          if (saved) void enterApp();
        });
      }}
    >
      <h1 id="choose-name-title">Choose your display name</h1>
      <p>Your account is back. No display name was found for it on the network.</p>
      <DisplayNameField value={displayName} onChange={setDisplayName} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy || displayName.trim() === ''}>
          Continue
        </button>
        <button type="button" className="button button--quiet" onClick={() => void enterApp()}>
          Skip for now
        </button>
      </div>
    </form>
  );
}

function RestoreAccount({ onBack }: { onBack: () => void }) {
  const [phrase, setPhrase] = useState('');
  const [needsName, setNeedsName] = useState(false);
  const [check, setCheck] = useState<PhraseCheckView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const phraseId = useId();
  const errorId = useId();

  useEffect(() => {
    if (phrase.trim() === '') {
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      void apiForScreens()
        .checkRecoveryPhrase({ recoveryPhrase: phrase })
        .then(setCheck)
        .catch(() => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [phrase]);

  // While typing, only unknown words are worth pointing out; the rest waits for the 13th word.
  // (Before the 13th, the check's message is about the word count: the unknown words say more.)
  const wordCount = phrase.trim() === '' ? 0 : phrase.trim().split(/[\s,;]+/u).length;
  const inlineError =
    error ??
    (check && !check.ok
      ? check.unknownWords.length > 0
        ? unknownWordsMessage(check.unknownWords)
        : wordCount >= 13
          ? check.message
          : null
      : null);

  if (needsName) return <ChooseDisplayName />;
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
          else if (result.account.displayName === null) setNeedsName(true);
          else void enterApp();
        });
      }}
    >
      <h1 id="restore-title">Restore your account</h1>
      <div className="field">
        <label className="field__label" htmlFor={phraseId}>
          Recovery phrase
        </label>
        <textarea
          id={phraseId}
          className="textarea mono"
          value={phrase}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={inlineError !== null}
          aria-describedby={errorId}
          placeholder="13 words, separated by spaces"
          onChange={(event) => {
            setPhrase(event.target.value);
            setError(null);
          }}
        />
        <span
          id={errorId}
          className={inlineError ? 'field__error' : 'field__hint'}
          role={inlineError ? 'alert' : undefined}
        >
          {inlineError ?? `${wordCount} of 13 words`}
        </span>
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
