// Small line icons, drawn in the text colour (currentColor) and hidden from screen readers: the
// control that holds one carries the accessible name.
import type { ReactNode } from 'react';

export function Icon({ children, size = 18 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export type IconProps = { size?: number };

export const ClockIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);

export const CheckIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <path d="M4 12.5l5 5L20 6.5" />
  </Icon>
);

export const DoubleCheckIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <path d="M1.5 12.5l5 5L17.5 6.5" />
    <path d="M11.5 16.5l1 1L23 6.5" />
  </Icon>
);

export const AlertIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5" />
    <path d="M12 16.5v.01" />
  </Icon>
);

export const TimerIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="13.5" r="7.5" />
    <path d="M12 9.5v4l2.5 1.5" />
    <path d="M9.5 2.5h5" />
  </Icon>
);

export const CopyIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M5 15V6a2 2 0 0 1 2-2h8" />
  </Icon>
);

export const SendIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M4 12l16-8-6 17-3-7-7-2z" />
    <path d="M11 14l9-10" />
  </Icon>
);

export const SmileIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5c.9 1.2 2.1 1.8 3.5 1.8s2.6-.6 3.5-1.8" />
    <path d="M9 9.5v.01M15 9.5v.01" />
  </Icon>
);

/** A smiley with a plus: more emoji than the quick ones. */
export const SmilePlusIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M20.8 11.2A9 9 0 1 1 12.8 3.04" />
    <path d="M8.5 14.5c.9 1.2 2.1 1.8 3.5 1.8s2.6-.6 3.5-1.8" />
    <path d="M9 9.5v.01M15 9.5v.01" />
    <path d="M19 2v6M16 5h6" />
  </Icon>
);

export const ReplyIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M9 14L4 9l5-5" />
    <path d="M4 9h10a6 6 0 0 1 6 6v4" />
  </Icon>
);

export const MoreIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M5 12h.01M12 12h.01M19 12h.01" strokeWidth="3" />
  </Icon>
);

export const CloseIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M6 6l12 12M18 6L6 18" />
  </Icon>
);

export const ComposeIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M12 20h9" />
    <path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z" />
  </Icon>
);

export const SettingsIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </Icon>
);

export const ChatIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M21 11.5a8.4 8.4 0 0 1-12.3 7.4L3 21l2.1-5.7A8.4 8.4 0 1 1 21 11.5z" />
  </Icon>
);

export const InboxIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M22 12h-6l-2 3h-4l-2-3H2" />
    <path d="M5.5 5.1L2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.5-6.9A2 2 0 0 0 16.8 4H7.2a2 2 0 0 0-1.7 1.1z" />
  </Icon>
);

export const SearchIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <circle cx="11" cy="11" r="7" />
    <path d="M20 20l-4-4" />
  </Icon>
);

export const BlockIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M5.6 5.6l12.8 12.8" />
  </Icon>
);

export const BellIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" />
    <path d="M10 21h4" />
  </Icon>
);

export const BellOffIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M8.5 5.1A6 6 0 0 1 18 11v3.5M6 10.5V16l-2 2h14" />
    <path d="M10 21h4" />
    <path d="M3 3l18 18" />
  </Icon>
);

export const ArrowDownIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M12 5v14M5 12l7 7 7-7" />
  </Icon>
);

export const TrashIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
  </Icon>
);

export const RetryIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M3 12a9 9 0 0 1 15.5-6.2L21 8" />
    <path d="M21 3v5h-5" />
    <path d="M21 12a9 9 0 0 1-15.5 6.2L3 16" />
    <path d="M3 21v-5h5" />
  </Icon>
);

export const LockIcon = ({ size = 48 }: IconProps) => (
  <Icon size={size}>
    <rect x="4" y="11" width="16" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </Icon>
);

export const PinIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M12 17v5" />
    <path d="M9 3h6l-1 6 4 4v2H6v-2l4-4-1-6z" />
  </Icon>
);

export const PencilIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M4 20h4L19 9l-4-4L4 16v4z" />
    <path d="M14 6l4 4" />
  </Icon>
);

/** Note to Self's avatar: a bookmark, as the reference client draws it. */
export const BookmarkIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M6 3h12v18l-6-4-6 4z" />
  </Icon>
);

export const PeopleIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" />
    <path d="M15.5 4.8a3.5 3.5 0 0 1 0 6.4" />
    <path d="M18 14.6c2.1.8 3.5 2.7 3.5 5.4" />
  </Icon>
);

export const PlusIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M12 5v14M5 12h14" />
  </Icon>
);

export const LeaveIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M14 4h5v16h-5" />
    <path d="M10 8l-4 4 4 4M6 12h10" />
  </Icon>
);

export const PaperclipIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M21 11.5l-8.6 8.6a5 5 0 01-7.1-7.1l8.6-8.6a3.3 3.3 0 014.7 4.7l-8.6 8.6a1.7 1.7 0 01-2.4-2.4l7.9-7.9" />
  </Icon>
);

export const FileIcon = ({ size = 20 }: IconProps) => (
  <Icon size={size}>
    <path d="M14 3H7a2 2 0 00-2 2v14a2 2 0 002 2h10a2 2 0 002-2V8z" />
    <path d="M14 3v5h5" />
  </Icon>
);

export const DownloadIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M12 4v11" />
    <path d="M7 10l5 5 5-5" />
    <path d="M5 20h14" />
  </Icon>
);

export const ChevronLeftIcon = ({ size = 20 }: IconProps) => (
  <Icon size={size}>
    <path d="M15 5l-7 7 7 7" />
  </Icon>
);

export const ChevronRightIcon = ({ size = 20 }: IconProps) => (
  <Icon size={size}>
    <path d="M9 5l7 7-7 7" />
  </Icon>
);

export const ZoomIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <circle cx="11" cy="11" r="7" />
    <path d="M20 20l-4-4M11 8v6M8 11h6" />
  </Icon>
);
