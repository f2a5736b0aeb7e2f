// A group conversation's header: its avatar and name, how many members (which opens the members and
// settings panel), the disappearing timer (set by admins, after send only), pinning, muting and
// leaving. Who is typing is not carried in groups by the protocol, so it is not shown.
import { useState } from 'react';
import { isMuteActive } from '../../../../shared/contract/mutes';
import type { ConversationView, GroupSummaryView } from '../../../../shared/contract/views';
import { setPinned } from '../../store/actions';
import { leaveGroup } from '../../store/groupActions';
import { Avatar } from '../conversation/Avatar';
import { ConfirmDialog } from '../conversation/ConfirmDialog';
import { disappearingLabel, mutedLabel } from '../conversation/format';
import { disappearingSections, muteSection } from '../conversation/headerMenus';
import { BellOffIcon, LeaveIcon, MoreIcon, PeopleIcon, PinIcon, TimerIcon } from '../conversation/icons';
import { type MenuItem, MenuButton } from '../conversation/Menu';
import { GroupPanel } from './GroupPanel';
import { memberCountText } from './groupText';

const endedLabels = { kicked: 'Removed', left: 'Left', destroyed: 'Deleted' } as const;

export function GroupHeader({
  conversation,
  group,
}: {
  conversation: ConversationView;
  group: GroupSummaryView;
}) {
  const [panelOpen, setPanelOpen] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const name = conversation.displayName?.trim() || 'Group';
  const inGroup = group.status === 'member';
  const disappearingOn = conversation.disappearing.mode !== 'off';
  const muted = isMuteActive(conversation.muted, Date.now());
  const ended = group.status === 'kicked' || group.status === 'left' || group.status === 'destroyed';

  const moreItems: MenuItem[] = [
    {
      key: 'members',
      label: 'Members and settings…',
      icon: <PeopleIcon size={16} />,
      onSelect: () => setPanelOpen(true),
    },
    {
      key: 'pin',
      label: conversation.pinned ? 'Unpin' : 'Pin to top',
      icon: <PinIcon />,
      onSelect: () => void setPinned(conversation.id, !conversation.pinned),
    },
    ...(inGroup
      ? [
          {
            key: 'leave',
            label: 'Leave group…',
            icon: <LeaveIcon />,
            danger: true,
            onSelect: () => setConfirmLeave(true),
          },
        ]
      : []),
  ];

  return (
    <header className="conversation-header">
      <Avatar sessionId={conversation.id} displayName={name} />
      <div className="conversation-header__who">
        <h2 className="conversation-header__name">
          <bdi>{name}</bdi>
        </h2>
        <div className="conversation-header__details">
          <button
            type="button"
            className="link-button conversation-header__members"
            aria-haspopup="dialog"
            onClick={() => setPanelOpen(true)}
          >
            {ended
              ? endedLabels[group.status as keyof typeof endedLabels]
              : memberCountText(group.memberCount)}
          </button>
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
        </div>
      </div>
      <div className="conversation-header__actions">
        <MenuButton
          label={
            group.admin
              ? `Disappearing messages: ${disappearingLabel(conversation.disappearing)}`
              : `Disappearing messages: ${disappearingLabel(conversation.disappearing)} (set by the group’s admins)`
          }
          className={`icon-button ${disappearingOn ? 'icon-button--on' : ''}`}
          sections={disappearingSections(conversation)}
          disabled={!group.admin || !inGroup}
        >
          <TimerIcon size={20} />
        </MenuButton>
        <MenuButton label="Group options" sections={[{ items: moreItems }, muteSection(conversation, muted)]}>
          <MoreIcon size={20} />
        </MenuButton>
      </div>
      {panelOpen && <GroupPanel groupId={conversation.id} onClose={() => setPanelOpen(false)} />}
      {confirmLeave && (
        <ConfirmDialog
          title={`Leave ${name}?`}
          confirmLabel="Leave"
          onCancel={() => setConfirmLeave(false)}
          onConfirm={() => {
            setConfirmLeave(false);
            void leaveGroup(conversation.id);
          }}
        >
          You will no longer receive its messages or be able to write. Its history stays on this device.
        </ConfirmDialog>
      )}
    </header>
  );
}
