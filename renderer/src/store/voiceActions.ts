// Voice notes (issue #16): a recorded note is staged and sent at once as a message of its own, then
// its waveform and length are stored on the sent attachment (setVoiceDetails), so that its bubble
// draws without decoding the audio. A note that could not be sent is kept in the composer with the
// reason in words, to be sent again or thrown away: a recording is never lost to a failed send.
// Received notes are measured once, the first time they are played or shown, and stored the same way.
import { create } from 'zustand';
import { fromBase64, toBase64 } from '../../../shared/contract/pureHelpers';
import type { AttachmentView, MessageView } from '../../../shared/contract/views';
import { ApiError } from '../api/connection';
import { voiceContentType } from '../screens/conversation/voice/mp3Encoder';
import type { VoiceDetails } from '../screens/conversation/voice/waveform';
import { apiForScreens as api, putMessage, putSentMessage } from './actions';
import { getState } from './store';

/** A recorded note as the recorder hands it over: the MP3, its length and its waveform. */
export interface RecordedVoice {
  readonly data: Uint8Array;
  readonly durationMs: number;
  readonly waveform: readonly number[];
}

/** A note that did not go, waiting in the composer. */
export interface UnsentVoiceNote extends RecordedVoice {
  /** Names it in the composer (a list may hold several). */
  readonly key: number;
  /** Why it was not sent, in words. */
  readonly failure: string;
}

interface VoiceState {
  /** Notes that could not be sent, per conversation, oldest first. */
  readonly unsent: Readonly<Record<string, readonly UnsentVoiceNote[]>>;
}

export const useVoiceStore = create<VoiceState>(() => ({ unsent: {} }));

const noNotes: readonly UnsentVoiceNote[] = [];
let nextKey = 1;

export function unsentVoiceNotes(conversationId: string): readonly UnsentVoiceNote[] {
  return useVoiceStore.getState().unsent[conversationId] ?? noNotes;
}

export function useUnsentVoiceNotes(conversationId: string): readonly UnsentVoiceNote[] {
  return useVoiceStore((state) => state.unsent[conversationId] ?? noNotes);
}

function setUnsent(conversationId: string, notes: readonly UnsentVoiceNote[]): void {
  useVoiceStore.setState({ unsent: { ...useVoiceStore.getState().unsent, [conversationId]: notes } });
}

function keepUnsent(conversationId: string, note: RecordedVoice, failure: string): void {
  setUnsent(conversationId, [
    ...unsentVoiceNotes(conversationId),
    { data: note.data, durationMs: note.durationMs, waveform: note.waveform, key: nextKey++, failure },
  ]);
}

/** Throws a note that could not be sent away (the person chose to). */
export function discardUnsentVoiceNote(conversationId: string, key: number): void {
  setUnsent(
    conversationId,
    unsentVoiceNotes(conversationId).filter((note) => note.key !== key),
  );
}

function wordsOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong.';
}

/**
 * The contract's bounds on stored details (shared/contract/clientApi.ts, setVoiceDetails): whole
 * milliseconds, 1 to 256 bars of 0–255. The recorder counts time in samples, so it is rounded here.
 */
function storableDetails(details: { waveform: readonly number[]; durationMs: number }): VoiceDetails | null {
  const waveform = details.waveform
    .slice(0, 256)
    .map((bar) => Math.max(0, Math.min(255, Math.round(Number.isFinite(bar) ? bar : 0))));
  const durationMs = Math.round(details.durationMs);
  if (waveform.length === 0 || !Number.isFinite(durationMs) || durationMs < 0) return null;
  return { waveform, durationMs };
}

/** The message in the store with one of its attachments replaced by a newer view of it. */
function putAttachment(conversationId: string, messageId: number, attachment: AttachmentView): void {
  const message = getState().messages[conversationId]?.byId.get(messageId);
  if (!message) return;
  putMessage({
    ...message,
    attachments: message.attachments.map((known) => (known.id === attachment.id ? attachment : known)),
  });
}

/** Attachments whose details were stored (or are being stored) by this window: once each. */
const measuredOnce = new Set<number>();

/**
 * Stores a note's measured waveform and length on its attachment, once; the message in the store
 * gets the engine's new view, so every later showing draws from it. A failure loses nothing: the
 * bubble measures the note again the next time it shows.
 */
export async function storeVoiceDetails(
  conversationId: string,
  messageId: number,
  attachmentId: number,
  measured: { waveform: readonly number[]; durationMs: number },
): Promise<boolean> {
  const details = storableDetails(measured);
  if (!details || measuredOnce.has(attachmentId)) return false;
  measuredOnce.add(attachmentId);
  try {
    const view = await api().setVoiceDetails({ attachmentId, ...details });
    putAttachment(conversationId, messageId, view);
    return true;
  } catch {
    measuredOnce.delete(attachmentId);
    return false;
  }
}

/**
 * Sends a recorded note as a message of its own: staged as a voice message (the VOICE_MESSAGE
 * flag), as desktop's `audio/mp3` (protocol-messages.md §5.1), under the engine's default name
 * (desktop's `session-audio-message`); then its details are stored on the sent attachment. When
 * it cannot go, it waits in the composer with the reason. Resolves to the sent message, or null.
 */
export async function sendVoiceNote(
  conversationId: string,
  note: RecordedVoice,
): Promise<MessageView | null> {
  if (getState().connection !== 'open') {
    keepUnsent(
      conversationId,
      note,
      'Not sent: Starling is disconnected. Send it again once Starling is back.',
    );
    return null;
  }
  let stagedId: string;
  try {
    ({ stagedId } = await api().stageAttachment({
      contentType: voiceContentType,
      dataBase64: toBase64(note.data),
      voice: true,
    }));
  } catch (error) {
    keepUnsent(conversationId, note, `Not sent: ${wordsOf(error)}`);
    return null;
  }
  let sent: MessageView;
  try {
    sent = await api().sendMessage({ conversationId, text: '', attachments: [stagedId] });
  } catch (error) {
    // The engine still holds the staged copy; sending again stages the note afresh, so let it go.
    void api()
      .discardAttachment({ stagedId })
      .catch(() => undefined);
    keepUnsent(conversationId, note, `Not sent: ${wordsOf(error)}`);
    return null;
  }
  putSentMessage(sent);
  // The staged ID became the message's one attachment (core/messaging/messenger.ts keeps the order).
  const attachment = sent.attachments[0];
  if (attachment) await storeVoiceDetails(conversationId, sent.id, attachment.id, note);
  return sent;
}

/** Sends a note that did not go, again; it stays in the composer (with the new reason) if it fails. */
export async function resendVoiceNote(conversationId: string, key: number): Promise<void> {
  const note = unsentVoiceNotes(conversationId).find((entry) => entry.key === key);
  if (!note) return;
  discardUnsentVoiceNote(conversationId, key);
  await sendVoiceNote(conversationId, note);
}

/** The bytes of a note that is here, for the player (which makes and revokes its own blob: URL). */
export async function voiceNoteBytes(attachmentId: number): Promise<Blob> {
  const file = await api().getAttachment({ attachmentId });
  return new Blob([fromBase64(file.dataBase64) as Uint8Array<ArrayBuffer>], { type: file.contentType });
}
