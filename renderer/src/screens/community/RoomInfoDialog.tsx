// A room's information, opened from its header: what the server says of it (name, description, how
// many read it), its link to share, what we may do there, and why the server does not answer when it
// does not; for admins its settings, for moderators its moderation tools. Leaving starts here too
// (the question is asked by the header, the dialog's owner).
import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { CommunitySummaryView, ConversationView } from '../../../../shared/contract/views';
import { copyToClipboard } from '../../store/actions';
import { Avatar } from '../conversation/Avatar';
import { conversationTitle } from '../conversation/format';
import { CloseIcon, CopyIcon, LeaveIcon } from '../conversation/icons';
import { activeUsersText, serverHost } from './communityText';
import { RoomModeration } from './RoomModeration';
import { RoomSettings } from './RoomSettings';

function permissionsText(community: CommunitySummaryView): string {
  if (community.admin) return 'You are an admin of this room: you can moderate it and change its settings.';
  if (community.moderator) return 'You are a moderator of this room: you can delete messages and ban people.';
  if (!community.canWrite) return 'You can read this room, but not write in it.';
  if (!community.canUpload) return 'You can write in this room, but not share files.';
  return 'You can read and write in this room.';
}

export function RoomInfoDialog({
  conversation,
  community,
  onLeave,
  onClose,
}: {
  conversation: ConversationView;
  community: CommunitySummaryView;
  onLeave: () => void;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const name = conversationTitle(conversation);

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
      <div className="dialog__box dialog__box--wide room-info">
        <div className="room-info__top">
          <Avatar sessionId={conversation.id} displayName={name} size="large" />
          <div className="room-info__title">
            <h2 id={titleId} className="dialog__title">
              <bdi>{name}</bdi>
            </h2>
            <span className="room-info__meta">
              {serverHost(community.joinUrl)}
              {community.activeUsers !== null && ` · ${activeUsersText(community.activeUsers)}`}
            </span>
          </div>
          <button type="button" className="icon-button" aria-label="Close" title="Close" onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        {community.description ? (
          <p className="room-info__description" dir="auto">
            {community.description}
          </p>
        ) : (
          <p className="room-info__description room-info__description--none">The room has no description.</p>
        )}
        {community.unreachable !== undefined && (
          <p className="room-info__unreachable" role="status">
            The server has not answered lately ({community.unreachable}). Its history stays readable here;
            Starling keeps trying.
          </p>
        )}
        <div className="field">
          <span className="field__label">Link to share</span>
          <div className="room-info__link">
            <code className="room-info__url mono">{community.joinUrl}</code>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => void copyToClipboard(community.joinUrl, 'Room link copied.')}
            >
              <CopyIcon size={16} />
              Copy
            </button>
          </div>
          <span className="field__hint">Anyone with the link can join and read the room.</span>
        </div>
        <p className="room-info__permissions">{permissionsText(community)}</p>
        {community.ownId && (
          <div className="field">
            <span className="field__label">Your ID in this room</span>
            <div className="room-info__link">
              <code className="room-info__url mono" data-testid="own-room-id">
                {community.ownId}
              </code>
              <button
                type="button"
                className="button button--secondary"
                aria-label="Copy your ID in this room"
                onClick={() => void copyToClipboard(community.ownId!, 'Your ID in this room copied.')}
              >
                <CopyIcon size={16} />
                Copy
              </button>
            </div>
          </div>
        )}
        <p className="room-info__privacy field__hint">
          In this room you appear under an ID made for its server (15…), not your Session ID: only someone who
          already knows your Session ID can tell it is you. Your display name is shown with your messages. A
          moderator needs this ID to give you a role.
        </p>
        {community.admin && <RoomSettings conversationId={conversation.id} community={community} />}
        {community.moderator && <RoomModeration conversationId={conversation.id} community={community} />}
        <div className="room-info__leave">
          <button type="button" className="button button--danger" onClick={onLeave}>
            <LeaveIcon />
            Leave room
          </button>
        </div>
      </div>
    </dialog>,
    document.body,
  );
}
