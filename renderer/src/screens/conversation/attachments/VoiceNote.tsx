// A voice note in a bubble: played once it is here (it downloads by itself when small enough), or
// the card that fetches it.
import type { AttachmentView } from '../../../../../shared/contract/views';
import { FileCard, useAttachmentUrl } from './MessageAttachments';

export function VoiceNote({ attachment, outgoing }: { attachment: AttachmentView; outgoing: boolean }) {
  const url = useAttachmentUrl(attachment, false);
  if (attachment.state !== 'ready') return <FileCard attachment={attachment} />;
  return (
    <div className={`voice-note ${outgoing ? 'voice-note--outgoing' : ''}`}>
      {url && <audio controls preload="metadata" src={url} aria-label="Voice message" />}
    </div>
  );
}
