// A room's moderation tools in its information, for moderators: act on a member named by their ID
// (copied from "Your ID in this room" on their side, or from a message's menu): lift a ban, give
// back their voice, and for admins give or take a role, shown to the room or hidden. The answer,
// done or refused, is said under the form, where it was asked.
import { useId, useState } from 'react';
import type { CommunitySummaryView } from '../../../../shared/contract/views';
import { actOnMember, type MemberAction } from '../../store/communityActions';

const memberIdPattern = /^(05|15)[0-9a-f]{64}$/u;

/** What is wrong with a member ID as typed, or null when it is one. */
export function memberIdProblem(typed: string): string | null {
  const text = typed.trim().toLowerCase();
  if (text === '') return 'Paste the member’s ID in this room (15…) or their Session ID (05…).';
  if (!/^(05|15)/u.test(text)) return 'A member’s ID starts with 15 (in this room) or 05 (their Session ID).';
  if (/[^0-9a-f]/u.test(text)) return 'A member’s ID has only the digits 0–9 and the letters a–f.';
  if (text.length !== 66) return `A member’s ID is 66 characters long; this one has ${text.length}.`;
  return memberIdPattern.test(text) ? null : 'This is not a member’s ID.';
}

export function RoomModeration({
  conversationId,
  community,
}: {
  conversationId: string;
  community: CommunitySummaryView;
}) {
  const [member, setMember] = useState('');
  const [touched, setTouched] = useState(false);
  const [role, setRole] = useState<'moderator' | 'admin' | 'none'>('moderator');
  const [visible, setVisible] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const fieldId = useId();
  const hintId = useId();
  const outcomeId = useId();
  const problem = memberIdProblem(member);
  const shownProblem = touched && member !== '' ? problem : null;

  const act = async (action: MemberAction): Promise<void> => {
    setTouched(true);
    if (problem) {
      setOutcome({ ok: false, text: problem });
      return;
    }
    setBusy(true);
    const answer = await actOnMember(conversationId, member.trim().toLowerCase(), action);
    setBusy(false);
    setOutcome(answer.ok ? { ok: true, text: answer.value } : { ok: false, text: answer.error });
  };

  return (
    <section className="room-moderation" aria-labelledby={`${fieldId}-title`}>
      <h3 id={`${fieldId}-title`} className="room-moderation__title">
        Moderation
      </h3>
      <div className="field">
        <label className="field__label" htmlFor={fieldId}>
          A member’s ID
        </label>
        <input
          id={fieldId}
          className="input mono"
          value={member}
          placeholder="15… or 05…"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={shownProblem !== null}
          aria-describedby={`${hintId} ${outcomeId}`}
          onChange={(event) => {
            setMember(event.target.value);
            setOutcome(null);
          }}
          onBlur={() => setTouched(true)}
        />
        <span id={hintId} className={shownProblem ? 'field__error' : 'field__hint'}>
          {shownProblem ?? 'To ban or mute someone, use their message’s menu. Here you can lift it again.'}
        </span>
      </div>
      <div className="room-moderation__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void act({ kind: 'unban' })}
        >
          Lift ban
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={busy}
          onClick={() => void act({ kind: 'unmute' })}
        >
          Let them write again
        </button>
      </div>
      {community.admin && (
        <fieldset className="room-moderation__role">
          <legend className="field__label">Their role</legend>
          <div className="room-moderation__choices">
            {(
              [
                ['moderator', 'Moderator'],
                ['admin', 'Admin'],
                ['none', 'No role'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="community-dialog__choice">
                <input
                  type="radio"
                  name={`${fieldId}-role`}
                  checked={role === value}
                  onChange={() => setRole(value)}
                />
                {label}
              </label>
            ))}
          </div>
          {role !== 'none' && (
            <label className="community-dialog__choice">
              <input
                type="checkbox"
                checked={visible}
                onChange={(event) => setVisible(event.target.checked)}
              />
              Show their role to the room
            </label>
          )}
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void act({ kind: 'role', role, visible })}
          >
            Set role
          </button>
        </fieldset>
      )}
      <p
        id={outcomeId}
        className={outcome && !outcome.ok ? 'field__error' : 'room-moderation__done'}
        role="status"
        aria-live="polite"
      >
        {outcome?.text ?? ''}
      </p>
    </section>
  );
}
