// Images in messages (issue #16): what we send is re-encoded without its metadata (a photo's EXIF
// carries where and with what it was taken), turned upright and scaled to desktop's 4096 px, and
// every image here, ours or received, gets a thumbnail made on this device (a sender's is never
// trusted). sharp (stack.md "Media") is loaded on the first image only, so an engine that never
// handles one does not load libvips.
import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { fallbackContentType } from '../../shared/protocol/attachments/attachmentPointer';
import { StarlingError } from '../../shared/errors';

/** Neither side of an image we send exceeds this: desktop's limit for the images it sends. */
export const maximumImageSide = 4096;
/** Thumbnails fit inside this square, for the timeline. */
export const thumbnailSide = 200;
export const thumbnailContentType = 'image/webp';
/**
 * Pixels an image may decode to (all frames of an animation together). The largest phone cameras
 * take 200-megapixel photos; a decompression bomb (a small file claiming 30000 × 30000) is refused
 * before libvips allocates for it.
 */
export const defaultMaximumInputPixels = 200_000_000;
/** JPEG and WebP re-encoding: close to a phone's own output, so a photo does not visibly change. */
const photoQuality = 90;
const thumbnailQuality = 80;

export class ImageProcessingError extends StarlingError<'imageTooLarge'> {}

export type SharpFactory = (input: Uint8Array, options?: SharpOptions) => Sharp;
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/** The types whose bytes sharp decodes here; anything else is never opened as an image. */
export const formatOfType: Readonly<Record<string, ImageFormat>> = {
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Bytes to send: the image prepared, or the file as it came when it is no readable image. */
export interface PreparedFile {
  readonly data: Uint8Array;
  readonly contentType: string;
  /** Of the prepared image (one frame of an animation); null for a plain file. */
  readonly size: ImageSize | null;
}

export interface Thumbnail extends ImageSize {
  readonly data: Uint8Array;
  readonly contentType: typeof thumbnailContentType;
  /** The upright size of the image it was made from (a pointer without one is filled from it). */
  readonly image: ImageSize;
}

export interface ImageLimits {
  readonly maximumInputPixels?: number | undefined;
}

let loading: Promise<SharpFactory> | undefined;

/** sharp, loaded once on first use. */
export function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then(({ default: sharp }) => {
    // Each image is processed once: libvips' operation cache would only hold memory.
    sharp.cache(false);
    return sharp;
  });
  return loading;
}

/** Whether a file of this (trusted) type is opened as an image: prepared, thumbnailed. */
export function isProcessedImage(contentType: string): boolean {
  return contentType in formatOfType;
}

/** The header's description, or undefined when sharp cannot read these bytes as an image. */
export async function readImageHeader(sharp: SharpFactory, data: Uint8Array): Promise<Metadata | undefined> {
  try {
    // Reading the header decodes no pixels, so it is safe before the size is checked. Read as one
    // page, an animation's width and height are one frame's, and `pages` counts the frames.
    return await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    return undefined;
  }
}

export function refuseBomb(metadata: Metadata, animated: boolean, limit: number): void {
  const frames = animated ? (metadata.pages ?? 1) : 1;
  const pixels = metadata.width * metadata.height * frames;
  if (pixels <= limit) return;
  const what = `${frames > 1 ? `${frames} frames of ` : ''}${metadata.width} × ${metadata.height}`;
  throw new ImageProcessingError(
    'imageTooLarge',
    `This image is too large to open (${what} pixels; at most ${Math.round(limit / 1_000_000)} megapixels).`,
  );
}

const fitsInside = (metadata: Metadata, side: number): boolean =>
  metadata.width <= side && metadata.height <= side;

/** The size of an encoded image (one frame of an animation). */
function sizeOf(info: { width: number; height: number; pageHeight?: number | undefined }): ImageSize {
  return { width: info.width, height: info.pageHeight ?? info.height };
}

/**
 * An image about to be sent: upright, without metadata (GPS, camera), at most 4096 px a side, in
 * its own format. An animated GIF keeps its frames, and its bytes when it is small enough (GIF
 * holds no EXIF). Bytes that claim an image sharp cannot decode are sent as a plain file rather
 * than lost; an image too large to decode is refused (ImageProcessingError 'imageTooLarge').
 */
export async function prepareOutgoingImage(
  data: Uint8Array,
  contentType: string,
  limits: ImageLimits = {},
): Promise<PreparedFile> {
  const plainFile: PreparedFile = { data, contentType: fallbackContentType, size: null };
  const format = formatOfType[contentType];
  if (format === undefined) return { data, contentType, size: null };
  const sharp = await loadSharp();
  const metadata = await readImageHeader(sharp, data);
  if (metadata?.format !== format) return plainFile;
  const animated = (metadata.pages ?? 1) > 1 && (format === 'gif' || format === 'webp');
  const limitInputPixels = limits.maximumInputPixels ?? defaultMaximumInputPixels;
  refuseBomb(metadata, animated, limitInputPixels);
  if (format === 'gif' && fitsInside(metadata, maximumImageSide)) {
    return { data, contentType, size: { width: metadata.width, height: metadata.height } };
  }
  try {
    // Without withMetadata() sharp writes no EXIF, XMP, IPTC or ICC: all of it goes (issue #16).
    const opened = sharp(data, { limitInputPixels, animated, autoOrient: true });
    // A resize that changes nothing still costs a pass over the pixels (bench/images.ts).
    const pipeline = fitsInside(metadata, maximumImageSide)
      ? opened
      : opened.resize({ width: maximumImageSide, height: maximumImageSide, fit: 'inside' });
    const encoded =
      format === 'jpeg'
        ? pipeline.jpeg({ quality: photoQuality })
        : format === 'png'
          ? pipeline.png({ palette: metadata.isPalette })
          : format === 'webp'
            ? pipeline.webp({ quality: photoQuality })
            : pipeline.gif();
    const { data: prepared, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(prepared), contentType, size: sizeOf(info) };
  } catch {
    // The header read but the pixels did not (a truncated or damaged file): still the person's file.
    return plainFile;
  }
}

/**
 * A thumbnail of an image (its first frame), fitting 200 × 200 and never enlarged, in WebP. Throws
 * when the bytes are no image sharp can decode, or one too large to decode.
 */
export async function thumbnailOf(data: Uint8Array, limits: ImageLimits = {}): Promise<Thumbnail> {
  const sharp = await loadSharp();
  const metadata = await readImageHeader(sharp, data);
  if (metadata === undefined || !Object.values(formatOfType).includes(metadata.format as ImageFormat)) {
    throw new Error('not an image that can be shown');
  }
  const limitInputPixels = limits.maximumInputPixels ?? defaultMaximumInputPixels;
  refuseBomb(metadata, false, limitInputPixels);
  const { data: thumbnail, info } = await sharp(data, { limitInputPixels, autoOrient: true })
    .resize({ width: thumbnailSide, height: thumbnailSide, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: thumbnailQuality })
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(thumbnail),
    contentType: thumbnailContentType,
    width: info.width,
    height: info.height,
    image: { width: metadata.autoOrient.width, height: metadata.autoOrient.height },
  };
}
