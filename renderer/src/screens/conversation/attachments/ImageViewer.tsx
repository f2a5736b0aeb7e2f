// The image viewer (issue #16): one image of the conversation at a time, fitted to the window or at
// its own size (zoom), the previous and next images (arrow keys too), and saving it. A native
// <dialog> keeps the focus inside and gives it back when it closes.
import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { AttachmentView } from '../../../../../shared/contract/views';
import { saveAttachment } from '../../../store/attachmentActions';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon, DownloadIcon, ZoomIcon } from '../icons';
import { useAttachmentUrl } from './MessageAttachments';

export function ImageViewer({
  images,
  startId,
  onClose,
}: {
  /** The conversation's images that are here, oldest first. */
  images: readonly AttachmentView[];
  startId: number;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [index, setIndex] = useState(() =>
    Math.max(
      0,
      images.findIndex((image) => image.id === startId),
    ),
  );
  const [zoomed, setZoomed] = useState(false);
  const image = images[Math.min(index, images.length - 1)];
  const url = useAttachmentUrl(image ?? images[0]!, false);

  useEffect(() => {
    const dialog = dialogRef.current!;
    if (!dialog.open) dialog.showModal?.();
    return () => dialog.close?.();
  }, []);

  if (!image) return null;
  const go = (step: -1 | 1): void => {
    setZoomed(false);
    setIndex((current) => Math.min(images.length - 1, Math.max(0, current + step)));
  };
  const name = image.fileName ?? 'Image';

  return createPortal(
    <dialog
      ref={dialogRef}
      className="image-viewer"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowLeft') go(-1);
        else if (event.key === 'ArrowRight') go(1);
      }}
    >
      <header className="image-viewer__bar">
        <h2 id={titleId} className="image-viewer__title" dir="auto">
          {name}
          <span className="image-viewer__count">
            {' '}
            {index + 1} of {images.length}
          </span>
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-pressed={zoomed}
          aria-label={zoomed ? 'Fit to window' : 'Actual size'}
          title={zoomed ? 'Fit to window' : 'Actual size'}
          onClick={() => setZoomed((value) => !value)}
        >
          <ZoomIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Save"
          title="Save"
          onClick={() => void saveAttachment(image)}
        >
          <DownloadIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          title="Close"
          autoFocus
          onClick={onClose}
        >
          <CloseIcon size={18} />
        </button>
      </header>
      <div className={`image-viewer__stage ${zoomed ? 'image-viewer__stage--zoomed' : ''}`}>
        <button
          type="button"
          className="icon-button image-viewer__step image-viewer__step--previous"
          aria-label="Previous image"
          disabled={index === 0}
          onClick={() => go(-1)}
        >
          <ChevronLeftIcon size={24} />
        </button>
        {url && (
          <img
            className="image-viewer__image"
            src={url}
            alt={name}
            onDoubleClick={() => setZoomed((value) => !value)}
          />
        )}
        <button
          type="button"
          className="icon-button image-viewer__step image-viewer__step--next"
          aria-label="Next image"
          disabled={index === images.length - 1}
          onClick={() => go(1)}
        >
          <ChevronRightIcon size={24} />
        </button>
      </div>
    </dialog>,
    document.body,
  );
}
