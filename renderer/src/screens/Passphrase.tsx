// The passphrase that protects the keys when this computer has no keychain: chosen once, before
// the account is made, then entered at every start. The engine derives the key (Argon2id, about
// half a second), so the form shows it is busy; the passphrase goes to the engine and nowhere else.
import { useState } from 'react';
import { Logo } from '../components/Logo';
import { unlock } from '../store/accountActions';
import { NewPassphraseForm } from './NewPassphraseForm';
import { PassphraseField } from './PassphraseField';

export function Passphrase({ need }: { need: 'choose' | 'enter' }) {
  return need === 'choose' ? <ChoosePassphrase /> : <EnterPassphrase />;
}

function ChoosePassphrase() {
  return (
    <NewPassphraseForm
      className="card"
      labelledBy="choose-passphrase-title"
      fieldLabels={{ passphrase: 'Passphrase', confirmation: 'Confirm passphrase' }}
      hint="You will enter it each time Starling starts."
      submitLabel="Continue"
      submit={unlock}
    >
      <Logo />
      <h1 id="choose-passphrase-title">Choose a passphrase</h1>
      <p>
        This computer has no keychain, so Starling protects your keys with a passphrase. It cannot be
        recovered; your recovery phrase still restores your account.
      </p>
    </NewPassphraseForm>
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
      <Logo />
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
