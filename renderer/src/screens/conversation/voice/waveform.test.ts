import { describe, expect, it } from 'vitest';
import { measureVoiceNote, waveformOf, type DecodingContext } from './waveform';

function sine(length: number, amplitude: number, period = 40): Float32Array {
  return Float32Array.from({ length }, (_, index) => amplitude * Math.sin((2 * Math.PI * index) / period));
}

describe('waveformOf', () => {
  it('gives 64 bars by default and any count from 1 to 256 when asked', () => {
    const audio = [sine(44_100, 0.5)];
    expect(waveformOf(audio)).toHaveLength(64);
    expect(waveformOf(audio, 1)).toHaveLength(1);
    expect(waveformOf(audio, 256)).toHaveLength(256);
    expect(() => waveformOf(audio, 0)).toThrow(RangeError);
    expect(() => waveformOf(audio, 257)).toThrow(RangeError);
    expect(() => waveformOf(audio, 2.5)).toThrow(RangeError);
  });

  it('scales the loudest bar to 255 however quiet the note is', () => {
    const quiet = waveformOf([sine(6400, 0.01)], 16);
    expect(Math.max(...quiet)).toBe(255);
    expect(quiet.every((bar) => Number.isInteger(bar) && bar >= 0 && bar <= 255)).toBe(true);
  });

  it('keeps the shape: a loud half and a quiet half', () => {
    const samples = new Float32Array(8000);
    samples.set(sine(4000, 0.8), 0);
    samples.set(sine(4000, 0.2), 4000);
    const bars = waveformOf([samples], 8);
    expect(bars.slice(0, 4)).toEqual([255, 255, 255, 255]);
    expect(bars.slice(4)).toEqual([64, 64, 64, 64]);
  });

  it('gives all zeros for silence and for no samples at all', () => {
    expect(waveformOf([new Float32Array(1000)], 10)).toEqual(new Array(10).fill(0));
    expect(waveformOf([new Float32Array(0)], 10)).toEqual(new Array(10).fill(0));
    expect(waveformOf([], 4)).toEqual([0, 0, 0, 0]);
  });

  it('handles fewer samples than bars, any length, several channels and broken samples', () => {
    expect(waveformOf([Float32Array.of(0.5, -1)], 4)).toEqual([128, 128, 255, 255]);
    expect(waveformOf([sine(12_347, 0.3)], 64)).toHaveLength(64);
    const left = Float32Array.of(0.1, 0, 0, 0);
    const right = Float32Array.of(0, 0, 0, -0.4);
    expect(waveformOf([left, right], 2)).toEqual([64, 255]);
    expect(waveformOf([Float32Array.of(Number.NaN, 0.5)], 2)).toEqual([0, 255]);
  });
});

describe('measureVoiceNote', () => {
  it('takes the duration and waveform from the decoded audio and leaves the bytes usable', async () => {
    const channel = sine(16_000 * 3, 0.5);
    let given: ArrayBuffer | null = null;
    const context: DecodingContext = {
      decodeAudioData: async (buffer: ArrayBuffer) => {
        given = buffer;
        return {
          duration: 3.0004,
          numberOfChannels: 1,
          getChannelData: () => channel,
        } as unknown as AudioBuffer;
      },
    };
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    const details = await measureVoiceNote(bytes, context);
    expect(details.durationMs).toBe(3000);
    expect(details.waveform).toHaveLength(64);
    expect(Math.max(...details.waveform)).toBe(255);
    // decodeAudioData detaches what it gets; the caller's buffer is a different one.
    expect(given).not.toBe(bytes);
    expect(bytes.byteLength).toBe(3);
  });
});
