import { describe, expect, it } from 'vitest';
import { toHex } from '../../shared/protocol/bytes';
import { compressIfSmaller } from '../../shared/protocol/config/configCompression';
import { zstdCompressor } from './zstdCompressor';

describe('zstd config compression (§4 step 2, §8.8)', () => {
  it('compresses 81 × 0xaa to the upstream bytes behind a z', () => {
    const input = new Uint8Array(81).fill(0xaa);
    expect(toHex(compressIfSmaller(input, zstdCompressor))).toBe('7a28b52ffd205145000010aaaa01008c022c');
  });

  it('keeps a message that does not shrink', () => {
    const input = new TextEncoder().encode('d1:#i0e1:&de1:<le1:=dee');
    expect(compressIfSmaller(input, zstdCompressor)).toBe(input);
  });

  it('round-trips within the bound', () => {
    const input = new Uint8Array(5000).map((_, index) => index % 7);
    const compressed = zstdCompressor.compress(input);
    expect(zstdCompressor.decompress(compressed, 5000)).toEqual(input);
  });

  it('refuses a decompression bomb as oversized', () => {
    const bomb = zstdCompressor.compress(new Uint8Array(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(2048);
    expect(() => zstdCompressor.decompress(bomb, 1024 * 1024)).toThrow(
      expect.objectContaining({ reason: 'oversized' }),
    );
  });

  it('refuses bytes that are not zstd as malformed', () => {
    expect(() => zstdCompressor.decompress(new Uint8Array([1, 2, 3, 4, 5]), 100)).toThrow(
      expect.objectContaining({ reason: 'malformed' }),
    );
  });
});
