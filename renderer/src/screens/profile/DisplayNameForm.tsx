// The display name, sent with messages (product.md): edited in place, saved on Save or Enter.
import { useId, useState } from 'react';
import { updateDisplayName } from '../../store/actions';

const maximumLength = 100;

export function DisplayNameForm({ displayName }: { displayName: string | null }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const fieldId = useId();
  const hintId = useId();

  const value = draft ?? displayName ?? '';
  const trimmed = value.trim();
  const changed = draft !== null && trimmed !== (displayName ?? '');
  const empty = draft !== null && trimmed === '';

  return (
    <form
      className="profile-name"
      onSubmit={(event) => {
        event.preventDefault();
        if (!changed || empty || saving) return;
        setSaving(true);
        void updateDisplayName(trimmed).then((ok) => {
          setSaving(false);
          if (ok) {
            setDraft(null);
            setSaved(true);
          }
        });
      }}
    >
      <div className="field">
        {/* The section's heading says it on screen; the label names the field for screen readers. */}
        <label className="visually-hidden" htmlFor={fieldId}>
          Display name
        </label>
        <div className="profile-name__row">
          <input
            id={fieldId}
            className="input"
            value={value}
            maxLength={maximumLength}
            autoComplete="nickname"
            placeholder="How others see you"
            aria-invalid={empty}
            aria-describedby={hintId}
            onChange={(event) => {
              setDraft(event.target.value);
              setSaved(false);
            }}
          />
          <button type="submit" className="button" disabled={!changed || empty || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
        <span
          id={hintId}
          className={empty ? 'field__error' : saved ? 'page-success' : 'field__hint'}
          role={empty || saved ? 'status' : undefined}
        >
          {empty
            ? 'Enter a display name.'
            : saved
              ? '✓ Saved. People see it with your next message.'
              : 'Sent with your messages, so the people you write to see who you are.'}
        </span>
      </div>
    </form>
  );
}
