// A voice note in a bubble, incoming or outgoing. Once it is here it is the voice player: its bars
// and length come from the stored details, and a note never measured (received, or sent before its
// details were stored) is measured once from its decoded audio and stored (setVoiceDetails).
//
// Until it is here it stays the file card: voice notes download by themselves (core/attachments:
// up to the automatic-download size), so the card only shows for a moment, or for a note too large
// for that, an upload in progress, or a failure. The card already shows the percent, cancels, and
// retries with the reason in words; a player that downloaded on play would have to do all of that
// again inside the waveform.
import { useCallback } from 'react';
import type { AttachmentView } from '../../../../../shared/contract/views';
import { storeVoiceDetails, voiceNoteBytes } from '../../../store/voiceActions';
import { VoicePlayer } from '../voice/VoicePlayer';
import type { VoiceDetails } from '../voice/waveform';
import { FileCard } from './MessageAttachments';

export function VoiceNote({
  attachment,
  conversationId,
  messageId,
  outgoing,
}: {
  attachment: AttachmentView;
  conversationId: string;
  messageId: number;
  outgoing: boolean;
}) {
  const attachmentId = attachment.id;
  const load = useCallback(() => voiceNoteBytes(attachmentId), [attachmentId]);
  const onMeasured = useCallback(
    (details: VoiceDetails) => void storeVoiceDetails(conversationId, messageId, attachmentId, details),
    [conversationId, messageId, attachmentId],
  );
  if (attachment.state !== 'ready') return <FileCard attachment={attachment} />;
  return (
    <div className={`voice-note ${outgoing ? 'voice-note--outgoing' : ''}`}>
      <VoicePlayer
        load={load}
        waveform={attachment.waveform ? [...attachment.waveform] : null}
        durationMs={attachment.durationMs}
        onMeasured={onMeasured}
        outgoing={outgoing}
        contentType={attachment.contentType}
        // Measured as soon as it shows, so its bars and length are there before anyone presses play.
        autoMeasure={attachment.waveform === null}
      />
    </div>
  );
}
