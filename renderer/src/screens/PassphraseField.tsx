// One passphrase field of the unlock and choose-a-passphrase forms.
import { useId } from 'react';

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
