// The picture of a voice note: one bar per slice of the recording, drawn from its loudest sample.
// It is computed once per note (when it is recorded, or the first time a received one is played)
// and stored through `setVoiceDetails`, so a list of notes never decodes audio just to draw itself.

/** How many bars a voice note's waveform has unless asked otherwise. */
export const defaultWaveformBars = 64;

/** The contract's bounds on a stored waveform (shared/contract/clientApi.ts, setVoiceDetails). */
const maximumBars = 256;
const fullScale = 255;

/** The duration and waveform of a voice note, as `setVoiceDetails` stores them. */
export interface VoiceDetails {
  readonly waveform: number[];
  readonly durationMs: number;
}

function barCount(bars: number): number {
  if (!Number.isInteger(bars) || bars < 1 || bars > maximumBars) {
    throw new RangeError(`a waveform has 1 to ${maximumBars} bars, not ${bars}`);
  }
  return bars;
}

/** The largest magnitude of any channel between two sample positions; NaN counts as silence. */
function peakBetween(channels: readonly Float32Array[], start: number, end: number): number {
  let peak = 0;
  for (const channel of channels) {
    const stop = Math.min(end, channel.length);
    for (let index = start; index < stop; index += 1) {
      const magnitude = Math.abs(channel[index]!);
      // `>` is false for NaN, so a broken sample cannot poison the bar.
      if (magnitude > peak) peak = magnitude;
    }
  }
  return peak;
}

/**
 * The peak of each of `bars` equal slices of the audio (all channels together), scaled so the
 * loudest bar is 255: a quiet note still fills its bubble. Silence (or no samples) gives all
 * zeros. With fewer samples than bars, neighbouring bars share samples.
 */
export function waveformOf(channels: readonly Float32Array[], bars = defaultWaveformBars): number[] {
  const count = barCount(bars);
  const length = channels.reduce((longest, channel) => Math.max(longest, channel.length), 0);
  const peaks = new Array<number>(count).fill(0);
  if (length === 0) return peaks;
  for (let bar = 0; bar < count; bar += 1) {
    const start = Math.min(length - 1, Math.floor((bar * length) / count));
    const end = Math.max(start + 1, Math.floor(((bar + 1) * length) / count));
    peaks[bar] = peakBetween(channels, start, end);
  }
  const loudest = Math.max(...peaks);
  if (!(loudest > 0) || !Number.isFinite(loudest)) return peaks.map(() => 0);
  return peaks.map((peak) => Math.round((Math.min(peak, loudest) / loudest) * fullScale));
}

/** The context `measureVoiceNote` decodes with; any AudioContext or OfflineAudioContext fits. */
export type DecodingContext = Pick<BaseAudioContext, 'decodeAudioData'>;

/**
 * A context only for decoding. decodeAudioData resamples to the context's rate; 16 kHz is plenty
 * for a waveform and the duration does not depend on it, and it keeps a 5-minute note small.
 */
function decodingContext(): DecodingContext {
  return new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: 16_000 });
}

/**
 * Decodes a voice note (anything Chromium decodes: MP3, AAC/M4A, Ogg, WebM, FLAC) and returns its
 * waveform and duration. The duration comes from the decoded samples because `<audio>.duration`
 * can be Infinity (stack.md, Media). The caller's bytes are left intact: decodeAudioData detaches
 * the buffer it is given, so it gets a copy.
 */
export async function measureVoiceNote(
  bytes: ArrayBuffer,
  context: DecodingContext = decodingContext(),
  bars = defaultWaveformBars,
): Promise<VoiceDetails> {
  const decoded = await context.decodeAudioData(bytes.slice(0));
  const channels: Float32Array[] = [];
  for (let channel = 0; channel < decoded.numberOfChannels; channel += 1) {
    channels.push(decoded.getChannelData(channel));
  }
  return {
    waveform: waveformOf(channels, bars),
    durationMs: Math.round(decoded.duration * 1000),
  };
}
