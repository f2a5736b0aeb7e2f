// A modal question before something that cannot be undone (delete for everyone, block) or that
// leaves the app (opening a link). The native <dialog> keeps the focus inside, closes on Escape and
// gives the focus back when it closes.
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  tone = 'danger',
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /**
   * 'danger': the confirmation is red and has the focus (the person chose a harmful action).
   * 'caution': it is a plain button and Cancel has the focus, so a stray Enter does not go ahead.
   */
  tone?: 'danger' | 'caution';
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = dialogRef.current!;
    if (!dialog.open) dialog.showModal?.();
    return () => dialog.close?.();
  }, []);

  return createPortal(
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) cancels.
        if (event.target === dialogRef.current) onCancel();
      }}
    >
      <div className="dialog__box">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div id={bodyId} className="dialog__body">
          {children}
        </div>
        <div className="dialog__actions">
          <button
            type="button"
            className="button button--secondary"
            autoFocus={tone === 'caution'}
            onClick={onCancel}
          >
            Cancel
          </button>
          <button
            type="button"
            className={tone === 'danger' ? 'button button--danger-solid' : 'button'}
            autoFocus={tone === 'danger'}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </dialog>,
    document.body,
  );
}
