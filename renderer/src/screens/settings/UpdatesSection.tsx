// Settings → Updates: the version, what the host last decided, and a way to check now.
import { useState } from 'react';
import { checkForUpdates } from '../../store/updateActions';
import { useAppStore } from '../../store/store';
import { UpdateButtons } from '../updates/UpdatePrompt';
import { PageSection } from './Page';

export function UpdatesSection() {
  const update = useAppStore((state) => state.update);
  const [checking, setChecking] = useState(false);
  const check = async (): Promise<void> => {
    setChecking(true);
    await checkForUpdates();
    setChecking(false);
  };
  return (
    <PageSection
      title="Updates"
      description={
        update
          ? `You have Starling ${update.currentVersion}.`
          : 'Starling checks at start and every few hours.'
      }
    >
      {update && <p className="settings-update__message">{update.failure ?? update.message}</p>}
      <div className="settings-update__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={checking}
          onClick={() => void check()}
        >
          {checking ? 'Checking…' : 'Check for updates'}
        </button>
        {update && <UpdateButtons update={update} />}
      </div>
    </PageSection>
  );
}
