// The files of a message in its bubble (issue #16): images as pictures (their thumbnail, opened in
// the viewer on click), voice notes as a player, anything else as a card with its name and size that
// downloads on click and saves once here. Transfers show their percent and can be cancelled. Only
// types the engine trusted by their bytes are rendered; the rest are offered as files.
import { useEffect, useState } from 'react';
import { isRenderedType } from '../../../../../shared/contract/pureHelpers';
import type { AttachmentView, MessageView } from '../../../../../shared/contract/views';
import {
  attachmentUrl,
  cancelAttachment,
  downloadAttachment,
  saveAttachment,
  sizeLabel,
  useProgress,
} from '../../../store/attachmentActions';
import { AlertIcon, CloseIcon, DownloadIcon, FileIcon } from '../icons';
import { VoiceNote } from './VoiceNote';
import './attachments.css';

export function isImage(attachment: AttachmentView): boolean {
  return attachment.contentType.startsWith('image/') && isRenderedType(attachment.contentType);
}

function isAudio(attachment: AttachmentView): boolean {
  return attachment.contentType.startsWith('audio/') && isRenderedType(attachment.contentType);
}

/** Loads a blob: URL of a file that is here (or its thumbnail); undefined until then. */
export function useAttachmentUrl(attachment: AttachmentView, thumbnail: boolean): string | undefined {
  const [url, setUrl] = useState<string>();
  const ready = attachment.state === 'ready';
  useEffect(() => {
    if (!ready) return;
    let current = true;
    void attachmentUrl(attachment, thumbnail).then((value) => {
      if (current) setUrl(value);
    });
    return () => {
      current = false;
    };
    // The URL depends on which file and whether it is here, not on the rest of the view.
  }, [attachment.id, ready, thumbnail]);
  return url;
}

function Transfer({ attachment }: { attachment: AttachmentView }) {
  const percent = useProgress(attachment.id) ?? 0;
  const verb = attachment.state === 'uploading' ? 'Uploading' : 'Downloading';
  return (
    <span className="attachment-transfer">
      <progress max={100} value={percent} aria-label={`${verb} ${attachment.fileName ?? 'file'}`} />
      <span className="attachment-transfer__label">
        {verb} {percent}%
      </span>
      <button
        type="button"
        className="icon-button attachment-transfer__cancel"
        aria-label={`Cancel ${verb.toLowerCase()}`}
        title="Cancel"
        onClick={() => void cancelAttachment(attachment.id)}
      >
        <CloseIcon size={14} />
      </button>
    </span>
  );
}

function FileCard({ attachment }: { attachment: AttachmentView }) {
  const name = attachment.fileName ?? 'File';
  const moving = attachment.state === 'uploading' || attachment.state === 'downloading';
  const action =
    attachment.state === 'ready'
      ? { label: `Save ${name}`, run: () => void saveAttachment(attachment) }
      : attachment.state === 'remote' ||
          (attachment.state === 'failed' && attachment.failure !== 'Cancelled.')
        ? { label: `Download ${name}`, run: () => void downloadAttachment(attachment.id) }
        : undefined;
  // Failed or gone: told in words. A gone file (its server let it go) offers nothing to try again.
  const unavailable = attachment.state === 'failed' || attachment.state === 'gone';
  return (
    <div className={`attachment-file attachment-file--${attachment.state}`}>
      <span className="attachment-file__icon">
        {unavailable ? <AlertIcon size={20} /> : <FileIcon size={20} />}
      </span>
      <span className="attachment-file__text">
        <span className="attachment-file__name" dir="auto" title={name}>
          {name}
        </span>
        <span className="attachment-file__detail">
          {attachment.state === 'gone'
            ? 'No longer available'
            : attachment.state === 'failed'
              ? (attachment.failure ?? 'Could not be transferred')
              : sizeLabel(attachment.size)}
        </span>
        {moving && <Transfer attachment={attachment} />}
      </span>
      {action && (
        <button
          type="button"
          className="icon-button attachment-file__action"
          aria-label={action.label}
          title={attachment.state === 'ready' ? 'Save' : 'Download'}
          onClick={action.run}
        >
          <DownloadIcon size={18} />
        </button>
      )}
    </div>
  );
}

function Picture({ attachment, onOpen }: { attachment: AttachmentView; onOpen: () => void }) {
  const url = useAttachmentUrl(attachment, attachment.thumbnail);
  // Known dimensions keep the place of the picture before it loads, so the list does not jump.
  const sized = attachment.width !== null && attachment.height !== null;
  const shape = sized ? { aspectRatio: `${attachment.width} / ${attachment.height}` } : undefined;
  const name = attachment.fileName ?? 'Image';
  if (attachment.state !== 'ready') {
    return (
      <div className="attachment-picture attachment-picture--waiting" style={shape}>
        <FileCard attachment={attachment} />
      </div>
    );
  }
  return (
    <button
      type="button"
      className={`attachment-picture ${sized ? 'attachment-picture--sized' : ''}`}
      style={shape}
      aria-label={`Open image ${name}`}
      onClick={onOpen}
    >
      {url && <img src={url} alt={name} draggable={false} />}
    </button>
  );
}

export function MessageAttachments({
  message,
  onOpenImage,
}: {
  message: MessageView;
  onOpenImage: (attachmentId: number) => void;
}) {
  const pictures = message.attachments.filter(isImage);
  const others = message.attachments.filter((attachment) => !isImage(attachment));
  return (
    <div className="message__attachments">
      {pictures.length > 0 && (
        <div className={`attachment-pictures attachment-pictures--${Math.min(pictures.length, 3)}`}>
          {pictures.map((attachment) => (
            <Picture key={attachment.id} attachment={attachment} onOpen={() => onOpenImage(attachment.id)} />
          ))}
        </div>
      )}
      {others.map((attachment) =>
        attachment.voice && isAudio(attachment) ? (
          <VoiceNote
            key={attachment.id}
            attachment={attachment}
            conversationId={message.conversationId}
            messageId={message.id}
            outgoing={message.direction === 'outgoing'}
          />
        ) : (
          <FileCard key={attachment.id} attachment={attachment} />
        ),
      )}
    </div>
  );
}

export { FileCard };
