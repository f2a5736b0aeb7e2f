// MP3 encoding for voice notes with LAME compiled to wasm (wasm-media-encoders, stack.md Media):
// protocol-messages.md §5.1 — desktop sends voice notes as MP3, 128 kbit/s, contentType audio/mp3.
// This module only wraps the encoder; where its wasm comes from is mp3Wasm.ts's job, so the same
// code runs in the renderer (wasm served from 'self') and in Node (bench, tests).
import { createEncoder } from 'wasm-media-encoders';

/** What the encoder can be built from: a URL, the wasm bytes, or an already compiled module. */
export type Mp3WasmSource = string | ArrayBuffer | Uint8Array | WebAssembly.Module;

/** §5.1: the bitrate desktop records with. */
export const voiceBitrate = 128;
/** The rate recordings are made at, so no resampling happens before LAME (stack.md Media). */
export const voiceSampleRate = 44_100;
/** The content type of a recorded note (§5.1; desktop writes audio/mp3, not audio/mpeg). */
export const voiceContentType = 'audio/mp3';

/** An open mono MP3 stream: feed it samples, then finish it once. */
export interface Mp3Stream {
  /** Encodes mono samples in [-1, 1]. */
  encode(samples: Float32Array): void;
  /** Flushes the last frames and returns the whole MP3 file. */
  finish(): Uint8Array;
  /** Bytes encoded so far (a progress and size figure). */
  readonly byteLength: number;
}

/** Collects the encoder's output, which lives in wasm memory and is overwritten by the next call. */
class ByteCollector {
  private readonly parts: Uint8Array[] = [];
  byteLength = 0;

  add(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes.slice());
    this.byteLength += bytes.length;
  }

  join(): Uint8Array {
    const whole = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const part of this.parts) {
      whole.set(part, offset);
      offset += part.length;
    }
    return whole;
  }
}

/** Opens a 128 kbit/s constant-bitrate mono MP3 stream at `sampleRate` (44.1 kHz by default). */
export async function openMp3Stream(
  wasm: Mp3WasmSource,
  sampleRate: number = voiceSampleRate,
): Promise<Mp3Stream> {
  const encoder = await createEncoder('audio/mpeg', wasm);
  encoder.configure({ channels: 1, sampleRate, bitrate: voiceBitrate });
  const output = new ByteCollector();
  let finished = false;
  return {
    encode(samples) {
      if (finished) throw new Error('the MP3 stream is already finished');
      if (samples.length > 0) output.add(encoder.encode([samples]));
    },
    finish() {
      if (finished) throw new Error('the MP3 stream is already finished');
      finished = true;
      output.add(encoder.finalize());
      return output.join();
    },
    get byteLength() {
      return output.byteLength;
    },
  };
}
