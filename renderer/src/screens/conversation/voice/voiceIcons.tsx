// The voice controls' icons, drawn like icons.tsx's (line icons in currentColor, hidden from
// screen readers: the button holding one carries the name). Kept here so voice notes add files
// rather than edit shared ones.
import type { ReactNode } from 'react';

function Icon({ children, size }: { children: ReactNode; size: number }) {
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

type IconProps = { size?: number };

export const MicrophoneIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <rect x="9" y="3" width="6" height="11" rx="3" />
    <path d="M5.5 11a6.5 6.5 0 0 0 13 0" />
    <path d="M12 17.5V21" />
  </Icon>
);

export const PlayIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M8 5.5v13l10.5-6.5z" fill="currentColor" />
  </Icon>
);

export const PauseIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <path d="M8.5 5.5v13M15.5 5.5v13" strokeWidth="3" />
  </Icon>
);
