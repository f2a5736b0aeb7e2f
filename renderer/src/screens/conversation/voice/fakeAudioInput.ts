// Test doubles for the browser APIs a recording needs and happy-dom lacks: getUserMedia, an
// AudioContext with an AudioWorklet, and the worklet's node. Only the edge is faked: the recorder,
// the real MP3 encoder and the components run as they do in Chromium. `speak` plays the part of
// the worklet, posting samples as the audio thread would.
import { vi } from 'vitest';
import type { WorkletReport } from './recorderMessages';

export class FakeTrack extends EventTarget {
  readonly kind = 'audio';
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}

export class FakeStream {
  readonly tracks = [new FakeTrack()];
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks;
  }
}

interface FakePort {
  onmessage: ((event: { data: WorkletReport }) => void) | null;
  postMessage(message: { type: string }): void;
}

export class FakeWorkletNode {
  static last: FakeWorkletNode | null = null;
  readonly port: FakePort;
  connected = false;

  constructor(
    readonly context: FakeAudioContext,
    readonly name: string,
  ) {
    const port: FakePort = {
      onmessage: null,
      // A flush is answered as the worklet answers it: after anything still buffered.
      postMessage: (message) => {
        if (message.type === 'flush') queueMicrotask(() => port.onmessage?.({ data: { type: 'flushed' } }));
      },
    };
    this.port = port;
    FakeWorkletNode.last = this;
  }
  connect(): void {
    this.connected = true;
  }
  disconnect(): void {
    this.connected = false;
  }
}

export class FakeAudioContext {
  static last: FakeAudioContext | null = null;
  readonly sampleRate: number;
  state: 'running' | 'closed' = 'running';
  readonly destination = {};
  readonly modules: string[] = [];
  readonly audioWorklet = { addModule: async (url: string) => void this.modules.push(url) };

  constructor(options: { sampleRate: number }) {
    this.sampleRate = options.sampleRate;
    FakeAudioContext.last = this;
  }
  createMediaStreamSource() {
    return { connect: () => undefined, disconnect: () => undefined };
  }
  async resume(): Promise<void> {}
  async close(): Promise<void> {
    this.state = 'closed';
  }
}

/** Installs the fakes; `getUserMedia` is returned so a test can make it fail or inspect it. */
export function installFakeAudioInput() {
  const streams: FakeStream[] = [];
  const getUserMedia = vi.fn(async (_constraints: MediaStreamConstraints) => {
    const stream = new FakeStream();
    streams.push(stream);
    return stream;
  });
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeWorkletNode);
  FakeAudioContext.last = null;
  FakeWorkletNode.last = null;
  return { getUserMedia, streams };
}

export function removeFakeAudioInput(): void {
  Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
  vi.unstubAllGlobals();
}

/** Posts `milliseconds` of a 1000 Hz tone at `amplitude` from the worklet, in its chunk size. */
export function speak(milliseconds: number, amplitude = 0.5): void {
  const node = FakeWorkletNode.last;
  if (!node) throw new Error('no recording is running');
  const rate = node.context.sampleRate;
  const total = Math.round((milliseconds / 1000) * rate);
  for (let offset = 0; offset < total; offset += 4096) {
    const length = Math.min(4096, total - offset);
    const samples = Float32Array.from(
      { length },
      (_, index) => amplitude * Math.sin((2 * Math.PI * 1000 * (offset + index)) / rate),
    );
    node.port.onmessage?.({ data: { type: 'samples', samples } });
  }
}

/** The real LAME wasm, from the package's file (inlined by Vite: tests have no server). */
export async function realMp3Wasm(dataUrl: string): Promise<WebAssembly.Module> {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return WebAssembly.compile(bytes);
}
