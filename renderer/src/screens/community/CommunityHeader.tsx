// A community room's header: its globe and name, the server it is on, how many read it lately, our
// standing (admin, moderator, read only) and whether the server answers; the room's information
// (which also holds its link and the leave button), pinning, muting and leaving.
import { useState } from 'react';
import { isMuteActive } from '../../../../shared/contract/mutes';
import type { CommunitySummaryView, ConversationView } from '../../../../shared/contract/views';
import { copyToClipboard, setPinned } from '../../store/actions';
import { leaveCommunity } from '../../store/communityActions';
import { Avatar } from '../conversation/Avatar';
import { ConfirmDialog } from '../conversation/ConfirmDialog';
import { conversationTitle, mutedLabel } from '../conversation/format';
import { muteSection } from '../conversation/headerMenus';
import { BellOffIcon, LeaveIcon, MoreIcon, PinIcon } from '../conversation/icons';
import { type MenuItem, MenuButton } from '../conversation/Menu';
import { CloudOffIcon, InfoIcon, LinkIcon, ShieldIcon } from './communityIcons';
import { activeUsersText, serverHost, standingText } from './communityText';
import { RoomInfoDialog } from './RoomInfoDialog';
import './community.css';

export function CommunityHeader({
  conversation,
  community,
}: {
  conversation: ConversationView;
  community: CommunitySummaryView;
}) {
  const [infoOpen, setInfoOpen] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const name = conversationTitle(conversation);
  const muted = isMuteActive(conversation.muted, Date.now());
  const standing = standingText(community);

  const moreItems: MenuItem[] = [
    {
      key: 'info',
      label: 'Room information…',
      icon: <InfoIcon size={16} />,
      onSelect: () => setInfoOpen(true),
    },
    {
      key: 'copy',
      label: 'Copy room link',
      icon: <LinkIcon />,
      onSelect: () => void copyToClipboard(community.joinUrl, 'Room link copied.'),
    },
    {
      key: 'pin',
      label: conversation.pinned ? 'Unpin' : 'Pin to top',
      icon: <PinIcon />,
      onSelect: () => void setPinned(conversation.id, !conversation.pinned),
    },
    {
      key: 'leave',
      label: 'Leave room…',
      icon: <LeaveIcon />,
      danger: true,
      onSelect: () => setConfirmLeave(true),
    },
  ];

  return (
    <header className="conversation-header">
      <Avatar sessionId={conversation.id} displayName={name} />
      <div className="conversation-header__who">
        <h2 className="conversation-header__name">
          <bdi>{name}</bdi>
        </h2>
        <div className="conversation-header__details">
          <span className="community-header__server" title={community.joinUrl}>
            {serverHost(community.joinUrl)}
          </span>
          {community.activeUsers !== null && (
            <span className="community-header__active">{activeUsersText(community.activeUsers)}</span>
          )}
          {standing && (
            <span className="community-header__standing">
              <ShieldIcon size={13} />
              {standing}
            </span>
          )}
          {community.unreachable !== undefined && (
            <span className="community-header__unreachable" role="status" title={community.unreachable}>
              <CloudOffIcon size={13} />
              Not reachable
            </span>
          )}
          {muted && conversation.muted && (
            <span className="conversation-header__muted">
              <BellOffIcon size={13} />
              {mutedLabel(conversation.muted, Date.now())}
            </span>
          )}
        </div>
      </div>
      <div className="conversation-header__actions">
        <button
          type="button"
          className="icon-button"
          aria-label="Room information"
          title="Room information"
          aria-haspopup="dialog"
          onClick={() => setInfoOpen(true)}
        >
          <InfoIcon size={20} />
        </button>
        <MenuButton label="Room options" sections={[{ items: moreItems }, muteSection(conversation, muted)]}>
          <MoreIcon size={20} />
        </MenuButton>
      </div>
      {infoOpen && (
        <RoomInfoDialog
          conversation={conversation}
          community={community}
          onLeave={() => {
            setInfoOpen(false);
            setConfirmLeave(true);
          }}
          onClose={() => setInfoOpen(false)}
        />
      )}
      {confirmLeave && (
        <ConfirmDialog
          title={`Leave ${name}?`}
          confirmLabel="Leave"
          onCancel={() => setConfirmLeave(false)}
          onConfirm={() => {
            setConfirmLeave(false);
            void leaveCommunity(conversation.id, name);
          }}
        >
          The room and its messages are removed from this device and from your other devices. You can join it
          again with its link: the server still has its history, as long as it keeps running.
        </ConfirmDialog>
      )}
    </header>
  );
}
