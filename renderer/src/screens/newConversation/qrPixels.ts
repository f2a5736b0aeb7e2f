// QR codes from pictures, read in the browser: a camera frame or an image file is drawn to a canvas
// and its pixels handed to the pure reader of shared/contract. Images the browser cannot draw go to
// the engine, which decodes PNG and JPEG itself.
import { readSessionIdFromPixels, SessionIdQrError } from '../../../../shared/contract/pureHelpers';
import { type QrReading, readQrImageInEngine } from '../../store/accountActions';

/** clientApi.ts's limit for readQrImage is 16 MiB of base64, that is 12 MiB of image. */
const maximumImageBytes = 12 * 1024 * 1024;
/** Larger pictures are scaled down: a QR code stays readable and jsQR stays quick. */
const largestImageSide = 2_000;

/** A 2D context to read pixels from often (the scanner reads one frame every 200 ms). */
export function readableContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas');
  return context;
}

/**
 * Draws a picture (a video frame, a decoded image) scaled to fit `largestSide` and returns its
 * pixels. Transparent parts become white: a QR code saved with a transparent background would read
 * as black on black otherwise.
 */
export function pixelsOf(
  canvas: HTMLCanvasElement,
  source: CanvasImageSource,
  sourceWidth: number,
  sourceHeight: number,
  largestSide: number,
): ImageData {
  const scale = Math.min(1, largestSide / Math.max(sourceWidth, sourceHeight));
  const width = Math.max(1, Math.round(sourceWidth * scale));
  const height = Math.max(1, Math.round(sourceHeight * scale));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = readableContext(canvas);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

async function imagePixels(file: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  try {
    return pixelsOf(document.createElement('canvas'), bitmap, bitmap.width, bitmap.height, largestImageSide);
  } finally {
    bitmap.close();
  }
}

/** Reads the Session ID in an image file or a pasted image. */
export async function readQrFromImage(file: Blob): Promise<QrReading> {
  if (file.size > maximumImageBytes) {
    return { ok: false, message: 'This image is too large to scan (at most 12 MB).' };
  }
  let pixels: ImageData;
  try {
    pixels = await imagePixels(file);
  } catch {
    // The browser could not draw it (a format it does not know, a canvas refused): the engine tries.
    try {
      return await readQrImageInEngine(await base64Of(file));
    } catch {
      return { ok: false, message: 'This file could not be read.' };
    }
  }
  try {
    return { ok: true, sessionId: readSessionIdFromPixels(pixels) };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof SessionIdQrError ? error.message : 'This image could not be read.',
    };
  }
}
