// Profile pictures as images (issue #16): ours is cropped to a square the person chose, scaled to
// 600 px, turned upright and stripped of its metadata before it leaves; everyone else's is decoded
// and re-encoded here before the UI sees it, so a hostile file (a bomb, a polyglot, a huge
// animation) never reaches the renderer as it came.
import type { Metadata } from 'sharp';
import { StarlingError } from '../../shared/errors';
import { formatOfType, loadSharp, readImageHeader, refuseBomb, type ImageFormat } from './imageProcessing';

/** The side of the square picture we upload (issue #16; desktop scales avatars to 600 px too). */
export const profilePictureSide = 600;
export const outgoingPictureType = 'image/jpeg';
export const shownPictureType = 'image/webp';
/** A picture is a small square: 50 megapixels is far beyond any camera's avatar, and bounds the work. */
const maximumPicturePixels = 50_000_000;
/** A profile picture is one upload of at most 10 MB (desktop's attachment limit). */
export const maximumPictureBytes = 10_000_000;
const pictureQuality = 85;

export class ProfilePictureImageError extends StarlingError<'notAnImage' | 'imageTooLarge'> {}

/** A square of the upright image, in its pixels: what the person framed. */
export interface PictureCrop {
  readonly left: number;
  readonly top: number;
  readonly side: number;
}

export interface PreparedPicture {
  readonly data: Uint8Array;
  readonly contentType: typeof outgoingPictureType;
  readonly side: number;
}

const notAnImage = (): ProfilePictureImageError =>
  new ProfilePictureImageError(
    'notAnImage',
    'This file is not a picture Starling can open (JPEG, PNG, WebP or GIF).',
  );

async function opened(data: Uint8Array): Promise<{ metadata: Metadata; width: number; height: number }> {
  if (data.length > maximumPictureBytes) {
    throw new ProfilePictureImageError('imageTooLarge', 'This picture is over 10 MB: choose a smaller one.');
  }
  const metadata = await readImageHeader(await loadSharp(), data);
  if (metadata === undefined || !Object.values(formatOfType).includes(metadata.format as ImageFormat)) {
    throw notAnImage();
  }
  try {
    refuseBomb(metadata, false, maximumPicturePixels);
  } catch (error) {
    throw new ProfilePictureImageError('imageTooLarge', (error as Error).message);
  }
  return { metadata, width: metadata.autoOrient.width, height: metadata.autoOrient.height };
}

/**
 * The square inside the image nearest to what was asked (a crop from a window that rounded, or
 * from a hostile caller, is moved inside rather than refused); the centred square by default.
 */
export function squareWithin(width: number, height: number, crop?: PictureCrop): PictureCrop {
  const largest = Math.min(width, height);
  if (crop === undefined) {
    return {
      left: Math.floor((width - largest) / 2),
      top: Math.floor((height - largest) / 2),
      side: largest,
    };
  }
  const side = Math.max(1, Math.min(largest, Math.round(crop.side)));
  const left = Math.min(Math.max(0, Math.round(crop.left)), width - side);
  const top = Math.min(Math.max(0, Math.round(crop.top)), height - side);
  return { left, top, side };
}

/** Our picture to upload: the framed square, upright, at most 600 × 600, JPEG without metadata. */
export async function prepareProfilePicture(data: Uint8Array, crop?: PictureCrop): Promise<PreparedPicture> {
  const { width, height } = await opened(data);
  const square = squareWithin(width, height, crop);
  const side = Math.min(square.side, profilePictureSide);
  const sharp = await loadSharp();
  try {
    const picture = await sharp(data, { limitInputPixels: maximumPicturePixels, autoOrient: true })
      .extract({ left: square.left, top: square.top, width: square.side, height: square.side })
      .resize({ width: side, height: side })
      // JPEG has no transparency: a transparent logo sits on white rather than on black.
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: pictureQuality })
      .toBuffer();
    return { data: new Uint8Array(picture), contentType: outgoingPictureType, side };
  } catch {
    throw notAnImage();
  }
}

/**
 * Someone's picture as this device shows it: its first frame, upright, fitting 600 × 600, in WebP.
 * Throws when the bytes are no picture, or one too large to decode.
 */
export async function pictureToShow(data: Uint8Array): Promise<Uint8Array> {
  await opened(data);
  const sharp = await loadSharp();
  try {
    const picture = await sharp(data, { limitInputPixels: maximumPicturePixels, autoOrient: true })
      .resize({
        width: profilePictureSide,
        height: profilePictureSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: pictureQuality })
      .toBuffer();
    return new Uint8Array(picture);
  } catch {
    throw notAnImage();
  }
}
