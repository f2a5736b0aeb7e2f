// Voice notes that could not be sent, above the composer: each can be listened to, sent again or
// thrown away, with the reason it did not go. The recording stays in this window until then, so a
// failed send (disconnected, the engine refused it) never loses what was said.
import { useCallback } from 'react';
import {
  discardUnsentVoiceNote,
  resendVoiceNote,
  type UnsentVoiceNote,
  useUnsentVoiceNotes,
} from '../../../store/voiceActions';
import { CloseIcon } from '../icons';
import { voiceContentType } from './mp3Encoder';
import { VoicePlayer } from './VoicePlayer';

function UnsentNote({ conversationId, note }: { conversationId: string; note: UnsentVoiceNote }) {
  const load = useCallback(
    async () => new Blob([note.data as Uint8Array<ArrayBuffer>], { type: voiceContentType }),
    [note.data],
  );
  return (
    <li className="unsent-voice">
      <VoicePlayer
        load={load}
        waveform={[...note.waveform]}
        durationMs={Math.round(note.durationMs)}
        outgoing={false}
        contentType={voiceContentType}
      />
      <p className="unsent-voice__failure" role="alert">
        {note.failure}
      </p>
      <span className="unsent-voice__actions">
        <button
          type="button"
          className="button button--secondary unsent-voice__send"
          onClick={() => void resendVoiceNote(conversationId, note.key)}
        >
          Send again
        </button>
        <button
          type="button"
          className="icon-button unsent-voice__discard"
          aria-label="Discard voice message"
          title="Discard"
          onClick={() => discardUnsentVoiceNote(conversationId, note.key)}
        >
          <CloseIcon size={16} />
        </button>
      </span>
    </li>
  );
}

export function UnsentVoiceNotes({ conversationId }: { conversationId: string }) {
  const notes = useUnsentVoiceNotes(conversationId);
  if (notes.length === 0) return null;
  return (
    <ul className="unsent-voices" aria-label="Voice messages not sent">
      {notes.map((note) => (
        <UnsentNote key={note.key} conversationId={conversationId} note={note} />
      ))}
    </ul>
  );
}
