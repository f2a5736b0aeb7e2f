// Onboarding: create an account (the 13 words shown once, and confirmed saved), or restore one
// from its phrase (restore/) with errors shown at their words as it is typed; then a display name. Without a keychain, a
// passphrase comes first: chosen before the account, entered at every start after it.
import { useId, useState } from 'react';
import { createAccount, enterApp, updateDisplayName } from '../store/actions';
import { useAppStore } from '../store/store';
import { Passphrase } from './Passphrase';
import { Logo } from '../components/Logo';
import { RestoreAccount } from './restore/RestoreAccount';

type Step = 'welcome' | 'create' | 'savePhrase' | 'restore' | 'chooseName';

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
      {step === 'restore' && (
        <RestoreAccount
          onBack={() => setStep('welcome')}
          onRestored={(hasDisplayName) => (hasDisplayName ? void enterApp() : setStep('chooseName'))}
        />
      )}
      {step === 'chooseName' && <ChooseDisplayName />}
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
