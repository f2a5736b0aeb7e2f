// The engine's fast base64 decoder agrees with shared/'s strict one: the same bytes for every valid
// text, padded or not, and the same refusal for every invalid one.
import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../shared/protocol/base64';
import { decodeBase64 } from './nativeBase64';

const outcome = (decode: (text: string) => Uint8Array, text: string): Uint8Array | string => {
  try {
    return decode(text);
  } catch (error) {
    return (error as Error).message;
  }
};

describe('decodeBase64', () => {
  it('decodes what shared/ decodes, padded and unpadded, into plain owned bytes', () => {
    for (let length = 0; length < 200; length += 1) {
      const bytes = randomBytes(length);
      const text = toBase64(bytes);
      expect(decodeBase64(text)).toEqual(new Uint8Array(bytes));
      expect(decodeBase64(text.replace(/=+$/u, ''))).toEqual(new Uint8Array(bytes));
    }
    const decoded = decodeBase64(toBase64(randomBytes(10)));
    expect(Buffer.isBuffer(decoded)).toBe(false);
    expect(decoded.buffer.byteLength).toBe(10);
  });

  it('refuses what shared/ refuses, with the same words', () => {
    const texts = [
      'QQ=',
      'QR==',
      'QUI=',
      'QUJ=',
      'a',
      'ab=c',
      'ab c',
      'ab-_',
      'abc==',
      '====',
      'ab\ncd',
      'é',
      'abcd=',
      'a===',
    ];
    for (let round = 0; round < 300; round += 1) {
      const text = toBase64(randomBytes(randomInt(1, 30)));
      const at = randomInt(0, text.length);
      texts.push(text.slice(0, at) + String.fromCharCode(randomInt(0, 128)) + text.slice(at + 1));
    }
    for (const text of texts) expect(outcome(decodeBase64, text)).toEqual(outcome(fromBase64, text));
  });
});
