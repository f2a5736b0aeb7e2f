// The passphrase that protects the keys when this computer has no keychain: chosen once, before
// the account is made, then entered at every start. The engine derives the key (Argon2id, about
// half a second), so the form shows it is busy; the passphrase goes to the engine and nowhere else.
import { useId, useState } from 'react';
import { minimumPassphraseLength } from '../../../shared/contract/clientApi';
import { unlock } from '../store/accountActions';

export function Passphrase({ need }: { need: 'choose' | 'enter' }) {
  return need === 'choose' ? <ChoosePassphrase /> : <EnterPassphrase />;
}

/** A password field with its label and, below it, a hint or the error in words. */
export function PassphraseField({
  label,
  value,
  onChange,
  autoComplete,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'new-password' | 'current-password';
  error: string | null;
  hint?: string;
}) {
  const id = useId();
  const messageId = useId();
  const message = error ?? hint;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        type="password"
        value={value}
        maxLength={1_024}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={error !== null}
        aria-describedby={message ? messageId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {message && (
        <span
          id={messageId}
          className={error ? 'field__error' : 'field__hint'}
          role={error ? 'alert' : undefined}
        >
          {message}
        </span>
      )}
    </div>
  );
}

function ChoosePassphrase() {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const longEnough = passphrase.length >= minimumPassphraseLength;
  // Pointed out once the confirmation is as long as the passphrase, not at every keystroke.
  const mismatch =
    confirmation.length >= passphrase.length && confirmation !== passphrase && confirmation !== '';

  return (
    <form
      className="card"
      aria-labelledby="choose-passphrase-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!longEnough || confirmation !== passphrase) return;
        setBusy(true);
        void unlock(passphrase).then((failure) => {
          setBusy(false);
          setError(failure);
        });
      }}
    >
      <span className="logo" aria-hidden="true" />
      <h1 id="choose-passphrase-title">Choose a passphrase</h1>
      <p>
        This computer has no keychain, so Starling protects your keys with a passphrase. It cannot be
        recovered; your recovery phrase still restores your account.
      </p>
      <PassphraseField
        label="Passphrase"
        value={passphrase}
        autoComplete="new-password"
        error={error}
        hint={`At least ${minimumPassphraseLength} characters. You will enter it each time Starling starts.`}
        onChange={(value) => {
          setPassphrase(value);
          setError(null);
        }}
      />
      <PassphraseField
        label="Confirm passphrase"
        value={confirmation}
        autoComplete="new-password"
        error={mismatch ? 'The passphrases do not match.' : null}
        onChange={setConfirmation}
      />
      <div className="actions">
        <button
          type="submit"
          className="button"
          disabled={busy || !longEnough || confirmation !== passphrase}
        >
          {busy ? 'Protecting…' : 'Continue'}
        </button>
      </div>
    </form>
  );
}

function EnterPassphrase() {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="card"
      aria-labelledby="enter-passphrase-title"
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        void unlock(passphrase).then((failure) => {
          setBusy(false);
          setError(failure);
          // A wrong passphrase is cleared, so the next attempt starts from an empty field.
          if (failure !== null) setPassphrase('');
        });
      }}
    >
      <span className="logo" aria-hidden="true" />
      <h1 id="enter-passphrase-title">Unlock Starling</h1>
      <p>Enter the passphrase that protects your keys on this computer.</p>
      <PassphraseField
        label="Passphrase"
        value={passphrase}
        autoComplete="current-password"
        error={error}
        onChange={(value) => {
          setPassphrase(value);
          setError(null);
        }}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={busy || passphrase === ''}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </div>
    </form>
  );
}
