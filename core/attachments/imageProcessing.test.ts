// Images are prepared and thumbnailed by sharp; the test images are made by sharp too.
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sidewaysPhoto } from '../../test/sampleImages';
import {
  ImageProcessingError,
  prepareOutgoingImage,
  thumbnailOf,
  thumbnailContentType,
} from './imageProcessing';

function solid(width: number, height: number, channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background: { r: 30, g: 120, b: 200, alpha: 0.5 } } });
}

/** An animated GIF of `frames` frames, each a different colour. */
async function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * frames * 3);
  for (let frame = 0; frame < frames; frame += 1) {
    raw.fill(frame * 70, frame * width * height * 3, (frame + 1) * width * height * 3);
  }
  return sharp(raw, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
    .gif()
    .toBuffer();
}

/** A PNG whose header claims `width` × `height` (a decompression bomb's shape) and holds a few bytes. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, body: Buffer): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('prepareOutgoingImage', () => {
  it('turns a sideways photo upright and drops its camera and GPS tags', async () => {
    const photo = await sidewaysPhoto();
    const before = await sharp(photo).metadata();
    expect(before).toMatchObject({ width: 300, height: 200, orientation: 6 });
    expect(before.exif?.includes('Acme')).toBe(true);
    expect(before.exif?.includes('WGS-84')).toBe(true);

    const prepared = await prepareOutgoingImage(photo, 'image/jpeg');
    expect(prepared).toMatchObject({ contentType: 'image/jpeg', size: { width: 200, height: 300 } });
    const after = await sharp(prepared.data).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 200, height: 300 });
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    for (const tag of ['Acme', 'Phone 9', 'WGS-84'])
      expect(Buffer.from(prepared.data).includes(tag)).toBe(false);
    // The stored left (red) half is now on top.
    const { data } = await sharp(prepared.data)
      .extract({ left: 100, top: 20, width: 1, height: 1 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(200);
    expect(data[2]).toBeLessThan(60);
  });

  it('scales 5000 × 3000 to 4096 × 2458 and leaves a smaller image its size', async () => {
    const large = await prepareOutgoingImage(await solid(5000, 3000).jpeg().toBuffer(), 'image/jpeg');
    expect(large.size).toEqual({ width: 4096, height: 2458 });
    expect(await sharp(large.data).metadata()).toMatchObject({ width: 4096, height: 2458 });
    const small = await prepareOutgoingImage(await solid(640, 480).jpeg().toBuffer(), 'image/jpeg');
    expect(small.size).toEqual({ width: 640, height: 480 });
  });

  it('keeps a PNG as a PNG with its alpha, and strips a WebP of its EXIF', async () => {
    const png = await solid(64, 48, 4).png().toBuffer();
    const prepared = await prepareOutgoingImage(png, 'image/png');
    const metadata = await sharp(prepared.data).metadata();
    expect(metadata).toMatchObject({ format: 'png', width: 64, height: 48, hasAlpha: true });
    const { data } = await sharp(prepared.data).raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBeGreaterThan(100);
    expect(data[3]).toBeLessThan(160);

    const webp = await solid(80, 60)
      .webp()
      .withExif({ IFD0: { Model: 'Phone 9' } })
      .toBuffer();
    expect((await sharp(webp).metadata()).exif).toBeDefined();
    const strippedWebp = await prepareOutgoingImage(webp, 'image/webp');
    expect(await sharp(strippedWebp.data).metadata()).toMatchObject({
      format: 'webp',
      width: 80,
      height: 60,
    });
    expect((await sharp(strippedWebp.data).metadata()).exif).toBeUndefined();
  });

  it('keeps an animated GIF with its frames: as it is when small, scaled when over 4096 px', async () => {
    const gif = await animatedGif(300, 120, 4);
    const kept = await prepareOutgoingImage(gif, 'image/gif');
    expect(Buffer.from(kept.data).equals(gif)).toBe(true);
    expect(kept.size).toEqual({ width: 300, height: 120 });

    const wide = await prepareOutgoingImage(await animatedGif(5000, 50, 3), 'image/gif');
    expect(wide.size).toEqual({ width: 4096, height: 41 });
    expect(await sharp(wide.data).metadata()).toMatchObject({ format: 'gif', width: 4096, pages: 3 });
  });

  it('refuses a decompression bomb in words, with a code', async () => {
    const bomb = pngClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(2000);
    const refusal = prepareOutgoingImage(bomb, 'image/png');
    await expect(refusal).rejects.toBeInstanceOf(ImageProcessingError);
    await expect(refusal).rejects.toMatchObject({ code: 'imageTooLarge' });
    await expect(refusal).rejects.toThrow(
      /too large to open \(30000 × 30000 pixels; at most 200 megapixels\)/u,
    );
    await expect(thumbnailOf(bomb)).rejects.toMatchObject({ code: 'imageTooLarge' });
    // Below the default limit, the limit is what decides.
    const photo = await solid(1000, 1000).jpeg().toBuffer();
    await expect(
      prepareOutgoingImage(photo, 'image/jpeg', { maximumInputPixels: 500_000 }),
    ).rejects.toMatchObject({ code: 'imageTooLarge' });
  });

  it('sends bytes that claim an image but do not decode as a plain file, unchanged', async () => {
    const broken = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(3000),
    ]);
    const prepared = await prepareOutgoingImage(broken, 'image/png');
    expect(prepared).toMatchObject({ contentType: 'application/octet-stream', size: null });
    expect(Buffer.from(prepared.data).equals(broken)).toBe(true);

    const jpeg = await solid(400, 300).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect((await prepareOutgoingImage(truncated, 'image/jpeg')).contentType).toBe(
      'application/octet-stream',
    );
    // A PNG called a JPEG is not what it says either.
    const png = await solid(40, 30).png().toBuffer();
    expect((await prepareOutgoingImage(png, 'image/jpeg')).contentType).toBe('application/octet-stream');
  });

  it('leaves other files alone', async () => {
    const text = Buffer.from('plain words');
    expect(await prepareOutgoingImage(text, 'text/plain')).toEqual({
      data: text,
      contentType: 'text/plain',
      size: null,
    });
  });
});

describe('thumbnailOf', () => {
  it('fits an image inside 200 × 200 in WebP, upright, and tells the image’s size', async () => {
    const thumbnail = await thumbnailOf(await solid(4000, 3000).jpeg().toBuffer());
    expect(thumbnail).toMatchObject({
      contentType: thumbnailContentType,
      width: 200,
      height: 150,
      image: { width: 4000, height: 3000 },
    });
    expect(await sharp(thumbnail.data).metadata()).toMatchObject({ format: 'webp', width: 200, height: 150 });

    const sideways = await thumbnailOf(await sidewaysPhoto());
    expect(sideways).toMatchObject({ width: 133, height: 200, image: { width: 200, height: 300 } });
  });

  it('never enlarges a small image, and takes a GIF’s first frame', async () => {
    expect(await thumbnailOf(await solid(50, 40).png().toBuffer())).toMatchObject({ width: 50, height: 40 });
    const gif = await thumbnailOf(await animatedGif(300, 120, 4));
    expect(gif).toMatchObject({ width: 200, height: 80, image: { width: 300, height: 120 } });
    expect((await sharp(gif.data).metadata()).pages ?? 1).toBe(1);
  });

  it('refuses what is no image', async () => {
    await expect(thumbnailOf(Buffer.from('not an image'))).rejects.toThrow();
  });
});
