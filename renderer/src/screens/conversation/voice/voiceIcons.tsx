// The voice controls' icons, drawn with icons.tsx's Icon (line icons in currentColor, hidden from
// screen readers: the button holding one carries the name).
import { Icon, type IconProps } from '../icons';

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
