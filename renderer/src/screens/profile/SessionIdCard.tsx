// The own Session ID: in full (people compare it character by character), copied with one click,
// and as a QR code that can be saved as PNG. The engine's SVG is shown as an image, never as markup
// in the page, so nothing in it could run.
import { useEffect, useRef, useState } from 'react';
import { notify } from '../../store/actions';
import { loadSessionIdQr, type SessionIdQr } from '../../store/accountActions';

const copiedForMs = 2_000;

/** Base64 of text as UTF-8 (btoa alone refuses anything beyond Latin-1). */
function base64OfText(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function SessionIdCard({ sessionId }: { sessionId: string }) {
  const [qr, setQr] = useState<SessionIdQr | null>(null);
  const [copied, setCopied] = useState(false);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    let current = true;
    void loadSessionIdQr().then((loaded) => {
      if (current && loaded) setQr(loaded);
    });
    return () => {
      current = false;
    };
  }, [sessionId]);

  useEffect(() => () => clearTimeout(copiedTimer.current), []);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(sessionId);
    } catch {
      notify('The Session ID could not be copied. Select it and copy it yourself.');
      return;
    }
    setCopied(true);
    clearTimeout(copiedTimer.current);
    copiedTimer.current = setTimeout(() => setCopied(false), copiedForMs);
  };

  return (
    <div className="profile-id">
      <div className="profile-id__qr">
        {qr ? (
          <img
            className="profile-id__qr-image"
            src={`data:image/svg+xml;base64,${base64OfText(qr.svg)}`}
            alt="QR code of your Session ID"
          />
        ) : (
          <span className="profile-id__qr-placeholder" aria-busy="true">
            Making the QR code…
          </span>
        )}
      </div>
      <div className="profile-id__text">
        <p className="profile-id__value mono">{sessionId}</p>
        <div className="actions">
          <button type="button" className="button profile-id__copy" onClick={() => void copy()}>
            {copied ? '✓ Copied' : 'Copy'}
          </button>
          {qr ? (
            <a
              className="button button--secondary profile-id__download"
              href={`data:image/png;base64,${qr.pngBase64}`}
              download="starling-session-id.png"
            >
              Save as PNG
            </a>
          ) : (
            <button type="button" className="button button--secondary" disabled>
              Save as PNG
            </button>
          )}
        </div>
        <span className="visually-hidden" role="status">
          {copied ? 'Session ID copied' : ''}
        </span>
      </div>
    </div>
  );
}
