// Framing a new profile picture: the chosen image under a round window, moved by dragging (or the
// arrow keys) and zoomed with the slider (or the wheel, or + and −). Saving uploads the framed
// square; the dialog stays open, with the reason in words, when that fails.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { createPortal } from 'react-dom';
import { chooseProfilePicture } from '../../store/pictureActions';
import {
  cropOf,
  initialFraming,
  maximumZoom,
  minimumZoom,
  moved,
  zoomed,
  type Framing,
} from './pictureFraming';

/** The window's side on screen, in CSS pixels (profile.css draws it at this size). */
const windowSide = 280;
const arrowStep = 10;
const zoomStep = 0.25;

export function PictureCropDialog({ file, onClose }: { file: File; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const hintId = useId();
  const [url, setUrl] = useState<string>();
  const [framing, setFraming] = useState<Framing>();
  const [failed, setFailed] = useState(false);
  const [saving, setSaving] = useState(false);
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current!;
    if (!dialog.open) dialog.showModal?.();
    return () => dialog.close?.();
  }, []);
  // Made and revoked by the same effect, so that React's double run in development keeps a live URL.
  useEffect(() => {
    const made = URL.createObjectURL(file);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);

  const move = (dx: number, dy: number): void => setFraming((current) => current && moved(current, dx, dy));
  const zoom = (value: number): void => setFraming((current) => current && zoomed(current, value));

  const onKeyDown = (event: KeyboardEvent): void => {
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [arrowStep, 0],
      ArrowRight: [-arrowStep, 0],
      ArrowUp: [0, arrowStep],
      ArrowDown: [0, -arrowStep],
    };
    const step = steps[event.key];
    if (step) {
      event.preventDefault();
      move(...step);
    } else if ((event.key === '+' || event.key === '=') && framing) {
      event.preventDefault();
      zoom(framing.zoom + zoomStep);
    } else if (event.key === '-' && framing) {
      event.preventDefault();
      zoom(framing.zoom - zoomStep);
    }
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (!drag.current) return;
    move(event.clientX - drag.current.x, event.clientY - drag.current.y);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const endDrag = (): void => {
    drag.current = null;
  };

  const save = async (): Promise<void> => {
    if (!framing) return;
    setSaving(true);
    const saved = await chooseProfilePicture(file, cropOf(framing));
    setSaving(false);
    if (saved) onClose();
  };

  const scale = framing ? (windowSide / Math.min(framing.width, framing.height)) * framing.zoom : 1;
  return createPortal(
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!saving) onClose();
      }}
    >
      <form
        className="dialog__box picture-crop"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <h2 id={titleId} className="dialog__title">
          Frame your picture
        </h2>
        <div className="dialog__body">
          {failed ? (
            <p className="picture-crop__failure" role="alert">
              This file is not a picture that can be shown here. Choose a JPEG, PNG, WebP or GIF.
            </p>
          ) : (
            <div
              className="picture-crop__window"
              style={{ width: windowSide, height: windowSide }}
              tabIndex={0}
              role="group"
              aria-label="Picture framing"
              aria-describedby={hintId}
              data-testid="picture-crop-window"
              onKeyDown={onKeyDown}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={endDrag}
              onPointerCancel={endDrag}
              onWheel={(event) => framing && zoom(framing.zoom - Math.sign(event.deltaY) * zoomStep)}
            >
              {url && (
                <img
                  className="picture-crop__image"
                  src={url}
                  alt=""
                  draggable={false}
                  onLoad={(event) => {
                    const image = event.currentTarget;
                    setFraming(initialFraming(image.naturalWidth, image.naturalHeight, windowSide));
                  }}
                  onError={() => setFailed(true)}
                  style={
                    framing
                      ? {
                          width: framing.width * scale,
                          height: framing.height * scale,
                          transform: `translate(${framing.x}px, ${framing.y}px)`,
                        }
                      : { visibility: 'hidden' }
                  }
                />
              )}
              <span className="picture-crop__mask" aria-hidden="true" />
            </div>
          )}
          <label className="picture-crop__zoom">
            <span className="field__label">Zoom</span>
            <input
              type="range"
              min={minimumZoom}
              max={maximumZoom}
              // Any value: the wheel and the keys zoom off the slider's grid, and an off-grid value
              // would make the form invalid and Save do nothing.
              step="any"
              value={framing?.zoom ?? minimumZoom}
              disabled={!framing}
              onChange={(event) => zoom(Number(event.target.value))}
            />
          </label>
          <p id={hintId} className="field__hint">
            Drag the picture (or use the arrow keys) to frame it. It is shown round, at 600 pixels at most.
          </p>
        </div>
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button" disabled={!framing || saving} aria-busy={saving}>
            {saving ? 'Uploading…' : 'Save picture'}
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
