// A person's avatar: their profile picture once it is here, else their initials on a colour that is
// always the same for their Session ID; a closed group's: a group of people on its own colour, a
// rounded square, never mistaken for a person; a community's: a globe on a rounded square.
// Decorative: the name beside it is what screen readers read.
import { useState } from 'react';
import { useProfilePicture } from '../../store/pictureActions';
import { conversationKindOf } from '../../../../shared/contract/pureHelpers';
import { avatarColour, initialsFor } from './format';
import { BookmarkIcon, PeopleIcon } from './icons';
import { GlobeIcon } from '../community/communityIcons';

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
  if (conversationKindOf(sessionId) === 'community') {
    return (
      <span
        className={`avatar avatar--${size} avatar--group`}
        style={{ background: avatarColour(sessionId) }}
        aria-hidden="true"
        data-testid="community-avatar"
      >
        <GlobeIcon size={iconSizes[size] + 2} />
      </span>
    );
  }
  return <PersonAvatar sessionId={sessionId} displayName={displayName} size={size} />;
}

function PersonAvatar({
  sessionId,
  displayName,
  size,
}: {
  sessionId: string;
  displayName: string | null;
  size: 'small' | 'medium' | 'large';
}) {
  const picture = useProfilePicture(sessionId);
  // A picture that does not decode here (it should, being re-encoded by the engine) falls back.
  const [broken, setBroken] = useState<string>();
  const shown = picture !== undefined && picture !== broken;
  return (
    <span
      className={`avatar avatar--${size}${shown ? ' avatar--picture' : ''}`}
      style={{ background: avatarColour(sessionId) }}
      aria-hidden="true"
      data-testid={shown ? 'profile-picture' : undefined}
    >
      {shown ? (
        <img
          className="avatar__picture"
          src={picture}
          alt=""
          draggable={false}
          onError={() => setBroken(picture)}
        />
      ) : (
        initialsFor(displayName, sessionId)
      )}
    </span>
  );
}
