// A room's settings in its information, for its admins: its name and description, saved to the
// server (PUT /room/<t>) for every member to see by their next poll. A refusal is said under the
// form, and what was typed stays.
import { useId, useState } from 'react';
import type { CommunitySummaryView } from '../../../../shared/contract/views';
import { updateCommunityRoom } from '../../store/communityActions';

export function RoomSettings({
  conversationId,
  community,
}: {
  conversationId: string;
  community: CommunitySummaryView;
}) {
  const [name, setName] = useState(community.name ?? '');
  const [description, setDescription] = useState(community.description ?? '');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const id = useId();
  const nameChanged = name.trim() !== (community.name ?? '');
  const descriptionChanged = description.trim() !== (community.description ?? '');

  const save = async (): Promise<void> => {
    setBusy(true);
    const answer = await updateCommunityRoom(conversationId, {
      ...(nameChanged ? { name } : {}),
      ...(descriptionChanged ? { description } : {}),
    });
    setBusy(false);
    setOutcome(
      answer.ok ? { ok: true, text: 'Saved for everyone in the room.' } : { ok: false, text: answer.error },
    );
  };

  return (
    <section className="room-moderation" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="room-moderation__title">
        Room settings
      </h3>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-name`}>
          Name
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          maxLength={64}
          dir="auto"
          onChange={(event) => {
            setName(event.target.value);
            setOutcome(null);
          }}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-description`}>
          Description
        </label>
        <textarea
          id={`${id}-description`}
          className="input room-settings__description"
          value={description}
          maxLength={1_000}
          rows={3}
          dir="auto"
          onChange={(event) => {
            setDescription(event.target.value);
            setOutcome(null);
          }}
        />
      </div>
      <button
        type="button"
        className="button room-settings__save"
        disabled={busy || (!nameChanged && !descriptionChanged)}
        onClick={() => void save()}
      >
        {busy ? 'Saving…' : 'Save'}
      </button>
      <p
        className={outcome && !outcome.ok ? 'field__error' : 'room-moderation__done'}
        role="status"
        aria-live="polite"
      >
        {outcome?.text ?? ''}
      </p>
    </section>
  );
}
