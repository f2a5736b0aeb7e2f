// The real LAME encoder from wasm-media-encoders, loaded from the same wasm file the renderer ships
// (inlined here by Vite, since tests have no server to fetch it from).
import mp3WasmDataUrl from 'wasm-media-encoders/wasm/mp3?url&inline';
import { describe, expect, it } from 'vitest';
import { openMp3Stream, voiceSampleRate } from './mp3Encoder';

async function wasmBytes(): Promise<ArrayBuffer> {
  return (await fetch(mp3WasmDataUrl)).arrayBuffer();
}

/** Where the first MPEG audio frame starts: after an ID3v2 tag if there is one. */
function firstFrameOffset(bytes: Uint8Array): number {
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    const size =
      ((bytes[6]! & 0x7f) << 21) |
      ((bytes[7]! & 0x7f) << 14) |
      ((bytes[8]! & 0x7f) << 7) |
      (bytes[9]! & 0x7f);
    return 10 + size;
  }
  return 0;
}

describe('MP3 encoding with the real encoder', () => {
  it('encodes a 1 s 1000 Hz sine into MPEG-1 Layer III frames at 128 kbit/s and 44.1 kHz', async () => {
    const mp3 = await openMp3Stream(await wasmBytes());
    const tone = Float32Array.from(
      { length: voiceSampleRate },
      (_, index) => 0.5 * Math.sin((2 * Math.PI * 1000 * index) / voiceSampleRate),
    );
    // Fed in worklet-sized chunks, as a recording is.
    for (let offset = 0; offset < tone.length; offset += 4096)
      mp3.encode(tone.subarray(offset, offset + 4096));
    const data = mp3.finish();

    const frame = firstFrameOffset(data);
    // Frame sync (11 set bits), MPEG-1 (11), Layer III (01): 0xFFFB or 0xFFFA.
    expect(data[frame]).toBe(0xff);
    expect(data[frame + 1]! & 0xfe).toBe(0xfa);
    // Bitrate index 9 = 128 kbit/s, sample-rate index 0 = 44.1 kHz.
    expect(data[frame + 2]! >> 4).toBe(9);
    expect((data[frame + 2]! >> 2) & 0x3).toBe(0);
    // Mono: channel mode 3.
    expect(data[frame + 3]! >> 6).toBe(3);
    // 128 kbit/s for one second is 16 000 bytes, give or take a frame of delay and padding.
    expect(data.length).toBeGreaterThan(15_000);
    expect(data.length).toBeLessThan(18_500);
  });

  it('refuses to be used after it is finished', async () => {
    const mp3 = await openMp3Stream(await wasmBytes());
    mp3.encode(new Float32Array(1152));
    mp3.finish();
    expect(() => mp3.encode(new Float32Array(10))).toThrow(/finished/);
    expect(() => mp3.finish()).toThrow(/finished/);
  });
});
