import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { refusalCode } from '../../test/refusal';
import { describe, expect, it } from 'vitest';
import { sessionIdQrSvg } from '../../shared/protocol/identity/sessionIdQrCode';
import { decodeSessionIdFromImage, sessionIdQrPng } from './qrImage';

const sessionId = '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';

/** Draws a QR code of `text` into a larger grey picture, optionally with inverted colours. */
async function photoOf(text: string, options: { inverted?: boolean } = {}): Promise<PNG> {
  const code = PNG.sync.read(await QRCode.toBuffer(text, { type: 'png', width: 300, margin: 2 }));
  const photo = new PNG({ width: 640, height: 480 });
  photo.data.fill(180);
  for (let y = 0; y < code.height; y += 1) {
    for (let x = 0; x < code.width; x += 1) {
      const source = (y * code.width + x) * 4;
      const target = ((y + 90) * photo.width + (x + 170)) * 4;
      const value = code.data[source]!;
      const shade = options.inverted ? 255 - value : value;
      photo.data.fill(shade, target, target + 3);
      photo.data[target + 3] = 255;
    }
  }
  return photo;
}

describe('Session ID QR images', () => {
  it('saves a PNG that reads back to the Session ID', async () => {
    const png = await sessionIdQrPng(sessionId);
    expect(PNG.sync.read(png).width).toBe(512);
    expect(decodeSessionIdFromImage(png)).toBe(sessionId);
  });

  it('reads a QR code inside a larger photo, in a JPEG, and in inverted colours', async () => {
    const photo = await photoOf(sessionId.toUpperCase());
    expect(decodeSessionIdFromImage(PNG.sync.write(photo))).toBe(sessionId);
    const jpegBytes = jpeg.encode({ data: photo.data, width: photo.width, height: photo.height }, 85).data;
    expect(decodeSessionIdFromImage(jpegBytes)).toBe(sessionId);
    expect(decodeSessionIdFromImage(PNG.sync.write(await photoOf(sessionId, { inverted: true })))).toBe(
      sessionId,
    );
  });

  it('draws an SVG that follows the theme colour', async () => {
    const svg = await sessionIdQrSvg(sessionId);
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/u);
    expect(svg).toContain('stroke="currentColor"');
    expect(svg).not.toContain('#000000');
  });

  it('says clearly when there is no QR code, or not a Session ID in it', async () => {
    const blank = new PNG({ width: 200, height: 200 });
    blank.data.fill(255);
    expect(refusalCode(() => decodeSessionIdFromImage(PNG.sync.write(blank)))).toBe('noQrCode');
    const greeting = PNG.sync.write(await photoOf('https://example.org/hello'));
    expect(() => decodeSessionIdFromImage(greeting)).toThrow(
      /does not hold a Session ID \(it reads “https:\/\/example.org\/hello”\)/u,
    );
    const blinded = PNG.sync.write(await photoOf(`15${sessionId.slice(2)}`));
    expect(refusalCode(() => decodeSessionIdFromImage(blinded))).toBe('notSessionId');
  });

  it('refuses files that are not images, damaged images and oversized ones', async () => {
    expect(
      refusalCode(() => decodeSessionIdFromImage(new TextEncoder().encode('GIF89a not supported'))),
    ).toBe('unsupportedImage');
    const png = await sessionIdQrPng(sessionId);
    expect(refusalCode(() => decodeSessionIdFromImage(png.subarray(0, 100)))).toBe('unsupportedImage');
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20_000, 16);
    huge.writeUInt32BE(20_000, 20);
    expect(refusalCode(() => decodeSessionIdFromImage(huge))).toBe('imageTooLarge');
    expect(refusalCode(() => decodeSessionIdFromImage(new Uint8Array(26 * 1024 * 1024)))).toBe(
      'imageTooLarge',
    );
  });
});
