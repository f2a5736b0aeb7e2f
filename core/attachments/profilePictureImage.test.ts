// Profile pictures through sharp; the test images are made by sharp too.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sidewaysPhoto } from '../../test/sampleImages';
import {
  ProfilePictureImageError,
  pictureToShow,
  prepareProfilePicture,
  squareWithin,
} from './profilePictureImage';

/** The colour at a point, as 'red', 'blue', 'white' or 'other'. */
async function colourAt(image: Uint8Array, x: number, y: number): Promise<string> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  const [red, green, blue] = [data[offset]!, data[offset + 1]!, data[offset + 2]!];
  if (red > 200 && green < 60 && blue < 60) return 'red';
  if (blue > 200 && red < 60 && green < 60) return 'blue';
  if (red > 230 && green > 230 && blue > 230) return 'white';
  return 'other';
}

function failureOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof ProfilePictureImageError ? error.code : String(error)),
  );
}

describe('our profile picture', () => {
  it('is the framed square of the upright photo, without its metadata', async () => {
    const photo = await sidewaysPhoto();
    // The square at the bottom of the upright photo: rows 100–299, red down to 150, then blue.
    const picture = await prepareProfilePicture(photo, { left: 0, top: 100, side: 200 });
    expect(picture.contentType).toBe('image/jpeg');
    expect(picture.side).toBe(200);
    const metadata = await sharp(picture.data).metadata();
    expect([metadata.width, metadata.height]).toEqual([200, 200]);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(await colourAt(picture.data, 100, 10)).toBe('red');
    expect(await colourAt(picture.data, 100, 190)).toBe('blue');
  });

  it('is the centred square by default, and at most 600 px', async () => {
    const wide = await sharp({ create: { width: 1800, height: 900, channels: 3, background: '#ff0000' } })
      .composite([
        {
          input: await sharp({ create: { width: 900, height: 900, channels: 3, background: '#0000ff' } })
            .png()
            .toBuffer(),
          left: 450,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const picture = await prepareProfilePicture(wide);
    expect(picture.side).toBe(600);
    const metadata = await sharp(picture.data).metadata();
    expect([metadata.width, metadata.height]).toEqual([600, 600]);
    expect(await colourAt(picture.data, 300, 300)).toBe('blue');
    expect(await colourAt(picture.data, 5, 300)).toBe('blue');
  });

  it('puts a transparent picture on white, since JPEG has no transparency', async () => {
    const clear = await sharp({
      create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect(await colourAt((await prepareProfilePicture(clear)).data, 30, 30)).toBe('white');
  });

  it('refuses what is no picture, a bomb and a file over 10 MB, in words', async () => {
    expect(await failureOf(prepareProfilePicture(new TextEncoder().encode('<svg></svg>')))).toBe(
      'notAnImage',
    );
    // A PNG header claiming 20000 × 20000 pixels: refused before anything is decoded.
    const header = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    header.writeUInt32BE(20_000, 16);
    header.writeUInt32BE(20_000, 20);
    expect(await failureOf(prepareProfilePicture(header))).toBe('imageTooLarge');
    expect(await failureOf(prepareProfilePicture(new Uint8Array(10_000_001)))).toBe('imageTooLarge');
  });
});

describe('the square a crop asks for', () => {
  it('is moved inside the image and kept square', () => {
    expect(squareWithin(400, 300, { left: 350, top: -20, side: 500 })).toEqual({
      left: 100,
      top: 0,
      side: 300,
    });
    expect(squareWithin(400, 300, { left: 10.4, top: 20.6, side: 99.5 })).toEqual({
      left: 10,
      top: 21,
      side: 100,
    });
    expect(squareWithin(300, 400)).toEqual({ left: 0, top: 50, side: 300 });
  });
});

describe('someone else’s picture', () => {
  it('is re-encoded as WebP, upright and within 600 px', async () => {
    const shown = await pictureToShow(await sidewaysPhoto());
    const metadata = await sharp(shown).metadata();
    expect(metadata.format).toBe('webp');
    expect([metadata.width, metadata.height]).toEqual([200, 300]);
    expect(await colourAt(shown, 100, 10)).toBe('red');
    const large = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#0000ff' } })
      .jpeg()
      .toBuffer();
    const scaled = await sharp(await pictureToShow(large)).metadata();
    expect([scaled.width, scaled.height]).toEqual([600, 300]);
  });

  it('is refused when it is no picture', async () => {
    expect(await failureOf(pictureToShow(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])))).toBe(
      'notAnImage',
    );
  });
});
