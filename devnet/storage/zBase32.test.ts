import { describe, expect, it } from 'vitest';
import { fromHex, utf8Encode } from '../../shared/protocol/bytes';
import { toZBase32 } from './zBase32';

describe('z-base-32', () => {
  it('encodes most significant bits first, padding the last group with zeros', () => {
    expect(toZBase32(new Uint8Array())).toBe('');
    expect(toZBase32(Uint8Array.of(0))).toBe('yy');
    expect(toZBase32(Uint8Array.of(0xff))).toBe('9h');
    // The example of the z-base-32 specification: 0xf0bfc7 → "6n9hq".
    expect(toZBase32(fromHex('f0bfc7'))).toBe('6n9hq');
    expect(toZBase32(utf8Encode('hello'))).toBe('pb1sa5dx');
  });

  it('writes a 32-byte key in 52 characters', () => {
    expect(toZBase32(new Uint8Array(32).fill(0xff))).toBe(`${'9'.repeat(51)}o`);
  });
});
