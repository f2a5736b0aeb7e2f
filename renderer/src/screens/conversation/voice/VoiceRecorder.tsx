// The composer's microphone control. Click it to record and click again (or press Enter) to send;
// or hold it and let go to send. While recording it shows a red dot, the time, a live level,
// Cancel (or Escape) and Send. The microphone is asked for only when a recording starts.
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { CloseIcon, SendIcon } from '../icons';
import { MicrophoneIcon } from './voiceIcons';
import { VoiceRecordingError, voiceErrorOf } from './voiceErrors';
import {
  maximumVoiceDurationMs,
  startVoiceRecording,
  type VoiceRecording,
  type VoiceRecordingHandle,
} from './voiceRecorder';
import { minutesAndSeconds, spokenDuration } from './voiceTime';
import './voice.css';

/** A press at least this long is a hold: letting go sends. A shorter one is a click. */
export const holdThresholdMs = 300;
/** Shorter notes are almost always a slip of the finger, so they are not sent. */
export const shortestVoiceNoteMs = 500;

/** What the composer receives: the MP3 (audio/mp3), its length and its waveform. */
export type RecordedVoiceNote = Pick<VoiceRecording, 'data' | 'durationMs' | 'waveform'>;

export interface VoiceRecorderProps {
  onRecorded(recording: RecordedVoiceNote): void;
  disabled?: boolean;
  /**
   * Told when a recording starts and when the recorder is back to its button, so the composer keeps
   * it (and the recording) in place while something else would hide the microphone.
   */
  onActiveChange?(active: boolean): void;
}

type Phase = 'idle' | 'starting' | 'recording' | 'ended' | 'finishing';

/** A press on the main button: when it began and whether a recording was already running. */
interface Press {
  readonly at: number;
  readonly whileRecording: boolean;
}

const limitWords = `Recording stopped at ${minutesAndSeconds(maximumVoiceDurationMs)}, the longest a voice message can be. Send it or cancel.`;
const microphoneLostWords = 'The microphone was disconnected. Send what was recorded, or cancel.';

export function VoiceRecorder({ onRecorded, disabled = false, onActiveChange }: VoiceRecorderProps) {
  const [phase, setPhase] = useState<Phase>('idle');
  const [elapsedMs, setElapsedMs] = useState(0);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<VoiceRecordingError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const handle = useRef<VoiceRecordingHandle | null>(null);
  // Bumped by cancel and unmount, so a recording that is still starting knows it is unwanted.
  const attempt = useRef(0);
  const press = useRef<Press | null>(null);
  const pointerStartedClick = useRef(false);
  const root = useRef<HTMLDivElement>(null);
  const mainButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const onRecordedRef = useRef(onRecorded);
  onRecordedRef.current = onRecorded;
  const onActiveChangeRef = useRef(onActiveChange);
  onActiveChangeRef.current = onActiveChange;
  const active = phase !== 'idle';
  useEffect(() => {
    onActiveChangeRef.current?.(active);
    // Unmounted while recording (the conversation changed): the recording is cancelled, say so.
    return () => {
      if (active) onActiveChangeRef.current?.(false);
    };
  }, [active]);

  useEffect(
    () => () => {
      attempt.current += 1;
      handle.current?.cancel();
      handle.current = null;
    },
    [],
  );

  /** Back to the microphone button, keeping focus in the recorder if it was there. */
  const settle = (): void => {
    const hadFocus = root.current?.contains(document.activeElement) ?? false;
    setPhase('idle');
    setLevel(0);
    setNotice(null);
    if (hadFocus) mainButton.current?.focus();
  };

  const begin = async (): Promise<void> => {
    if (disabled || phase !== 'idle') return;
    const mine = ++attempt.current;
    setError(null);
    setNotice(null);
    setElapsedMs(0);
    setLevel(0);
    setPhase('starting');
    try {
      const started = await startVoiceRecording({
        onTick: setElapsedMs,
        onLevel: setLevel,
        onEnded: (endedBy) => {
          if (attempt.current !== mine) return;
          const words = endedBy === 'limit' ? limitWords : microphoneLostWords;
          setNotice(words);
          setAnnouncement(words);
          setLevel(0);
          setPhase('ended');
        },
        onError: (failure) => {
          if (attempt.current !== mine) return;
          handle.current = null;
          setError(failure);
          settle();
        },
      });
      if (attempt.current !== mine) {
        started.cancel();
        return;
      }
      handle.current = started;
      setPhase('recording');
      setAnnouncement('Recording a voice message. Press Enter to send it or Escape to cancel.');
    } catch (failure) {
      if (attempt.current !== mine) return;
      setError(voiceErrorOf(failure));
      settle();
    }
  };

  const send = async (): Promise<void> => {
    const running = handle.current;
    if (!running) return;
    handle.current = null;
    setPhase('finishing');
    try {
      const recording = await running.stop();
      if (recording.durationMs < shortestVoiceNoteMs) throw new VoiceRecordingError('too-short');
      setAnnouncement(`Voice message of ${spokenDuration(recording.durationMs)} recorded.`);
      onRecordedRef.current({
        data: recording.data,
        durationMs: recording.durationMs,
        waveform: recording.waveform,
      });
    } catch (failure) {
      setError(voiceErrorOf(failure));
    }
    settle();
  };

  const cancel = (): void => {
    if (phase === 'idle') return;
    attempt.current += 1;
    handle.current?.cancel();
    handle.current = null;
    setAnnouncement('Voice message cancelled.');
    settle();
  };

  const activate = (): void => {
    if (phase === 'idle') void begin();
    else if (phase === 'recording' || phase === 'ended') void send();
  };

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>): void => {
    if (event.button !== 0 || disabled) return;
    // The click that follows this press is handled here, through the pointer events.
    pointerStartedClick.current = true;
    press.current = { at: performance.now(), whileRecording: phase !== 'idle' };
    // Keeps the release coming to this button even if the pointer slides off it while held.
    event.currentTarget.setPointerCapture?.(event.pointerId);
    if (phase === 'idle') void begin();
  };

  const onPointerUp = (): void => {
    const ended = press.current;
    press.current = null;
    // The click event comes right after, in the same task; later clicks are the keyboard's again.
    setTimeout(() => (pointerStartedClick.current = false), 0);
    if (!ended) return;
    if (ended.whileRecording) {
      activate();
      return;
    }
    // A hold: letting go sends, if the recording got going; otherwise it carries on as a click.
    if (performance.now() - ended.at >= holdThresholdMs && handle.current) void send();
  };

  const onClick = (): void => {
    if (pointerStartedClick.current) {
      pointerStartedClick.current = false;
      return;
    }
    activate();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (phase === 'idle') return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      cancel();
    } else if (event.key === 'Enter' && !cancelButton.current?.contains(event.target as Node)) {
      // Enter sends from anywhere in the recorder except Cancel (which Enter activates as usual);
      // the default is prevented so the focused Send button does not also click.
      event.preventDefault();
      event.stopPropagation();
      if (canSend) void send();
    }
  };

  const canSend = phase === 'recording' || phase === 'ended';
  const mainLabel =
    phase === 'starting'
      ? 'Starting the microphone'
      : active
        ? 'Send voice message'
        : 'Record a voice message';

  return (
    <div
      ref={root}
      className={`voice-recorder${active ? ' voice-recorder--active' : ''}`}
      role="group"
      aria-label="Voice message"
      onKeyDown={onKeyDown}
    >
      {active && (
        <div className="voice-recorder__panel">
          <button
            ref={cancelButton}
            type="button"
            className="icon-button voice-recorder__cancel"
            aria-label="Cancel voice message"
            title="Cancel (Escape)"
            onClick={cancel}
          >
            <CloseIcon size={18} />
          </button>
          <span
            className={`voice-recorder__dot${phase === 'recording' ? ' voice-recorder__dot--live' : ''}`}
            aria-hidden="true"
          />
          <span className="voice-recorder__time" role="timer" aria-label="Recorded time">
            {minutesAndSeconds(elapsedMs)}
          </span>
          <span className="voice-recorder__level" aria-hidden="true">
            <span
              className="voice-recorder__level-fill"
              style={{ transform: `scaleX(${Math.sqrt(Math.min(1, level))})` }}
            />
          </span>
          {notice && <span className="voice-recorder__notice">{notice}</span>}
        </div>
      )}
      <button
        ref={mainButton}
        type="button"
        className={`voice-recorder__button${active ? ' voice-recorder__button--send' : ''}`}
        aria-label={mainLabel}
        title={active ? 'Send (Enter)' : 'Click to record, or hold and let go to send'}
        aria-busy={phase === 'starting' || phase === 'finishing' ? true : undefined}
        disabled={disabled && !active}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (press.current = null)}
        onClick={onClick}
        data-can-send={canSend ? '' : undefined}
      >
        {active ? <SendIcon /> : <MicrophoneIcon />}
      </button>
      {error && (
        <p className="voice-recorder__error" role="alert">
          {error.message}
        </p>
      )}
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}
