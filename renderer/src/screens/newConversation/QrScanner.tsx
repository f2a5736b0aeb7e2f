// The camera QR scanner: one frame every ~200 ms is drawn to a canvas and read by the pure reader,
// until a Session ID is found (then the camera stops) or the person closes it. The camera is also
// released whenever this leaves the screen. product.md: the reference client has no desktop scanning.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { readSessionIdFromPixels, SessionIdQrError } from '../../../../shared/contract/pureHelpers';
import { pixelsOf } from './qrPixels';

const frameIntervalMs = 200;
/** Frames are scaled down to this: a QR code held up to a webcam stays readable, and jsQR quick. */
const largestFrameSide = 960;

type ScannerState =
  | { readonly phase: 'starting' }
  | { readonly phase: 'scanning'; readonly note: string | null }
  | { readonly phase: 'failed'; readonly message: string };

/** getUserMedia's errors (DOMException names), in words that say what to do. */
export function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Starling is not allowed to use the camera. Allow camera access in your system’s privacy settings (or the browser’s site settings), then try again — or read the QR code from an image.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect one and try again, or read the QR code from an image.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another app may be using it. Close that app and try again.';
    default:
      return 'The camera could not be started. Try again, or read the QR code from an image.';
  }
}

const noCameraAccess = 'This window cannot use cameras. Read the QR code from an image instead.';

export function QrScanner({
  onFound,
  onClose,
  otherActions,
}: {
  onFound: (sessionId: string) => void;
  onClose: () => void;
  /** Other ways to read a code, offered beside the camera's buttons (an image file). */
  otherActions?: ReactNode;
}) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const onFoundRef = useRef(onFound);
  const [state, setState] = useState<ScannerState>({ phase: 'starting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    onFoundRef.current = onFound;
  });

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const canvas = document.createElement('canvas');
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const stop = (): void => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
      video.srcObject = null;
    };

    const readFrame = (): void => {
      if (stopped) return;
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        try {
          const pixels = pixelsOf(canvas, video, video.videoWidth, video.videoHeight, largestFrameSide);
          const sessionId = readSessionIdFromPixels(pixels);
          stop();
          onFoundRef.current(sessionId);
          return;
        } catch (error) {
          // No code in this frame is the usual case; a code that is not a Session ID is worth saying.
          if (error instanceof SessionIdQrError && error.code === 'notSessionId') {
            const note = error.message;
            setState((current) =>
              current.phase === 'scanning' && current.note === note ? current : { phase: 'scanning', note },
            );
          }
        }
      }
      timer = setTimeout(readFrame, frameIntervalMs);
    };

    setState({ phase: 'starting' });
    void (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState({ phase: 'failed', message: noCameraAccess });
        return;
      }
      let opened: MediaStream;
      try {
        // A laptop has one camera; a tablet's back camera is the one to hold up to a code.
        opened = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        });
      } catch (error) {
        if (!stopped) setState({ phase: 'failed', message: cameraProblem(error) });
        return;
      }
      if (stopped) {
        for (const track of opened.getTracks()) track.stop();
        return;
      }
      stream = opened;
      for (const track of opened.getVideoTracks()) {
        track.addEventListener('ended', () => {
          if (stopped) return;
          stop();
          setState({
            phase: 'failed',
            message: 'The camera stopped. Try again, or read the QR code from an image.',
          });
        });
      }
      video.srcObject = opened;
      // Muted inline video may always play; frames are read whatever play() says.
      await video.play().catch(() => undefined);
      if (stopped) return;
      setState({ phase: 'scanning', note: null });
      readFrame();
    })();
    return stop;
  }, [attempt]);

  const failed = state.phase === 'failed';
  return (
    <div className="qr-scanner">
      <div className="qr-scanner__view" hidden={failed}>
        <video ref={videoRef} className="qr-scanner__video" muted playsInline aria-label="Camera preview" />
        <span className="qr-scanner__frame" aria-hidden="true" />
      </div>
      {failed ? (
        <div className="page-callout" role="alert">
          <span>{state.message}</span>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setAttempt((n) => n + 1)}
            >
              Try again
            </button>
            {otherActions}
            <button type="button" className="button button--quiet" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="qr-scanner__status" role="status">
            {state.phase === 'starting'
              ? 'Starting the camera…'
              : (state.note ?? 'Hold a Session ID QR code up to the camera.')}
          </p>
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              Stop camera
            </button>
            {otherActions}
          </div>
        </>
      )}
    </div>
  );
}
