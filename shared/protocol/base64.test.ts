import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64, toBase64Unpadded } from './base64';
import { randomBytes, utf8Decode, utf8Encode } from './bytes';

// RFC 4648 §10.
const rfcVectors: readonly (readonly [string, string])[] = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

describe('base64', () => {
  it.each(rfcVectors)('encodes and decodes “%s” as in RFC 4648', (text, encoded) => {
    expect(toBase64(utf8Encode(text))).toBe(encoded);
    expect(toBase64Unpadded(utf8Encode(text))).toBe(encoded.replace(/=+$/u, ''));
    expect(utf8Decode(fromBase64(encoded))).toBe(text);
    expect(utf8Decode(fromBase64(encoded.replace(/=+$/u, '')))).toBe(text);
  });

  it('agrees with Node for every byte value and length', () => {
    for (let length = 0; length < 70; length += 1) {
      const bytes = randomBytes(length);
      const expected = Buffer.from(bytes).toString('base64');
      expect(toBase64(bytes)).toBe(expected);
      expect(fromBase64(expected)).toEqual(bytes);
    }
    const everyByte = Uint8Array.from({ length: 256 }, (_, index) => index);
    expect(toBase64(everyByte)).toBe(Buffer.from(everyByte).toString('base64'));
  });

  it('refuses what protocol fields never contain', () => {
    expect(() => fromBase64('Zm9\n')).toThrow(/not a base64 character/u);
    expect(() => fromBase64('Zm-_')).toThrow(/“-” at position 3/u);
    expect(() => fromBase64('Zm9vY')).toThrow(/length/u);
    expect(() => fromBase64('Zg=')).toThrow(/length/u);
    expect(() => fromBase64('Z===')).toThrow(/not a base64 character/u);
    expect(() => fromBase64('Zg==Zg==')).toThrow(expect.objectContaining({ code: 'invalidBase64' }));
  });
});
