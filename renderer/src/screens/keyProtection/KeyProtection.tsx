// The offer to protect keys stored without protection (a profile of an older Starling, or made with
// --unprotected): a banner above every screen that leads to Settings, and there a form to choose
// the passphrase. The engine re-wraps the same vault key, so nothing is re-encrypted or lost.
import { useState } from 'react';
import { minimumPassphraseLength } from '../../../../shared/contract/clientApi';
import { showScreen } from '../../store/actions';
import { protectKeys } from '../../store/accountActions';
import { useAppStore } from '../../store/store';
import { PassphraseField } from '../Passphrase';
import { PageSection } from '../settings/Page';
import './keyProtection.css';

export const unprotectedKeysWords = 'Your keys are stored without protection — choose a passphrase.';

export function useKeysUnprotected(): boolean {
  return useAppStore((state) => state.startup?.keysUnprotected === true);
}

/** Above every screen until the keys are protected; Settings holds the form itself. */
export function KeyProtectionBanner() {
  const unprotected = useKeysUnprotected();
  const screen = useAppStore((state) => state.screen);
  if (!unprotected || screen === 'settings') return null;
  return (
    <div className="key-protection-banner" role="alert" aria-label="Key protection">
      <p className="key-protection-banner__text">{unprotectedKeysWords}</p>
      <button type="button" className="button" onClick={() => showScreen('settings')}>
        Choose a passphrase
      </button>
    </div>
  );
}

/** Settings → Key protection: shown while the keys are unprotected, and once to say they are now. */
export function KeyProtectionSection() {
  const unprotected = useKeysUnprotected();
  const [protectedNow, setProtectedNow] = useState(false);
  if (!unprotected && !protectedNow) return null;
  return (
    <PageSection
      title="Key protection"
      description={
        protectedNow
          ? 'Your keys are protected by your passphrase. Starling asks for it each time it starts.'
          : unprotectedKeysWords
      }
    >
      {!protectedNow && <ProtectKeysForm onProtected={() => setProtectedNow(true)} />}
    </PageSection>
  );
}

function ProtectKeysForm({ onProtected }: { onProtected: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const longEnough = passphrase.length >= minimumPassphraseLength;
  const mismatch =
    confirmation.length >= passphrase.length && confirmation !== passphrase && confirmation !== '';
  return (
    <form
      className="key-protection-form"
      aria-label="Protect your keys"
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        if (!longEnough || confirmation !== passphrase) return;
        setBusy(true);
        void protectKeys(passphrase).then((failure) => {
          setBusy(false);
          setError(failure);
          if (failure === null) onProtected();
        });
      }}
    >
      <PassphraseField
        label="New passphrase"
        value={passphrase}
        autoComplete="new-password"
        error={error}
        hint={`At least ${minimumPassphraseLength} characters. It cannot be recovered; your recovery phrase still restores your account.`}
        onChange={(value) => {
          setPassphrase(value);
          setError(null);
        }}
      />
      <PassphraseField
        label="Confirm new passphrase"
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
          {busy ? 'Protecting…' : 'Protect keys'}
        </button>
      </div>
    </form>
  );
}
