import { describe, expect, it } from 'vitest';
import { padConfig, paddedSize, stripConfigPadding } from './configPadding';

describe('paddedSize (§4 step 3, §8.2)', () => {
  const rows: [number, number, number][] = [
    [1, 0, 256],
    [1, 10, 246],
    [246, 10, 246],
    [247, 10, 502],
    [247, 256, 256],
    [3744, 96, 3744],
    [3745, 96, 4000],
    [4864, 0, 4864],
    [4865, 0, 5120],
    [20480 + 1, 0, 22528],
    [40960 + 1, 0, 46080],
    [71680 + 1, 0, 76800],
  ];
  it.each(rows)('paddedSize(%i, %i) = %i', (length, overhead, expected) => {
    expect(paddedSize(length, overhead)).toBe(expected);
  });

  it('refuses negative or fractional sizes', () => {
    expect(() => paddedSize(-1, 0)).toThrow(RangeError);
    expect(() => paddedSize(1.5, 0)).toThrow(RangeError);
  });
});

describe('padConfig / stripConfigPadding', () => {
  it('left-pads with zeros to 216 bytes for the empty config (§8.5) and strips back', () => {
    const plaintext = new TextEncoder().encode('d1:#i0e1:&de1:<le1:=dee');
    const padded = padConfig(plaintext);
    expect(padded.length).toBe(216);
    expect(padded.subarray(0, 216 - plaintext.length).every((byte) => byte === 0)).toBe(true);
    expect(stripConfigPadding(padded)).toEqual(plaintext);
  });
});
