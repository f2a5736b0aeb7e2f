// Says in words when the UI is cut off from Starling, and what happens next: it reconnects by
// itself while the host is only out of reach; after a restart the host has a new token and refuses
// this page, and only the new link printed by `starling serve` brings it back. Either way, what
// the person typed stays where it is.
import { useAppStore } from '../store/store';
import './connectionBanner.css';

export function ConnectionBanner() {
  const connection = useAppStore((state) => state.connection);
  if (connection === 'lost') {
    return (
      <div className="connection-banner connection-banner--lost" role="alert">
        <span className="connection-banner__dot" aria-hidden="true" />
        <p className="connection-banner__text">
          <strong>Disconnected from Starling.</strong> Reconnecting by itself… Nothing can be sent until then;
          what you type stays here.
        </p>
      </div>
    );
  }
  if (connection === 'needsNewLink') {
    return (
      <div className="connection-banner connection-banner--new-link" role="alert">
        <span className="connection-banner__dot" aria-hidden="true" />
        <p className="connection-banner__text">
          <strong>Starling was restarted, so this page lost its access.</strong> Open the new link that{' '}
          <code>starling serve</code> printed (<code>listening http://127.0.0.1:…/?token=…</code>); what you
          typed here stays until then.
        </p>
      </div>
    );
  }
  return null;
}
