// Choosing a new passphrase, typed twice: at the first start without a keychain, and in Settings
// when keys stored without protection are protected. The form checks the length and the match;
// `submit` hands the passphrase to the engine and answers an error in words, or null.
import { type ReactNode, useState } from 'react';
import { minimumPassphraseLength } from '../../../shared/contract/clientApi';
import { PassphraseField } from './PassphraseField';

export function NewPassphraseForm({
  className,
  labelledBy,
  label,
  fieldLabels,
  hint,
  submitLabel,
  submit,
  children,
}: {
  className: string;
  /** The id of the heading that names the form, or else `label`. */
  labelledBy?: string;
  label?: string;
  fieldLabels: { readonly passphrase: string; readonly confirmation: string };
  hint: string;
  submitLabel: string;
  submit: (passphrase: string) => Promise<string | null>;
  /** What comes above the fields (a heading, an explanation). */
  children?: ReactNode;
}) {
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
      className={className}
      aria-labelledby={labelledBy}
      aria-label={labelledBy === undefined ? label : undefined}
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        if (!longEnough || confirmation !== passphrase) return;
        setBusy(true);
        void submit(passphrase).then((failure) => {
          setBusy(false);
          setError(failure);
        });
      }}
    >
      {children}
      <PassphraseField
        label={fieldLabels.passphrase}
        value={passphrase}
        autoComplete="new-password"
        error={error}
        hint={`At least ${minimumPassphraseLength} characters. ${hint}`}
        onChange={(value) => {
          setPassphrase(value);
          setError(null);
        }}
      />
      <PassphraseField
        label={fieldLabels.confirmation}
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
          {busy ? 'Protecting…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
