// The files waiting in the composer (issue #16): a preview of each image, a card for other files,
// each with a way to take it out before sending.
import { type ComposerFile, removeStagedFile, sizeLabel, useTray } from '../../../store/attachmentActions';
import { CloseIcon, FileIcon } from '../icons';

function TrayItem({ conversationId, file }: { conversationId: string; file: ComposerFile }) {
  return (
    <li className={`tray__item ${file.stagedId === null ? 'tray__item--staging' : ''}`}>
      {file.previewUrl ? (
        <img className="tray__preview" src={file.previewUrl} alt="" />
      ) : (
        <span className="tray__icon" aria-hidden="true">
          <FileIcon size={22} />
        </span>
      )}
      <span className="tray__text">
        <span className="tray__name" dir="auto" title={file.fileName}>
          {file.fileName}
        </span>
        <span className="tray__size">{file.stagedId === null ? 'Preparing…' : sizeLabel(file.size)}</span>
      </span>
      <button
        type="button"
        className="icon-button tray__remove"
        aria-label={`Remove ${file.fileName}`}
        title="Remove"
        onClick={() => removeStagedFile(conversationId, file.key)}
      >
        <CloseIcon size={14} />
      </button>
    </li>
  );
}

export function ComposerTray({ conversationId }: { conversationId: string }) {
  const files = useTray(conversationId);
  if (files.length === 0) return null;
  return (
    <ul className="tray" aria-label={files.length === 1 ? '1 file to send' : `${files.length} files to send`}>
      {files.map((file) => (
        <TrayItem key={file.key} conversationId={conversationId} file={file} />
      ))}
    </ul>
  );
}
