// A group's members and settings, opened from its header: who is in it and how far their invites
// went; for admins also renaming, adding people (up to 10 in all), removing them (after a question:
// they can no longer read what comes next) and making them admins; for everyone, leaving. It follows
// 'group.changed', so statuses move as the invites and removals are carried out.
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { maximumGroupMembers } from '../../../../shared/contract/clientApi';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import type { GroupMemberView, GroupView } from '../../../../shared/contract/views';
import {
  addGroupMembers,
  deleteGroup,
  leaveGroup,
  loadGroup,
  promoteGroupMembers,
  removeGroupMembers,
  updateGroup,
} from '../../store/groupActions';
import { useAppStore } from '../../store/store';
import { Avatar } from '../conversation/Avatar';
import { ConfirmDialog } from '../conversation/ConfirmDialog';
import { CloseIcon, LeaveIcon, PencilIcon, PlusIcon, TrashIcon } from '../conversation/icons';
import { ContactPicker } from './ContactPicker';
import { GroupDetailsFields, groupDetailsProblem } from './GroupDetailsFields';
import { endedGroupText, memberBadge, memberCountText, personName } from './groupText';
import './groups.css';

type Question =
  | { readonly kind: 'remove'; readonly member: GroupMemberView; readonly name: string }
  | { readonly kind: 'leave' }
  | { readonly kind: 'delete' };

function MemberRow({
  group,
  member,
  onRemove,
}: {
  group: GroupView;
  member: GroupMemberView;
  onRemove: (member: GroupMemberView, name: string) => void;
}) {
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  const name = useAppStore((state) =>
    personName(member.sessionId, {
      ownSessionId,
      conversations: state.conversations,
      members: group.members,
    }),
  );
  const own = member.sessionId === ownSessionId;
  const ownName = useAppStore((state) => state.account?.displayName ?? null);
  const badge = memberBadge(member);
  const mayManage = group.admin && group.status === 'member' && !own && member.status !== 'removing';
  return (
    <li className="group-member">
      <Avatar sessionId={member.sessionId} displayName={own ? ownName : name} size="small" />
      <span className="group-member__who">
        <bdi className="group-member__name">{name}</bdi>
        <span className="group-member__id mono">{abbreviateSessionId(member.sessionId)}</span>
      </span>
      <span className="group-member__badges">
        {member.admin && <span className="group-badge group-badge--admin">Admin</span>}
        {member.promotion === 'pending' && <span className="group-badge">Admin invite sent</span>}
        {member.promotion === 'failed' && (
          <span className="group-badge group-badge--problem">Admin invite failed</span>
        )}
        {badge && (
          <span className={`group-badge ${member.status === 'inviteFailed' ? 'group-badge--problem' : ''}`}>
            {badge}
          </span>
        )}
      </span>
      {mayManage && (
        <span className="group-member__actions">
          {!member.admin && member.status === 'accepted' && (
            <button
              type="button"
              className="link-button"
              aria-label={`Make ${name} an admin`}
              onClick={() => void promoteGroupMembers(group.id, [member.sessionId])}
            >
              Make admin
            </button>
          )}
          <button
            type="button"
            className="link-button link-button--danger"
            aria-label={`Remove ${name}`}
            onClick={() => onRemove(member, name)}
          >
            Remove
          </button>
        </span>
      )}
    </li>
  );
}

function DetailsEditor({ group, onDone }: { group: GroupView; onDone: () => void }) {
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description ?? '');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const unchanged = name.trim() === group.name && description.trim() === (group.description ?? '');
  const save = async (): Promise<void> => {
    setTried(true);
    if (groupDetailsProblem(name, description) || unchanged) return;
    setBusy(true);
    const saved = await updateGroup({
      groupId: group.id,
      ...(name.trim() !== group.name ? { name: name.trim() } : {}),
      ...(description.trim() !== (group.description ?? '') ? { description: description.trim() } : {}),
    });
    setBusy(false);
    if (saved) onDone();
  };
  return (
    <form
      className="group-panel__editor"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <GroupDetailsFields
        name={name}
        description={description}
        onName={setName}
        onDescription={setDescription}
        showProblem={tried}
        autoFocus
      />
      <p className="field__hint">Everyone in the group sees the new name and description.</p>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button" disabled={busy || unchanged}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function AddPeople({ group, onDone }: { group: GroupView; onDone: () => void }) {
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);
  const inGroup = group.members.filter((member) => member.status !== 'removing');
  const room = Math.max(0, maximumGroupMembers - inGroup.length);
  const add = async (): Promise<void> => {
    setBusy(true);
    const added = await addGroupMembers(group.id, chosen);
    setBusy(false);
    if (added) onDone();
  };
  return (
    <div className="group-panel__add">
      {room === 0 ? (
        <p className="field__hint">The group is full: it holds at most {maximumGroupMembers} people.</p>
      ) : (
        <ContactPicker
          chosen={chosen}
          onChange={setChosen}
          room={room}
          excluded={group.members.map((member) => member.sessionId)}
        />
      )}
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || chosen.length === 0}
          onClick={() => void add()}
        >
          {busy ? 'Adding…' : chosen.length > 1 ? `Add ${chosen.length} people` : 'Add'}
        </button>
      </div>
    </div>
  );
}

export function GroupPanel({ groupId, onClose }: { groupId: string; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const group = useAppStore((state) => state.groups[groupId]);
  const [mode, setMode] = useState<'view' | 'edit' | 'add'>('view');
  const [question, setQuestion] = useState<Question | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current!;
    if (!dialog.open) dialog.showModal?.();
    return () => dialog.close?.();
  }, []);
  useEffect(() => {
    void loadGroup(groupId);
  }, [groupId]);

  const ended = group ? endedGroupText(group.status) : null;
  const inGroup = group?.members.filter((member) => member.status !== 'removing') ?? [];
  const mayAdminister = group?.admin === true && group.status === 'member';

  const answer = async (confirmed: Question): Promise<void> => {
    setQuestion(null);
    if (!group) return;
    if (confirmed.kind === 'remove') await removeGroupMembers(group.id, [confirmed.member.sessionId]);
    if (confirmed.kind === 'leave' && (await leaveGroup(group.id))) onClose();
    if (confirmed.kind === 'delete' && (await deleteGroup(group.id))) onClose();
  };

  // The question is the panel's sibling, not its child: its Escape must not close the panel too.
  return createPortal(
    <>
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
        <div className="dialog__box dialog__box--wide group-panel">
          <div className="group-panel__top">
            <Avatar sessionId={groupId} displayName={null} size="large" />
            <div className="group-panel__title">
              <h2 id={titleId} className="dialog__title">
                <bdi>{group?.name ?? 'Group'}</bdi>
              </h2>
              <span className="group-panel__count">
                {group ? memberCountText(inGroup.length) : 'Loading…'}
                {group?.admin && ' · you are an admin'}
              </span>
            </div>
            <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={onClose}>
              <CloseIcon />
            </button>
          </div>
          {group?.description && mode !== 'edit' && (
            <p className="group-panel__description" dir="auto">
              {group.description}
            </p>
          )}
          {ended && <p className="group-panel__ended">{ended}</p>}
          {group && mode === 'edit' && <DetailsEditor group={group} onDone={() => setMode('view')} />}
          {group && mode === 'add' && <AddPeople group={group} onDone={() => setMode('view')} />}
          {mayAdminister && mode === 'view' && (
            <div className="actions">
              <button type="button" className="button button--secondary" onClick={() => setMode('edit')}>
                <PencilIcon />
                Edit details
              </button>
              <button type="button" className="button button--secondary" onClick={() => setMode('add')}>
                <PlusIcon />
                Add people
              </button>
            </div>
          )}
          {group && (
            <section aria-label="Members">
              <h3 className="group-panel__heading">Members</h3>
              <ul className="group-panel__members">
                {group.members.map((member) => (
                  <MemberRow
                    key={member.sessionId}
                    group={group}
                    member={member}
                    onRemove={(removed, name) => setQuestion({ kind: 'remove', member: removed, name })}
                  />
                ))}
              </ul>
            </section>
          )}
          {group && group.status === 'member' && (
            <div className="group-panel__leave">
              <button
                type="button"
                className="button button--danger"
                onClick={() => setQuestion({ kind: 'leave' })}
              >
                <LeaveIcon />
                Leave group
              </button>
              {group.admin && (
                <button
                  type="button"
                  className="button button--danger"
                  onClick={() => setQuestion({ kind: 'delete' })}
                >
                  <TrashIcon />
                  Delete group
                </button>
              )}
            </div>
          )}
        </div>
      </dialog>
      {question && (
        <ConfirmDialog
          title={
            question.kind === 'remove'
              ? `Remove ${question.name}?`
              : question.kind === 'leave'
                ? 'Leave the group?'
                : 'Delete the group for everyone?'
          }
          confirmLabel={
            question.kind === 'remove' ? 'Remove' : question.kind === 'leave' ? 'Leave' : 'Delete'
          }
          onCancel={() => setQuestion(null)}
          onConfirm={() => void answer(question)}
        >
          {question.kind === 'remove'
            ? `${question.name} will no longer be able to read new messages or write in the group. What they already received stays with them.`
            : question.kind === 'leave'
              ? 'You will no longer receive its messages or be able to write. Its history stays on this device.'
              : 'The group ends for every member: nobody can write in it any more. Its history stays on their devices.'}
        </ConfirmDialog>
      )}
    </>,
    document.body,
  );
}
