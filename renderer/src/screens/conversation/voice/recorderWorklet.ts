// The audio-thread half of the recorder: an AudioWorkletProcessor that copies the microphone's
// mono input and posts it to the page in chunks. It runs in the AudioWorkletGlobalScope, which
// the DOM typings do not describe, hence the few declarations below. It is bundled on its own
// (voiceRecorder.ts imports it with `?worker&url`) and loaded from 'self', as the CSP requires.

import { recorderProcessorName, type WorkletCommand, type WorkletReport } from './recorderMessages';

interface ProcessorPort {
  postMessage(message: WorkletReport, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<WorkletCommand>) => void) | null;
}
declare abstract class AudioWorkletProcessor {
  readonly port: ProcessorPort;
  abstract process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

/**
 * 4096 samples is ~93 ms at 44.1 kHz: a live level meter still moves smoothly, and the page gets
 * ~11 messages a second instead of 344 (one per 128-sample render quantum).
 */
const chunkLength = 4096;

class RecorderProcessor extends AudioWorkletProcessor {
  private chunk = new Float32Array(chunkLength);
  private filled = 0;
  private flushed = false;

  constructor() {
    super();
    this.port.onmessage = (event) => {
      if (event.data.type === 'flush') this.flush();
    };
  }

  private send(): void {
    if (this.filled === 0) return;
    const samples = this.chunk.slice(0, this.filled);
    this.port.postMessage({ type: 'samples', samples }, [samples.buffer]);
    this.filled = 0;
  }

  private flush(): void {
    if (this.flushed) return;
    this.send();
    this.flushed = true;
    this.port.postMessage({ type: 'flushed' });
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.flushed) return false;
    // The node is created with one explicit input channel, so Web Audio has already mixed the
    // microphone down to mono. No input channel means the source is silent or disconnected.
    const input = inputs[0]?.[0];
    if (input) {
      let offset = 0;
      while (offset < input.length) {
        const taken = Math.min(input.length - offset, chunkLength - this.filled);
        this.chunk.set(input.subarray(offset, offset + taken), this.filled);
        this.filled += taken;
        offset += taken;
        if (this.filled === chunkLength) this.send();
      }
    }
    return true;
  }
}

registerProcessor(recorderProcessorName, RecorderProcessor);
