// Voice-note encoding speed: the renderer's MP3 encoder (LAME 3.100 in wasm, wasm-media-encoders
// 0.7.0) at the settings it records with — mono, 44.1 kHz, 128 kbit/s CBR, fed in the recorder
// worklet's 4096-sample chunks — for a 60 s and a 5-minute (the §5.1 limit) note, on one core.
import { readFileSync } from 'node:fs';
import { createEncoder } from 'wasm-media-encoders';
import { percentile } from './measure';

const sampleRate = 44_100;
const chunkLength = 4096;

/** Something voice-like for LAME to work at: two tones with a syllable-rate swell, and hiss. */
function voiceLikeSamples(seconds: number): Float32Array {
  const samples = new Float32Array(seconds * sampleRate);
  let noise = 12_345;
  for (let index = 0; index < samples.length; index += 1) {
    const time = index / sampleRate;
    noise = (noise * 1_103_515_245 + 12_345) % 2_147_483_648;
    const swell = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * time);
    samples[index] =
      swell * (0.3 * Math.sin(2 * Math.PI * 180 * time) + 0.15 * Math.sin(2 * Math.PI * 1100 * time)) +
      0.05 * (noise / 1_073_741_824 - 1);
  }
  return samples;
}

/** The compiled encoder module (typed through the package: bench has no DOM or wasm typings). */
type EncoderModule = Parameters<typeof createEncoder>[1];

/** Compiles the wasm once, so the runs time encoding and not compilation. */
function compiledEncoder(bytes: Uint8Array): Promise<EncoderModule> {
  return new Promise((resolve, reject) => {
    createEncoder('audio/mpeg', bytes, (module) => resolve(module)).catch(reject);
  });
}

async function encodeOnce(wasm: EncoderModule, samples: Float32Array): Promise<number> {
  const encoder = await createEncoder('audio/mpeg', wasm);
  encoder.configure({ channels: 1, sampleRate, bitrate: 128 });
  let bytes = 0;
  for (let offset = 0; offset < samples.length; offset += chunkLength) {
    bytes += encoder.encode([samples.subarray(offset, offset + chunkLength)]).length;
  }
  return bytes + encoder.finalize().length;
}

export async function mp3EncodeBenchmark(): Promise<void> {
  const wasmPath = require.resolve('wasm-media-encoders/wasm/mp3');
  const wasm = await compiledEncoder(readFileSync(wasmPath));
  console.log('\nVoice notes: MP3 encoding (mono 44.1 kHz, 128 kbit/s, LAME in wasm, one core)');
  console.log('| audio | runs | p50 (ms) | p95 (ms) | × real time (p50) | MP3 size |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [seconds, runs] of [
    [60, 7],
    [300, 3],
  ] as const) {
    const samples = voiceLikeSamples(seconds);
    await encodeOnce(wasm, samples); // warm-up
    const durations: number[] = [];
    let size = 0;
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      size = await encodeOnce(wasm, samples);
      durations.push(performance.now() - started);
    }
    durations.sort((left, right) => left - right);
    const p50 = percentile(durations, 0.5);
    console.log(
      `| ${seconds} s | ${runs} | ${p50.toFixed(0)} | ${percentile(durations, 0.95).toFixed(0)} | ` +
        `${((seconds * 1000) / p50).toFixed(0)}× | ${(size / 1_000_000).toFixed(2)} MB |`,
    );
  }
}
