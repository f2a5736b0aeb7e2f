// Choosing the name the account gives a person: shown instead of theirs everywhere, on every device
// of the account (the Contacts config). An empty field removes the nickname.
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ConversationView } from '../../../../shared/contract/views';
import { setNickname } from '../../store/actions';

/** The Contacts config keeps names of at most 100 bytes (the contract counts characters). */
const maximumLength = 100;

export function NicknameDialog({
  conversation,
  onClose,
}: {
  conversation: ConversationView;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const hintId = useId();
  const [value, setValue] = useState(conversation.nickname ?? '');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current!;
    if (!dialog.open) dialog.showModal?.();
    return () => dialog.close?.();
  }, []);

  const trimmed = value.trim();
  const unchanged = trimmed === (conversation.nickname ?? '');
  const save = async (nickname: string | null): Promise<void> => {
    setBusy(true);
    const saved = await setNickname(conversation.id, nickname);
    setBusy(false);
    if (saved) onClose();
  };

  return createPortal(
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <form
        className="dialog__box"
        onSubmit={(event) => {
          event.preventDefault();
          if (!unchanged) void save(trimmed === '' ? null : trimmed);
        }}
      >
        <h2 id={titleId} className="dialog__title">
          {conversation.nickname ? 'Change nickname' : 'Set a nickname'}
        </h2>
        <div className="dialog__body">
          <label className="field">
            <span className="field__label">Nickname</span>
            <input
              className="input"
              value={value}
              maxLength={maximumLength}
              autoFocus
              aria-describedby={hintId}
              placeholder={conversation.displayName ?? 'A name only you see'}
              onChange={(event) => setValue(event.target.value)}
            />
          </label>
          <p id={hintId} className="field__hint">
            Only you see it, on each of your devices. Leave it empty to show their own name.
          </p>
        </div>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy || unchanged}>
            {trimmed === '' && conversation.nickname ? 'Remove' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
