// The icons only communities use, drawn like the others (conversation/icons.tsx).
import { Icon, type IconProps } from '../conversation/icons';

/** A community: open to the world. */
export const GlobeIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
  </Icon>
);

export const InfoIcon = ({ size = 18 }: IconProps) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v6M12 7.5v.01" />
  </Icon>
);

export const LinkIcon = ({ size = 16 }: IconProps) => (
  <Icon size={size}>
    <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" />
    <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
  </Icon>
);

/** A server that does not answer. */
export const CloudOffIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <path d="M3 3l18 18" />
    <path d="M8.5 6.4A6 6 0 0 1 17.7 10H18a4 4 0 0 1 2.2 7.3M16 19H7a4.5 4.5 0 0 1-1.6-8.7" />
  </Icon>
);

export const ShieldIcon = ({ size = 14 }: IconProps) => (
  <Icon size={size}>
    <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
  </Icon>
);
