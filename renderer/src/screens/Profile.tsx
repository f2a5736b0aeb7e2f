// Profile: the own picture and display name (editable), Session ID (in full, copied, as a QR code
// saved as PNG) and, after a warning, the recovery phrase.
import { abbreviateSessionId } from '../../../shared/contract/pureHelpers';
import { useAppStore } from '../store/store';
// The sidebar's avatar, so a person looks the same everywhere.
import { Avatar } from './conversation/Avatar';
import { DisplayNameForm } from './profile/DisplayNameForm';
import { ProfilePictureControls } from './profile/ProfilePictureControls';
import { RecoveryPhrase } from './profile/RecoveryPhrase';
import { SessionIdCard } from './profile/SessionIdCard';
import { Page, PageSection } from './settings/Page';
import './profile/profile.css';

export function Profile() {
  const account = useAppStore((state) => state.account);

  if (!account) {
    return (
      <Page title="Profile">
        <p className="page-muted" aria-busy="true">
          Loading your profile…
        </p>
      </Page>
    );
  }

  const name = account.displayName?.trim() || null;
  return (
    <Page title="Profile">
      <div className="profile-header">
        <Avatar sessionId={account.sessionId} displayName={account.displayName} size="large" />
        <div className="profile-header__text">
          <p className="profile-header__name">{name ?? 'No display name yet'}</p>
          <p className="profile-header__id mono">{abbreviateSessionId(account.sessionId)}</p>
          <ProfilePictureControls hasPicture={account.picture !== undefined} />
        </div>
      </div>

      <PageSection title="Display name">
        <DisplayNameForm displayName={account.displayName} />
      </PageSection>

      <PageSection
        title="Your Session ID"
        description="Share it, or let someone scan the code, so they can write to you. It is not a secret."
      >
        <SessionIdCard sessionId={account.sessionId} />
      </PageSection>

      <PageSection
        title="Recovery phrase"
        description="The 13 words that bring your account back on a new device. Keep them secret."
      >
        <RecoveryPhrase />
      </PageSection>
    </Page>
  );
}
