// Settings → Updates: the version, what the host last decided, and a way to check now. A check
// says that it is checking, then what it found in words (#17 item 6): up to date, a release, no
// update feed set up, or a feed that could not be reached; and when it last looked.
import { useState } from 'react';
import { checkForUpdates } from '../../store/updateActions';
import { useAppStore } from '../../store/store';
import { isSameDay, listTime } from '../conversation/format';
import { UpdateButtons } from '../updates/UpdatePrompt';
import { PageSection } from './Page';

/** "Last checked at 6:40 PM", or on which day when not today. */
function checkedText(checkedAt: number, now: number): string {
  return `Last checked ${isSameDay(checkedAt, now) ? 'at' : 'on'} ${listTime(checkedAt, now)}.`;
}

export function UpdatesSection() {
  const update = useAppStore((state) => state.update);
  const [checking, setChecking] = useState(false);
  const check = async (): Promise<void> => {
    setChecking(true);
    try {
      await checkForUpdates();
    } finally {
      setChecking(false);
    }
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
      {/* One live region: "Checking…", then the result, are read out as they come. */}
      <div className="settings-update__result" role="status">
        {checking ? (
          <p className="settings-update__message">Checking for updates…</p>
        ) : (
          update && (
            <>
              <p className="settings-update__message">{update.failure ?? update.message}</p>
              {update.checkedAt !== null && (
                <p className="settings-update__checked">{checkedText(update.checkedAt, Date.now())}</p>
              )}
            </>
          )
        )}
      </div>
      <div className="settings-update__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={checking}
          onClick={() => void check()}
        >
          {checking ? 'Checking…' : 'Check for updates'}
        </button>
        {update && !checking && <UpdateButtons update={update} />}
      </div>
    </PageSection>
  );
}
