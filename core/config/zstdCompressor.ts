// The Node implementation of ConfigCompressor (protocol-config-groups.md §4 step 2): zstd level 1
// from node:zlib (Node 24 bundles zstd 1.5.7), with decompression bounded so that a small hostile
// message cannot expand into gigabytes.
import zlib from 'node:zlib';
import type { ConfigCompressor } from '../../shared/protocol/config/configCompression';
import { ConfigDecodeError } from '../../shared/protocol/config/configErrors';

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

export const zstdCompressor: ConfigCompressor = {
  compress(bytes: Uint8Array): Uint8Array {
    const output = zlib.zstdCompressSync(bytes, {
      params: { [zlib.constants.ZSTD_c_compressionLevel]: 1 },
    });
    return new Uint8Array(output);
  },
  decompress(bytes: Uint8Array, maxBytes: number): Uint8Array {
    try {
      // maxOutputLength makes zlib stop and throw instead of growing the output past the limit.
      const output = zlib.zstdDecompressSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
      return new Uint8Array(output);
    } catch (error) {
      if (isTooLarge(error)) {
        throw new ConfigDecodeError(
          'oversized',
          `This config message decompresses to more than ${maxBytes} bytes; it was refused.`,
        );
      }
      throw new ConfigDecodeError('malformed', 'This config message is not valid zstd.');
    }
  },
};
