// Config compression (protocol-config-groups.md §4 step 2): zstd level 1 behind a `z` prefix, used
// only when smaller. shared/ cannot reach node:zlib (it also runs in a browser), so the codec is
// passed in; core/config/zstdCompressor.ts is the Node implementation.

export interface ConfigCompressor {
  /** zstd level 1 (§4 step 2). */
  compress(bytes: Uint8Array): Uint8Array;
  /** zstd decompress; throws when the output would pass maxBytes (a decompression bomb). */
  decompress(bytes: Uint8Array, maxBytes: number): Uint8Array;
}

export const compressedPrefix = 0x7a; // 'z'

/** `'z' ‖ zstd(plaintext)` when that is shorter than the plaintext, else the plaintext itself. */
export function compressIfSmaller(plaintext: Uint8Array, compressor: ConfigCompressor): Uint8Array {
  const compressed = compressor.compress(plaintext);
  if (compressed.length + 1 >= plaintext.length) return plaintext;
  const prefixed = new Uint8Array(compressed.length + 1);
  prefixed[0] = compressedPrefix;
  prefixed.set(compressed, 1);
  return prefixed;
}
