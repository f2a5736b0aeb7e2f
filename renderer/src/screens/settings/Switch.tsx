// An on/off setting: a native button with role="switch" and aria-checked, named by its visible
// label (clicking the label toggles it too) and described by what it does.
import { type ReactNode, useId } from 'react';

export function SettingSwitch({
  label,
  description,
  checked,
  busy = false,
  disabled = false,
  onChange,
}: {
  label: string;
  description: ReactNode;
  checked: boolean;
  busy?: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}) {
  const switchId = useId();
  const descriptionId = useId();
  return (
    <div className="setting-row">
      <div className="setting-row__text">
        <label className="setting-row__label" htmlFor={switchId}>
          {label}
        </label>
        <span id={descriptionId} className="setting-row__description">
          {description}
        </span>
      </div>
      <button
        id={switchId}
        type="button"
        role="switch"
        className="toggle-switch"
        aria-checked={checked}
        aria-describedby={descriptionId}
        aria-busy={busy || undefined}
        disabled={disabled}
        onClick={() => {
          // Kept focusable while the engine answers (a disabled button would drop the focus).
          if (!busy) onChange(!checked);
        }}
      >
        <span className="toggle-switch__thumb" aria-hidden="true" />
      </button>
    </div>
  );
}
