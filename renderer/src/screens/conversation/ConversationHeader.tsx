// The conversation's header: who it is with (avatar, name, Session ID with a copy button), whether
// they are typing, the disappearing-messages setting, muting its notifications, and blocking. A
// group's header is its own (groups/GroupHeader.tsx), and so is a community room's.
import { useState } from 'react';
import { isMuteActive } from '../../../../shared/contract/mutes';
import { abbreviateSessionId } from '../../../../shared/contract/pureHelpers';
import type { ConversationView } from '../../../../shared/contract/views';
import { blockContact, copyToClipboard, setPinned } from '../../store/actions';
import { useAppStore } from '../../store/store';
import { Avatar } from './Avatar';
import { ConfirmDialog } from './ConfirmDialog';
import { conversationTitle, disappearingLabel, mutedLabel } from './format';
import { BellOffIcon, BlockIcon, CopyIcon, MoreIcon, PencilIcon, PinIcon, TimerIcon } from './icons';
import { NicknameDialog } from './NicknameDialog';
import { GroupHeader } from '../groups/GroupHeader';
import { CommunityHeader } from '../community/CommunityHeader';
import { disappearingSections, muteSection } from './headerMenus';
import { type MenuItem, MenuButton } from './Menu';

export function ConversationHeader({ conversation }: { conversation: ConversationView }) {
  if (conversation.group) return <GroupHeader conversation={conversation} group={conversation.group} />;
  if (conversation.community) {
    return <CommunityHeader conversation={conversation} community={conversation.community} />;
  }
  return <PersonHeader conversation={conversation} />;
}

function PersonHeader({ conversation }: { conversation: ConversationView }) {
  const typing = useAppStore((state) => state.typing[conversation.id] ?? false);
  const [confirmBlock, setConfirmBlock] = useState(false);
  const [editNickname, setEditNickname] = useState(false);
  const ownSessionId = useAppStore((state) => state.account?.sessionId ?? null);
  const title = conversationTitle(conversation, ownSessionId);
  const noteToSelf = conversation.id === ownSessionId;
  // Unnamed, the title already is the shortened ID: the details say so instead of repeating it (#17.12).
  const named =
    noteToSelf ||
    (conversation.nickname?.trim() ?? '') !== '' ||
    (conversation.displayName?.trim() ?? '') !== '';
  const blocked = conversation.state === 'blocked';
  const disappearingOn = conversation.disappearing.mode !== 'off';
  const muted = isMuteActive(conversation.muted, Date.now());
  // A community member known by their 15… ID (§6.6): that ID is theirs in one community only, no
  // Session ID, so it is named as what it is, beside the room they wrote from.
  const blinded = conversation.blinded;
  const idName = blinded ? 'community ID' : 'Session ID';
  const copyId = (): void => void copyToClipboard(conversation.id, `${capitalised(idName)} copied.`);

  const moreItems: MenuItem[] = [
    {
      key: 'nickname',
      label: conversation.nickname ? 'Change nickname…' : 'Set nickname…',
      icon: <PencilIcon />,
      onSelect: () => setEditNickname(true),
    },
    {
      key: 'pin',
      label: conversation.pinned ? 'Unpin' : 'Pin to top',
      icon: <PinIcon />,
      onSelect: () => void setPinned(conversation.id, !conversation.pinned),
    },
    {
      key: 'copy',
      label: `Copy ${idName}`,
      icon: <CopyIcon />,
      onSelect: copyId,
    },
    // Blocked, the bar in place of the composer is the one way to unblock (#17 item 8).
    ...(blocked
      ? []
      : [
          {
            key: 'block',
            label: 'Block',
            icon: <BlockIcon />,
            danger: true,
            onSelect: () => setConfirmBlock(true),
          },
        ]),
  ];

  return (
    <header className="conversation-header">
      <Avatar
        sessionId={conversation.id}
        displayName={conversation.nickname ?? conversation.displayName}
        noteToSelf={noteToSelf}
      />
      <div className="conversation-header__who">
        <h2 className="conversation-header__name">{title}</h2>
        <div className="conversation-header__details">
          {typing ? (
            <span className="typing" role="status">
              <span className="typing__dots" aria-hidden="true">
                <span />
                <span />
                <span />
              </span>
              typing…
            </span>
          ) : (
            <>
              {named ? (
                <span className="conversation-header__id mono" title={conversation.id}>
                  <span className="visually-hidden">{capitalised(idName)} </span>
                  {abbreviateSessionId(conversation.id)}
                </span>
              ) : (
                <span className="conversation-header__id" title={conversation.id}>
                  No display name
                </span>
              )}
              <button
                type="button"
                className="icon-button icon-button--small"
                aria-label={`Copy ${idName}`}
                title={`Copy ${idName}`}
                onClick={copyId}
              >
                <CopyIcon size={14} />
              </button>
              {blinded && (
                <span
                  className="conversation-header__room"
                  title={`Community member ${blinded.blindedId}, from ${blinded.community}`}
                >
                  from <bdi>{blinded.community}</bdi>
                </span>
              )}
            </>
          )}
          {disappearingOn && (
            <span className="conversation-header__disappearing">
              <TimerIcon size={13} />
              {disappearingLabel(conversation.disappearing)}
            </span>
          )}
          {muted && conversation.muted && (
            <span className="conversation-header__muted">
              <BellOffIcon size={13} />
              {mutedLabel(conversation.muted, Date.now())}
            </span>
          )}
          {blocked && <span className="conversation-header__blocked">Blocked</span>}
        </div>
      </div>
      <div className="conversation-header__actions">
        <MenuButton
          label={`Disappearing messages: ${disappearingLabel(conversation.disappearing)}`}
          className={`icon-button ${disappearingOn ? 'icon-button--on' : ''}`}
          sections={disappearingSections(conversation)}
          disabled={blocked}
        >
          <TimerIcon size={20} />
        </MenuButton>
        <MenuButton
          label="Conversation options"
          sections={
            blocked ? [{ items: moreItems }] : [{ items: moreItems }, muteSection(conversation, muted)]
          }
        >
          <MoreIcon size={20} />
        </MenuButton>
      </div>
      {editNickname && <NicknameDialog conversation={conversation} onClose={() => setEditNickname(false)} />}
      {confirmBlock && (
        <ConfirmDialog
          title={`Block ${title}?`}
          confirmLabel="Block"
          onCancel={() => setConfirmBlock(false)}
          onConfirm={() => {
            setConfirmBlock(false);
            void blockContact(conversation.id);
          }}
        >
          You will no longer receive their messages. They are not told. You can unblock them later.
        </ConfirmDialog>
      )}
    </header>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
