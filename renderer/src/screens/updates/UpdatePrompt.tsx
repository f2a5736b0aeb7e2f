// What the app says about updates, above the screen in use: an offer the person may put off, a
// required update that stays in view (opened once as a dialog, so it cannot be missed), or an
// outdated app explaining why messages may stop. Buttons only ever do what they say.
import { useEffect } from 'react';
import type { UpdateView } from '../../../../shared/contract/views';
import {
  downloadUpdate,
  installUpdate,
  loadUpdateStatus,
  postponeUpdate,
  updatePromptKey,
} from '../../store/updateActions';
import { useAppStore } from '../../store/store';
import './updates.css';

export function UpdatePrompt() {
  const update = useAppStore((state) => state.update);
  const postponed = useAppStore((state) => state.updatePostponed);

  useEffect(() => {
    void loadUpdateStatus();
  }, []);

  if (!update || update.kind === 'upToDate') return null;
  const putOff = postponed === updatePromptKey(update);
  if (update.kind === 'required' && !putOff) return <RequiredUpdateDialog update={update} />;
  if (update.kind === 'available' && putOff) return null;

  const urgent = update.kind !== 'available';
  return (
    <div
      className={`update-banner${urgent ? ' update-banner--urgent' : ''}`}
      role={urgent ? 'alert' : 'status'}
      aria-label="Update"
    >
      <p className="update-banner__text">{bannerText(update)}</p>
      <UpdateProgress update={update} />
      <div className="update-banner__actions">
        <UpdateButtons update={update} />
        {update.kind === 'available' && update.download !== 'downloading' && (
          <button type="button" className="button button--quiet" onClick={postponeUpdate}>
            Later
          </button>
        )}
      </div>
    </div>
  );
}

function bannerText(update: UpdateView): string {
  if (update.download === 'downloaded')
    return `Starling ${update.version} is ready. Restart to finish updating.`;
  if (update.download === 'failed' && update.failure) return update.failure;
  if (update.download === 'downloading') return `Downloading Starling ${update.version}…`;
  if (update.kind === 'available' && update.download === 'unsupported') {
    return `Starling ${update.version} is available: download it from the Starling website.`;
  }
  return update.message;
}

function UpdateProgress({ update }: { update: UpdateView }) {
  if (update.download !== 'downloading') return null;
  const percent = Math.round((update.progress ?? 0) * 100);
  return (
    <progress
      className="update-banner__progress"
      max={100}
      value={percent}
      aria-label={`Downloading Starling ${update.version}: ${percent}%`}
    />
  );
}

/** Download, Try again, or Restart, as the download stands; nothing where the app cannot install. */
export function UpdateButtons({ update }: { update: UpdateView }) {
  if (update.version === null || update.download === 'unsupported' || update.download === 'downloading') {
    return null;
  }
  if (update.download === 'downloaded') {
    return (
      <button type="button" className="button" onClick={() => void installUpdate()}>
        Restart
      </button>
    );
  }
  return (
    <button type="button" className="button" onClick={() => void downloadUpdate()}>
      {update.download === 'failed' ? 'Try again' : 'Download'}
    </button>
  );
}

function RequiredUpdateDialog({ update }: { update: UpdateView }) {
  const deadline =
    update.deadline === null
      ? null
      : new Date(update.deadline).toLocaleDateString(undefined, { dateStyle: 'long' });
  return (
    <div className="update-dialog__backdrop">
      <div
        className="update-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="update-dialog-title"
        aria-describedby="update-dialog-message"
      >
        <h2 id="update-dialog-title">
          {deadline ? `Update Starling before ${deadline}` : 'Starling needs an update'}
        </h2>
        <p id="update-dialog-message">{update.message}</p>
        {update.notes && <p className="update-dialog__notes">{update.notes}</p>}
        {update.download === 'unsupported' && (
          <p>Download Starling {update.version} from the Starling website and install it.</p>
        )}
        <div className="update-dialog__actions">
          <button type="button" className="button button--secondary" onClick={postponeUpdate}>
            Later
          </button>
          <UpdateButtons update={update} />
        </div>
      </div>
    </div>
  );
}
