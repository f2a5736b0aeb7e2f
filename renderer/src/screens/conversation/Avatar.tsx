// A person's avatar: their initials on a colour that is always the same for their Session ID; a
// closed group's: a group of people on its own colour, a rounded square, never mistaken for a person.
// Decorative: the name beside it is what screen readers read.
import { conversationKindOf } from '../../../../shared/contract/pureHelpers';
import { avatarColour, initialsFor } from './format';
import { BookmarkIcon, PeopleIcon } from './icons';

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
  if (conversationKindOf(sessionId) === 'group') {
    return (
      <span
        className={`avatar avatar--${size} avatar--group`}
        style={{ background: avatarColour(sessionId) }}
        aria-hidden="true"
        data-testid="group-avatar"
      >
        <PeopleIcon size={iconSizes[size] + 2} />
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
