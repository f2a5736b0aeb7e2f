// The offer to protect keys stored without protection (a profile of an older Starling, or made with
// --unprotected): a banner above every screen that leads to Settings, and there a form to choose
// the passphrase. The engine re-wraps the same vault key, so nothing is re-encrypted or lost.
import { useState } from 'react';
import { showScreen } from '../../store/actions';
import { protectKeys } from '../../store/accountActions';
import { useAppStore } from '../../store/store';
import { NewPassphraseForm } from '../NewPassphraseForm';
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
  return (
    <NewPassphraseForm
      className="key-protection-form"
      label="Protect your keys"
      fieldLabels={{ passphrase: 'New passphrase', confirmation: 'Confirm new passphrase' }}
      hint="It cannot be recovered; your recovery phrase still restores your account."
      submitLabel="Protect keys"
      submit={async (passphrase) => {
        const failure = await protectKeys(passphrase);
        if (failure === null) onProtected();
        return failure;
      }}
    />
  );
}
