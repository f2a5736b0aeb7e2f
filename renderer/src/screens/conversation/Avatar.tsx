// A person's avatar: their initials on a colour that is always the same for their Session ID.
// Decorative: the name beside it is what screen readers read.
import { avatarColour, initialsFor } from './format';

export function Avatar({
  sessionId,
  displayName,
  size = 'medium',
}: {
  sessionId: string;
  displayName: string | null;
  size?: 'small' | 'medium' | 'large';
}) {
  return (
    <span
      className={`avatar avatar--${size}`}
      style={{ background: avatarColour(sessionId) }}
      aria-hidden="true"
    >
      {initialsFor(displayName, sessionId)}
    </span>
  );
}
