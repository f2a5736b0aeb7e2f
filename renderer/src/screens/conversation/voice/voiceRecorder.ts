// Recording a voice note: microphone → AudioContext at 44.1 kHz → the recorder worklet → LAME in
// wasm, encoded as the samples arrive so stopping is instant (stack.md Media: MediaRecorder cannot
// write MP3). The microphone is asked for only here, when a recording starts, and released (tracks
// stopped, context closed) however the recording ends: stop, cancel, the 5-minute limit or an error.
import { mp3EncoderModule } from './mp3Wasm';
import { openMp3Stream, voiceSampleRate, type Mp3Stream } from './mp3Encoder';
import { recorderProcessorName, type WorkletCommand, type WorkletReport } from './recorderMessages';
import workletUrl from './recorderWorklet.ts?worker&url';
import { VoiceRecordingError, voiceErrorOf } from './voiceErrors';
import { defaultWaveformBars, waveformOf } from './waveform';

/** protocol-messages.md §5.1: desktop records at most 300 s. */
export const maximumVoiceDurationMs = 300_000;

/**
 * The browser's voice processing is off: echo cancellation, noise suppression and gain control
 * cut a steady tone to a sixth (stack.md Media) and pump a voice's level; a note is not a call.
 */
const microphoneConstraints: MediaTrackConstraints = {
  channelCount: 1,
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
};

/** One waveform peak per 512 samples (~12 ms): a 5-minute note keeps 26 000 numbers, not its PCM. */
const peakBlockLength = 512;
/** How long stop() waits for the worklet's last samples before it finishes without them. */
const flushTimeoutMs = 1000;

export type RecordingEnd = 'stopped' | 'limit' | 'microphone-lost';

export interface VoiceRecording {
  /** The MP3 file (audio/mp3, 128 kbit/s, mono, 44.1 kHz). */
  readonly data: Uint8Array;
  readonly durationMs: number;
  readonly waveform: number[];
  /** Whether the person stopped it, it reached the 5-minute limit or the microphone went away. */
  readonly endedBy: RecordingEnd;
}

export interface VoiceRecordingOptions {
  /** Called as recorded time advances (about 11 times a second), with the time so far. */
  onTick?(elapsedMs: number): void;
  /** The loudest sample of the latest ~93 ms, 0 to 1, for a live level meter. */
  onLevel?(level: number): void;
  /**
   * The recording stopped by itself (the limit, or the microphone was unplugged); `stop()`
   * resolves with what was recorded.
   */
  onEnded?(endedBy: Exclude<RecordingEnd, 'stopped'>): void;
  /** A failure after the recording started; the microphone has already been released. */
  onError?(error: VoiceRecordingError): void;
  /** Shorter limits are for tests; the default is §5.1's 300 s. */
  maxDurationMs?: number;
}

export interface VoiceRecordingHandle {
  /** Recorded time so far, counted in samples, so it matches the note's length exactly. */
  readonly elapsedMs: number;
  /** Ends the recording (if it is still running) and resolves with the MP3. Safe to call twice. */
  stop(): Promise<VoiceRecording>;
  /** Ends the recording and throws it away. */
  cancel(): void;
}

/** The parts of a running recording that must be let go of when it ends. */
interface AudioGraph {
  readonly stream: MediaStream;
  readonly context: AudioContext;
  readonly source: MediaStreamAudioSourceNode;
  readonly node: AudioWorkletNode;
}

function releaseMicrophone(stream: MediaStream | null, context: AudioContext | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  if (context && context.state !== 'closed') context.close().catch(() => undefined);
}

function peakOf(samples: Float32Array, start: number, end: number): number {
  let peak = 0;
  for (let index = start; index < end; index += 1) {
    const magnitude = Math.abs(samples[index]!);
    if (magnitude > peak) peak = magnitude;
  }
  return peak;
}

class Recording implements VoiceRecordingHandle {
  private samplesTaken = 0;
  private readonly maximumSamples: number;
  private readonly peaks: number[] = [];
  private blockPeak = 0;
  private blockFilled = 0;
  private result: Promise<VoiceRecording> | null = null;
  private flushed: (() => void) | null = null;
  private state: 'recording' | 'finishing' | 'done' = 'recording';

  constructor(
    private readonly graph: AudioGraph,
    private readonly mp3: Mp3Stream,
    private readonly options: VoiceRecordingOptions,
  ) {
    const limitMs = options.maxDurationMs ?? maximumVoiceDurationMs;
    this.maximumSamples = Math.round((limitMs / 1000) * graph.context.sampleRate);
    graph.node.port.onmessage = (event: MessageEvent<WorkletReport>) => this.heard(event.data);
    for (const track of graph.stream.getAudioTracks()) {
      track.addEventListener('ended', () => this.endBy('microphone-lost'));
    }
  }

  get elapsedMs(): number {
    return Math.round((this.samplesTaken / this.graph.context.sampleRate) * 1000);
  }

  private heard(report: WorkletReport): void {
    if (report.type === 'flushed') {
      this.flushed?.();
      return;
    }
    if (this.state === 'done') return;
    const room = this.maximumSamples - this.samplesTaken;
    if (room <= 0) return;
    const samples = report.samples.length > room ? report.samples.subarray(0, room) : report.samples;
    try {
      this.mp3.encode(samples);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.collectPeaks(samples);
    this.samplesTaken += samples.length;
    this.options.onLevel?.(Math.min(1, peakOf(samples, 0, samples.length)));
    this.options.onTick?.(this.elapsedMs);
    if (this.samplesTaken >= this.maximumSamples) this.endBy('limit');
  }

  private collectPeaks(samples: Float32Array): void {
    let offset = 0;
    while (offset < samples.length) {
      const taken = Math.min(samples.length - offset, peakBlockLength - this.blockFilled);
      this.blockPeak = Math.max(this.blockPeak, peakOf(samples, offset, offset + taken));
      this.blockFilled += taken;
      offset += taken;
      if (this.blockFilled === peakBlockLength) this.closePeakBlock();
    }
  }

  private closePeakBlock(): void {
    if (this.blockFilled === 0) return;
    this.peaks.push(this.blockPeak);
    this.blockPeak = 0;
    this.blockFilled = 0;
  }

  private release(): void {
    this.state = 'done';
    this.graph.node.port.onmessage = null;
    try {
      this.graph.source.disconnect();
      this.graph.node.disconnect();
    } catch {
      // Already disconnected: nothing left to undo.
    }
    releaseMicrophone(this.graph.stream, this.graph.context);
  }

  /** Asks the worklet for its last buffered samples; gives up after a second (a dead context). */
  private drain(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, flushTimeoutMs);
      this.flushed = () => {
        clearTimeout(timer);
        resolve();
      };
      const command: WorkletCommand = { type: 'flush' };
      this.graph.node.port.postMessage(command);
    });
  }

  private finish(endedBy: RecordingEnd): Promise<VoiceRecording> {
    this.result ??= (async () => {
      this.state = 'finishing';
      await this.drain();
      this.release();
      this.closePeakBlock();
      const data = this.mp3.finish();
      return {
        data,
        durationMs: this.elapsedMs,
        waveform: waveformOf([Float32Array.from(this.peaks)], defaultWaveformBars),
        endedBy,
      };
    })().catch((error: unknown) => {
      this.release();
      throw voiceErrorOf(error);
    });
    return this.result;
  }

  private endBy(endedBy: Exclude<RecordingEnd, 'stopped'>): void {
    if (this.result) return;
    const finished = this.finish(endedBy);
    finished.then(
      () => this.options.onEnded?.(endedBy),
      (error: unknown) => this.options.onError?.(voiceErrorOf(error)),
    );
  }

  private fail(error: unknown): void {
    const failure = voiceErrorOf(error);
    this.release();
    this.result ??= Promise.reject(failure);
    this.result.catch(() => undefined);
    this.options.onError?.(failure);
  }

  stop(): Promise<VoiceRecording> {
    return this.finish('stopped');
  }

  cancel(): void {
    if (!this.result) {
      this.result = Promise.reject(new Error('the recording was cancelled'));
      this.result.catch(() => undefined);
    }
    this.release();
  }
}

/**
 * Starts recording from the default microphone. This is where the permission is asked for, so
 * call it only when the person asks to record. Rejects with a VoiceRecordingError (refused, no
 * microphone, busy, unsupported) after releasing whatever it had opened.
 */
export async function startVoiceRecording(
  options: VoiceRecordingOptions = {},
): Promise<VoiceRecordingHandle> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (
    typeof media?.getUserMedia !== 'function' ||
    typeof AudioContext === 'undefined' ||
    typeof AudioWorkletNode === 'undefined'
  ) {
    throw new VoiceRecordingError('recording-unsupported');
  }
  // Loaded while the permission prompt is open; a failure is reported after getUserMedia's.
  const encoderModule = mp3EncoderModule();
  encoderModule.catch(() => undefined);
  let stream: MediaStream | null = null;
  let context: AudioContext | null = null;
  try {
    stream = await media.getUserMedia({ audio: microphoneConstraints, video: false });
    context = new AudioContext({ sampleRate: voiceSampleRate });
    await context.audioWorklet.addModule(workletUrl);
    const mp3 = await openMp3Stream(await encoderModule, context.sampleRate);
    const source = context.createMediaStreamSource(stream);
    // One explicit input channel: Web Audio mixes a stereo microphone down to mono for the worklet.
    const node = new AudioWorkletNode(context, recorderProcessorName, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
    });
    const recording = new Recording({ stream, context, source, node }, mp3, options);
    source.connect(node);
    // A node is only processed when it leads to the destination; it writes silence there.
    node.connect(context.destination);
    await context.resume();
    return recording;
  } catch (error) {
    releaseMicrophone(stream, context);
    throw voiceErrorOf(error);
  }
}
