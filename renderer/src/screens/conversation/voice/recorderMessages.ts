// What the page and the recorder worklet say to each other. Kept apart from recorderWorklet.ts so
// the page can import these without bundling the worklet's code (which calls registerProcessor,
// a function that exists only on the audio thread).

/** The name the worklet registers and the page creates its AudioWorkletNode with. */
export const recorderProcessorName = 'starling-voice-recorder';

/** From the page: send what is buffered, then stop processing. */
export type WorkletCommand = { readonly type: 'flush' };

/** From the worklet: a chunk of mono samples, or the end after a flush. */
export type WorkletReport =
  { readonly type: 'samples'; readonly samples: Float32Array } | { readonly type: 'flushed' };
