// Creating a closed group: its name (required), a description, and up to 9 people (10 with you).
// The group opens once it exists; the invites go out meanwhile, and the member list shows each one's
// status.
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { maximumGroupMembers } from '../../../../shared/contract/clientApi';
import { createGroup } from '../../store/groupActions';
import { ContactPicker } from './ContactPicker';
import { GroupDetailsFields, groupDetailsProblem } from './GroupDetailsFields';
import './groups.css';

export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current!;
    if (!dialog.open) dialog.showModal?.();
    return () => dialog.close?.();
  }, []);

  const problem = groupDetailsProblem(name, description);
  const create = async (): Promise<void> => {
    setTried(true);
    if (problem) return;
    setBusy(true);
    const created = await createGroup({
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      members: [...members],
    });
    setBusy(false);
    if (created) onClose();
  };

  return createPortal(
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form
        className="dialog__box dialog__box--wide"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <h2 id={titleId} className="dialog__title">
          New group
        </h2>
        <p className="dialog__body">
          Up to {maximumGroupMembers} people, you included. Everyone in it can read and write; as its admin
          you can rename it and add or remove people.
        </p>
        <GroupDetailsFields
          name={name}
          description={description}
          onName={setName}
          onDescription={setDescription}
          showProblem={tried}
          autoFocus
        />
        <div className="field">
          <span className="field__label">People</span>
          <ContactPicker chosen={members} onChange={setMembers} room={maximumGroupMembers - 1} />
        </div>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" disabled={busy} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating…' : 'Create group'}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
