// The header's menus of a conversation, a person's or a group's: the disappearing-messages timer and
// muting its notifications.
import { disappearingSeconds } from '../../../../shared/contract/clientApi';
import type { ConversationView, DisappearingMode } from '../../../../shared/contract/views';
import { setDisappearing, setMuted } from '../../store/actions';
import { durationLabel } from './format';
import { BellIcon, BellOffIcon } from './icons';
import type { MenuItem, MenuSection } from './Menu';

/** The reference client's choices, 5 minutes to 2 weeks (the contract's 30 s is for tests). */
const durations = disappearingSeconds.filter((seconds) => seconds >= 300);

/** The timer's choices; a group has "after send" only (protocol-config-groups.md §6.3). */
export function disappearingSections(conversation: ConversationView): MenuSection[] {
  const { mode, seconds } = conversation.disappearing;
  const choose = (next: DisappearingMode, nextSeconds: number) => () =>
    void setDisappearing(conversation.id, { mode: next, seconds: nextSeconds });
  const itemsFor = (choice: Exclude<DisappearingMode, 'off'>): MenuItem[] =>
    durations.map((duration) => ({
      key: `${choice}-${duration}`,
      label: durationLabel(duration),
      checked: mode === choice && seconds === duration,
      onSelect: choose(choice, duration),
    }));
  return [
    { items: [{ key: 'off', label: 'Off', checked: mode === 'off', onSelect: choose('off', 0) }] },
    { label: 'Disappear after send', items: itemsFor('afterSend') },
    ...(conversation.group ? [] : [{ label: 'Disappear after read', items: itemsFor('afterRead') }]),
  ];
}

const hourMs = 3_600_000;
/** The reference client's choices; "until I unmute" is kept as a mute without an end. */
const muteChoices: readonly { key: string; label: string; milliseconds: number | null }[] = [
  { key: 'mute-hour', label: 'Mute for 1 hour', milliseconds: hourMs },
  { key: 'mute-8-hours', label: 'Mute for 8 hours', milliseconds: 8 * hourMs },
  { key: 'mute-week', label: 'Mute for 1 week', milliseconds: 7 * 24 * hourMs },
  { key: 'mute-forever', label: 'Mute until I unmute', milliseconds: null },
];

export function muteSection(conversation: ConversationView, muted: boolean): MenuSection {
  if (muted) {
    return {
      label: 'Notifications',
      items: [
        {
          key: 'unmute',
          label: 'Unmute',
          icon: <BellIcon />,
          onSelect: () => void setMuted(conversation.id, null),
        },
      ],
    };
  }
  return {
    label: 'Notifications',
    items: muteChoices.map(({ key, label, milliseconds }) => ({
      key,
      label,
      icon: <BellOffIcon />,
      // The end is counted when chosen, not when the menu opened.
      onSelect: () =>
        void setMuted(conversation.id, milliseconds === null ? 'forever' : Date.now() + milliseconds),
    })),
  };
}
