// Where the renderer gets LAME's wasm. The package's own createMp3Encoder() instantiates from a
// data: URL, which the CSP refuses (connect-src 'self'), and its `…/wasm/mp3.wasm` export points
// to a file that does not exist (stack.md Media). So Vite copies `wasm/mp3` into the build as an
// asset served from 'self', and it is compiled once per window: a second recording starts at once.
import mp3WasmUrl from 'wasm-media-encoders/wasm/mp3?url';

let compiled: Promise<WebAssembly.Module> | null = null;

/**
 * The compiled MP3 encoder module. Fetched as bytes rather than with compileStreaming, so it works
 * whatever Content-Type the host serves .wasm with; 'wasm-unsafe-eval' in script-src allows the
 * compilation.
 */
export function mp3EncoderModule(): Promise<WebAssembly.Module> {
  compiled ??= fetch(mp3WasmUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`the MP3 encoder could not be loaded (HTTP ${response.status})`);
      return response.arrayBuffer();
    })
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((error: unknown) => {
      // A failed load is not cached: the next recording tries again.
      compiled = null;
      throw error;
    });
  return compiled;
}
