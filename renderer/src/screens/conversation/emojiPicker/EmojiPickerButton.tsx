// A button that opens the emoji picker beside it (the composer's smiley): pressed again, or on a
// pick, it closes; the focus then goes to `returnFocus` (the field the emoji went into).
import { type ReactNode, type RefObject, useRef, useState } from 'react';
import { EmojiPickerPopup } from './EmojiPickerPopup';

export function EmojiPickerButton({
  label,
  className,
  children,
  returnFocus,
  onPick,
}: {
  label: string;
  className: string;
  children: ReactNode;
  returnFocus: RefObject<HTMLElement | null>;
  onPick: (emoji: string) => void;
}) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {children}
      </button>
      {open && buttonRef.current && (
        <EmojiPickerPopup
          anchor={buttonRef.current}
          label={label}
          onPick={onPick}
          onClose={(restoreFocus) => {
            setOpen(false);
            if (restoreFocus) (returnFocus.current ?? buttonRef.current)?.focus();
          }}
        />
      )}
    </>
  );
}
