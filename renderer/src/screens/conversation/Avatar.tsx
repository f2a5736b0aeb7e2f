// A person's avatar: their initials on a colour that is always the same for their Session ID.
// Decorative: the name beside it is what screen readers read.
import { avatarColour, initialsFor } from './format';
import { BookmarkIcon } from './icons';

const iconSizes = { small: 14, medium: 18, large: 28 } as const;

export function Avatar({
  sessionId,
  displayName,
  size = 'medium',
  noteToSelf = false,
}: {
  sessionId: string;
  displayName: string | null;
  size?: 'small' | 'medium' | 'large';
  /** The conversation with oneself: a bookmark on the accent, not one's own initials. */
  noteToSelf?: boolean;
}) {
  if (noteToSelf) {
    return (
      <span
        className={`avatar avatar--${size} avatar--note-to-self`}
        aria-hidden="true"
        data-testid="note-to-self-avatar"
      >
        <BookmarkIcon size={iconSizes[size]} />
      </span>
    );
  }
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
