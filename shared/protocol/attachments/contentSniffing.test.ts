import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes';
import { isRenderedType, sniffContentType, trustedContentType } from './contentSniffing';

const pngHead = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpegHead = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const mp3Frame = Uint8Array.from([0xff, 0xfb, 0x90, 0x64]);
const m4aHead = Uint8Array.from([0, 0, 0, 0x20, ...utf8Encode('ftypM4A ')]);

describe('content sniffing (issue #16)', () => {
  it('keeps a rendered type that the bytes bear out', () => {
    expect(trustedContentType('image/png', pngHead)).toBe('image/png');
    expect(trustedContentType('image/jpeg', jpegHead)).toBe('image/jpeg');
    expect(trustedContentType('audio/mp3', mp3Frame)).toBe('audio/mp3');
    expect(trustedContentType('audio/mpeg', utf8Encode('ID3\u0004\u0000'))).toBe('audio/mpeg');
    expect(trustedContentType('audio/x-m4a', m4aHead)).toBe('audio/x-m4a');
    expect(trustedContentType('audio/ogg', utf8Encode('OggS\u0000\u0002'))).toBe('audio/ogg');
  });

  it('shows a file whose bytes contradict its media type as a plain file', () => {
    expect(trustedContentType('image/jpeg', pngHead)).toBe('application/octet-stream');
    expect(trustedContentType('image/png', utf8Encode('MZ\u0090\u0000 an executable'))).toBe(
      'application/octet-stream',
    );
    expect(trustedContentType('audio/mp3', utf8Encode('<html><script>'))).toBe('application/octet-stream');
  });

  it('never renders media types it cannot check, such as SVG', () => {
    expect(trustedContentType('image/svg+xml', utf8Encode('<svg onload=alert(1)>'))).toBe(
      'application/octet-stream',
    );
    expect(isRenderedType('image/svg+xml')).toBe(false);
  });

  it('keeps other claims, which are only ever offered as files', () => {
    expect(trustedContentType('application/pdf', utf8Encode('%PDF-1.7'))).toBe('application/pdf');
    expect(trustedContentType('text/plain', utf8Encode('hello'))).toBe('text/plain');
  });

  it('names unnamed bytes when they are an image or audio', () => {
    expect(sniffContentType(pngHead)).toBe('image/png');
    expect(sniffContentType(jpegHead)).toBe('image/jpeg');
    expect(sniffContentType(mp3Frame)).toBe('audio/mpeg');
    expect(sniffContentType(utf8Encode('just text here'))).toBeUndefined();
    expect(sniffContentType(new Uint8Array(0))).toBeUndefined();
  });
});
