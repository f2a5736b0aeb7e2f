// What a room's message offers beyond every message's actions: editing our own post, pinning it for
// the room (admins), banning or muting its author (moderators), and the full list of who reacted. The bubble
// adds the items to its menu and renders the dialog one of them opened.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { CommunityReactorsView, MessageView } from '../../../../shared/contract/views';
import {
  banCommunityMember,
  editMessage,
  listReactors,
  messageCommunityMember,
  muteCommunityMember,
  pinCommunityMessage,
} from '../../store/communityActions';
import { useAppStore } from '../../store/store';
import {
  BellOffIcon,
  BlockIcon,
  ChatIcon,
  CloseIcon,
  PencilIcon,
  PinIcon,
  SmileIcon,
} from '../conversation/icons';
import type { MenuItem } from '../conversation/Menu';
import { personName } from '../groups/groupText';

type Opened = 'edit' | 'ban' | 'mute' | 'reactors' | null;

/** The items and the open dialog for one room message; nothing for other conversations. */
export function useCommunityMessageActions(
  message: MessageView | undefined,
  authorName: string,
): { readonly items: readonly MenuItem[]; readonly dialog: ReactNode } {
  const community = useAppStore((state) =>
    message ? state.conversations[message.conversationId]?.community : undefined,
  );
  const [opened, setOpened] = useState<Opened>(null);
  if (!message || !community || message.unsent || message.serverId === undefined) {
    return { items: [], dialog: null };
  }
  const serverId = message.serverId;
  const pinned = community.pinnedMessageIds.includes(serverId);
  const items: MenuItem[] = [];
  if (message.direction === 'outgoing' && message.body !== null && message.attachments.length === 0) {
    items.push({ key: 'edit', label: 'Edit', icon: <PencilIcon />, onSelect: () => setOpened('edit') });
  }
  if (community.admin) {
    items.push({
      key: 'pin',
      label: pinned ? 'Unpin from the room' : 'Pin to the room',
      icon: <PinIcon />,
      onSelect: () => void pinCommunityMessage(message.id, !pinned),
    });
  }
  if (message.reactions.length > 0) {
    items.push({
      key: 'reactors',
      label: 'Who reacted…',
      icon: <SmileIcon size={16} />,
      onSelect: () => setOpened('reactors'),
    });
  }
  // A member known by their 15… ID is written to through the room's server (a blinded DM).
  if (message.direction === 'incoming' && /^15[0-9a-f]{64}$/u.test(message.author)) {
    items.push({
      key: 'message',
      label: `Message ${authorName}`,
      icon: <ChatIcon size={16} />,
      onSelect: () => void messageCommunityMember(message.conversationId, message.author),
    });
  }
  if (community.moderator && message.direction === 'incoming') {
    items.push({
      key: 'mute',
      label: `Mute ${authorName}…`,
      icon: <BellOffIcon size={16} />,
      onSelect: () => setOpened('mute'),
    });
    items.push({
      key: 'ban',
      label: `Ban ${authorName}…`,
      icon: <BlockIcon />,
      danger: true,
      onSelect: () => setOpened('ban'),
    });
  }
  const close = (): void => setOpened(null);
  const dialog =
    opened === 'edit' ? (
      <EditDialog message={message} onClose={close} />
    ) : opened === 'ban' ? (
      <SanctionDialog kind="ban" message={message} name={authorName} onClose={close} />
    ) : opened === 'mute' ? (
      <SanctionDialog kind="mute" message={message} name={authorName} onClose={close} />
    ) : opened === 'reactors' ? (
      <ReactorsDialog message={message} onClose={close} />
    ) : null;
  return { items, dialog };
}

/** A modal box with a title and a close button (Escape and the backdrop close it too). */
function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
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
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === dialogRef.current) onClose();
      }}
    >
      <div className="dialog__box dialog__box--wide community-dialog">
        <div className="community-dialog__top">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        {children}
      </div>
    </dialog>,
    document.body,
  );
}

function EditDialog({ message, onClose }: { message: MessageView; onClose: () => void }) {
  const [text, setText] = useState(message.body ?? '');
  const [saving, setSaving] = useState(false);
  const fieldId = useId();
  const unchanged = text.trim() === (message.body ?? '').trim();
  const save = async (): Promise<void> => {
    setSaving(true);
    if (await editMessage(message.id, text.trim())) onClose();
    else setSaving(false);
  };
  return (
    <Dialog title="Edit message" onClose={onClose}>
      <form
        className="community-dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!unchanged && text.trim() !== '') void save();
        }}
      >
        <label className="visually-hidden" htmlFor={fieldId}>
          Message text
        </label>
        <textarea
          id={fieldId}
          className="textarea"
          dir="auto"
          rows={4}
          value={text}
          autoFocus
          onChange={(event) => setText(event.target.value)}
        />
        <p className="field__hint">Everyone in the room sees the new text, marked as edited.</p>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={saving || unchanged || text.trim() === ''}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const durations = [
  { label: 'For an hour', seconds: 3_600 },
  { label: 'For a day', seconds: 86_400 },
  { label: 'For a week', seconds: 7 * 86_400 },
  { label: 'Until you lift it', seconds: null },
] as const;

const sanctions = {
  ban: {
    title: (name: string) => `Ban ${name}?`,
    text: 'A banned member can no longer read or write in this room. They are not told why.',
    action: 'Ban',
    busy: 'Banning…',
  },
  mute: {
    title: (name: string) => `Mute ${name}?`,
    text: 'A muted member can still read the room, but their messages are refused.',
    action: 'Mute',
    busy: 'Muting…',
  },
} as const;

/** A ban (optionally with all their posts) or a mute, for a while or until lifted. */
function SanctionDialog({
  kind,
  message,
  name,
  onClose,
}: {
  kind: keyof typeof sanctions;
  message: MessageView;
  name: string;
  onClose: () => void;
}) {
  const [duration, setDuration] = useState<number | null>(86_400);
  const [deleteMessages, setDeleteMessages] = useState(false);
  const [busy, setBusy] = useState(false);
  const legendId = useId();
  const words = sanctions[kind];
  const apply = async (): Promise<void> => {
    setBusy(true);
    const done =
      kind === 'ban'
        ? await banCommunityMember(
            {
              conversationId: message.conversationId,
              member: message.author,
              durationSeconds: duration,
              deleteMessages,
            },
            name,
          )
        : await muteCommunityMember(message.conversationId, message.author, duration, name);
    if (done) onClose();
    else setBusy(false);
  };
  return (
    <Dialog title={words.title(name)} onClose={onClose}>
      <p className="community-dialog__text">{words.text}</p>
      <fieldset className="community-dialog__choices" aria-labelledby={legendId}>
        <span id={legendId} className="field__label">
          How long
        </span>
        {durations.map((choice) => (
          <label key={choice.label} className="community-dialog__choice">
            <input
              type="radio"
              name={`${kind}-duration`}
              checked={duration === choice.seconds}
              onChange={() => setDuration(choice.seconds)}
            />
            {choice.label}
          </label>
        ))}
      </fieldset>
      {kind === 'ban' && (
        <label className="community-dialog__choice">
          <input
            type="checkbox"
            checked={deleteMessages}
            onChange={(event) => setDeleteMessages(event.target.checked)}
          />
          Also delete all their messages in this room
        </label>
      )}
      <div className="dialog__actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger-solid"
          disabled={busy}
          onClick={() => void apply()}
        >
          {busy ? words.busy : words.action}
        </button>
      </div>
    </Dialog>
  );
}

function ReactorsDialog({ message, onClose }: { message: MessageView; onClose: () => void }) {
  const [emoji, setEmoji] = useState(message.reactions[0]?.emoji ?? '');
  const [answer, setAnswer] = useState<{
    readonly emoji: string;
    readonly reactors?: CommunityReactorsView;
    readonly error?: string;
  } | null>(null);
  const conversations = useAppStore((state) => state.conversations);
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  const ownRoomId = conversations[message.conversationId]?.community?.ownId;
  const nameOf = (id: string, name: string | undefined): string =>
    personName(id, { ownSessionId, ownRoomId, conversations }, name);
  useEffect(() => {
    let current = true;
    void listReactors(message.id, emoji).then((result) => {
      if (!current) return;
      setAnswer(result.ok ? { emoji, reactors: result.value } : { emoji, error: result.error });
    });
    return () => {
      current = false;
    };
  }, [message.id, emoji]);
  const shown = answer?.emoji === emoji ? answer : null;
  return (
    <Dialog title="Who reacted" onClose={onClose}>
      <div className="community-dialog__tabs" role="group" aria-label="Reactions">
        {message.reactions.map((reaction) => (
          <button
            key={reaction.emoji}
            type="button"
            className={`reaction ${reaction.emoji === emoji ? 'reaction--mine' : ''}`}
            aria-pressed={reaction.emoji === emoji}
            onClick={() => setEmoji(reaction.emoji)}
          >
            <span className="reaction__emoji">{reaction.emoji}</span>
            <span className="reaction__count">{Math.max(reaction.count ?? 0, reaction.authors.length)}</span>
          </button>
        ))}
      </div>
      {shown === null ? (
        <p className="field__hint" role="status">
          Asking the room’s server…
        </p>
      ) : shown.error !== undefined ? (
        <p className="field__error" role="alert">
          {shown.error}
        </p>
      ) : (
        <ul className="community-dialog__people" aria-label={`Reacted with ${emoji}`}>
          {shown.reactors!.reactors.map((reactor) => (
            <li key={reactor.id}>
              <bdi>{nameOf(reactor.id, reactor.name)}</bdi>
              <span className="mono community-dialog__id">{reactor.id.slice(0, 10)}…</span>
            </li>
          ))}
          {shown.reactors!.count > shown.reactors!.reactors.length && (
            <li className="field__hint">
              and {(shown.reactors!.count - shown.reactors!.reactors.length).toLocaleString('en')} more
            </li>
          )}
        </ul>
      )}
    </Dialog>
  );
}
