// A voice note in a message bubble: play/pause, the waveform as a seek bar (click it, or use the
// arrow keys), elapsed and total time, and a speed toggle. The note is loaded on first play, into
// a blob: URL (the CSP's media-src allows blob:) that is revoked when the bubble goes away. Times
// come from decoding, never from `<audio>.duration`, which can be Infinity (stack.md Media).
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { PauseIcon, PlayIcon } from './voiceIcons';
import { minutesAndSeconds, spokenDuration } from './voiceTime';
import { defaultWaveformBars, measureVoiceNote, type VoiceDetails } from './waveform';
import './voice.css';

export const playbackSpeeds = [1, 1.5, 2] as const;
/** How far an arrow key moves the position. */
const arrowStepMs = 5000;
/** How tall a bar is drawn while the waveform is unknown (out of 255). */
const placeholderBar = 60;

export interface VoicePlayerProps {
  /** Fetches the note's bytes; called once, on the first play or seek (or at once with autoMeasure). */
  load: () => Promise<Blob | ArrayBuffer>;
  /** The stored waveform (0–255 per bar), or null if it was never measured. */
  waveform: number[] | null;
  durationMs: number | null;
  /** Called once with the measured details when waveform or duration was missing. */
  onMeasured?(details: VoiceDetails): void;
  outgoing: boolean;
  /** The attachment's content type, for bytes given as an ArrayBuffer (Chromium sniffs anyway). */
  contentType?: string;
  /** Load and measure as soon as the bubble shows, when the file is already on this computer. */
  autoMeasure?: boolean;
}

/** Only one voice note plays at a time: starting one pauses the one before. */
let playingNow: HTMLAudioElement | null = null;

type LoadState = 'idle' | 'loading' | 'ready' | 'failed';

export function VoicePlayer({
  load,
  waveform,
  durationMs,
  onMeasured,
  outgoing,
  contentType,
  autoMeasure = false,
}: VoicePlayerProps) {
  const audio = useRef<HTMLAudioElement>(null);
  const objectUrl = useRef<string | null>(null);
  const loading = useRef<Promise<boolean> | null>(null);
  const frame = useRef<number | null>(null);
  const mounted = useRef(true);
  const [loadState, setLoadState] = useState<LoadState>('idle');
  const [playing, setPlaying] = useState(false);
  const [positionMs, setPositionMs] = useState(0);
  const [speedIndex, setSpeedIndex] = useState(0);
  const [measured, setMeasured] = useState<VoiceDetails | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const speed = playbackSpeeds[speedIndex]!;

  const bars = measured?.waveform ?? waveform ?? new Array<number>(defaultWaveformBars).fill(placeholderBar);
  const totalMs = measured?.durationMs ?? durationMs ?? null;

  const onMeasuredRef = useRef(onMeasured);
  onMeasuredRef.current = onMeasured;
  const needsMeasuring = waveform === null || durationMs === null;

  const ensureLoaded = useCallback((): Promise<boolean> => {
    loading.current ??= (async () => {
      setLoadState('loading');
      try {
        const source = await load();
        const blob =
          source instanceof Blob ? source : new Blob([source], { type: contentType ?? 'audio/mpeg' });
        if (!mounted.current || !audio.current) return false;
        objectUrl.current = URL.createObjectURL(blob);
        audio.current.src = objectUrl.current;
        if (needsMeasuring) {
          // Once per note: the composer stores the result (setVoiceDetails), so the next showing
          // gets it as props. A note that cannot be decoded can still be tried in <audio>.
          measureVoiceNote(await blob.arrayBuffer())
            .then((details) => {
              if (!mounted.current) return;
              setMeasured(details);
              onMeasuredRef.current?.(details);
            })
            .catch(() => undefined);
        }
        setLoadState('ready');
        return true;
      } catch {
        if (mounted.current) {
          setLoadState('failed');
          setFailure('This voice message could not be loaded.');
        }
        loading.current = null; // the next press tries again
        return false;
      }
    })();
    return loading.current;
  }, [load, contentType, needsMeasuring]);

  useEffect(() => {
    mounted.current = true;
    const element = audio.current;
    return () => {
      mounted.current = false;
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      element?.pause();
      if (playingNow === element) playingNow = null;
      if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
      objectUrl.current = null;
    };
  }, []);

  useEffect(() => {
    if (autoMeasure && needsMeasuring) void ensureLoaded();
  }, [autoMeasure, needsMeasuring, ensureLoaded]);

  // The position is read every frame while playing: timeupdate fires only about 4 times a second.
  const follow = useCallback(() => {
    const element = audio.current;
    if (!element) return;
    setPositionMs(element.currentTime * 1000);
    frame.current = requestAnimationFrame(follow);
  }, []);

  const onPlay = (): void => {
    setPlaying(true);
    setFailure(null);
    if (frame.current === null) frame.current = requestAnimationFrame(follow);
  };
  const stopFollowing = (): void => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
  };
  const onPause = (): void => {
    setPlaying(false);
    stopFollowing();
    if (audio.current) setPositionMs(audio.current.currentTime * 1000);
  };
  const onEnded = (): void => {
    setPlaying(false);
    stopFollowing();
    if (audio.current) audio.current.currentTime = 0;
    setPositionMs(0);
  };
  const onError = (): void => {
    if (!objectUrl.current) return; // no source yet: nothing failed
    setPlaying(false);
    stopFollowing();
    setFailure('This voice message cannot be played.');
  };

  const toggle = async (): Promise<void> => {
    const element = audio.current;
    if (!element) return;
    if (playing) {
      element.pause();
      return;
    }
    if (!(await ensureLoaded())) return;
    if (playingNow && playingNow !== element) playingNow.pause();
    playingNow = element;
    element.defaultPlaybackRate = speed;
    element.playbackRate = speed;
    try {
      await element.play();
    } catch (error) {
      // pause() before play() settled rejects with AbortError: not a failure.
      if ((error as Error).name !== 'AbortError' && mounted.current) {
        setFailure('This voice message cannot be played.');
      }
    }
  };

  const seek = async (targetMs: number): Promise<void> => {
    if (totalMs === null) {
      // Nothing to seek in until the note is measured; loading it is the first step.
      void ensureLoaded();
      return;
    }
    const clamped = Math.max(0, Math.min(totalMs, targetMs));
    setPositionMs(clamped);
    if (!(await ensureLoaded()) || !audio.current) return;
    audio.current.currentTime = clamped / 1000;
  };

  const onWaveformClick = (event: MouseEvent<HTMLDivElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    const fraction = Math.max(0, Math.min(1, (event.clientX - box.left) / box.width));
    void seek(fraction * (totalMs ?? 0));
  };

  const onWaveformKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const steps: Record<string, () => number> = {
      ArrowRight: () => positionMs + arrowStepMs,
      ArrowUp: () => positionMs + arrowStepMs,
      ArrowLeft: () => positionMs - arrowStepMs,
      ArrowDown: () => positionMs - arrowStepMs,
      PageUp: () => positionMs + (totalMs ?? 0) / 10,
      PageDown: () => positionMs - (totalMs ?? 0) / 10,
      Home: () => 0,
      End: () => totalMs ?? 0,
    };
    const step = steps[event.key];
    if (!step || totalMs === null) return;
    event.preventDefault();
    void seek(step());
  };

  const changeSpeed = (): void => {
    const next = (speedIndex + 1) % playbackSpeeds.length;
    setSpeedIndex(next);
    if (audio.current) {
      audio.current.playbackRate = playbackSpeeds[next]!;
      audio.current.defaultPlaybackRate = playbackSpeeds[next]!;
    }
  };

  const progress = totalMs ? Math.min(1, positionMs / totalMs) : 0;
  const playedBars = Math.round(progress * bars.length);
  const shownMs = playing || positionMs > 0 ? positionMs : (totalMs ?? 0);
  const busy = loadState === 'loading';

  return (
    <div className={`voice-player voice-player--${outgoing ? 'outgoing' : 'incoming'}`}>
      <button
        type="button"
        className="voice-player__play"
        aria-label={playing ? 'Pause voice message' : 'Play voice message'}
        aria-busy={busy ? true : undefined}
        onClick={() => void toggle()}
      >
        {playing ? <PauseIcon /> : <PlayIcon />}
      </button>
      <div
        className={`voice-player__waveform${waveform === null && measured === null ? ' voice-player__waveform--unknown' : ''}`}
        role="slider"
        tabIndex={0}
        aria-label="Position in voice message"
        aria-valuemin={0}
        aria-valuemax={Math.floor((totalMs ?? 0) / 1000)}
        aria-valuenow={Math.floor(positionMs / 1000)}
        aria-valuetext={
          totalMs === null
            ? 'Length not known yet'
            : `${spokenDuration(positionMs)} of ${spokenDuration(totalMs)}`
        }
        aria-disabled={totalMs === null ? true : undefined}
        onClick={onWaveformClick}
        onKeyDown={onWaveformKey}
      >
        {bars.map((bar, index) => (
          <span
            // Bars never reorder: the index is their identity.
            key={index}
            className={`voice-player__bar${index < playedBars ? ' voice-player__bar--played' : ''}`}
            style={{ height: `${Math.max(12, (bar / 255) * 100)}%` }}
          />
        ))}
      </div>
      <span className="voice-player__time">
        {minutesAndSeconds(shownMs)}
        {totalMs !== null && (playing || positionMs > 0) && (
          <span className="voice-player__total"> / {minutesAndSeconds(totalMs)}</span>
        )}
      </span>
      <button
        type="button"
        className="voice-player__speed"
        aria-label={`Playback speed ${speed}×`}
        title="Change the playback speed"
        onClick={changeSpeed}
      >
        {speed}×
      </button>
      {failure && (
        <p className="voice-player__error" role="alert">
          {failure}
        </p>
      )}
      <audio
        ref={audio}
        preload="auto"
        onPlay={onPlay}
        onPause={onPause}
        onEnded={onEnded}
        onError={onError}
      />
    </div>
  );
}
