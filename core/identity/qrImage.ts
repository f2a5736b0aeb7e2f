// Session ID QR codes as image files: PNG for saving, and PNG or JPEG files (or pasted images)
// decoded back to a Session ID.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { errorCorrectionLevel } from '../../shared/protocol/identity/sessionIdQrCode';
import {
  readSessionIdFromPixels,
  type RgbaImage,
  SessionIdQrError,
} from '../../shared/protocol/identity/sessionIdQr';

// A photo from a phone is about 12 megapixels; beyond this the image is refused rather than
// decoded into hundreds of megabytes.
export const maximumImagePixels = 40_000_000;
export const maximumImageBytes = 25 * 1024 * 1024;

export async function sessionIdQrPng(sessionId: string, width = 512): Promise<Buffer> {
  return QRCode.toBuffer(sessionId, { type: 'png', errorCorrectionLevel, margin: 2, width });
}

export function decodeSessionIdFromImage(bytes: Uint8Array): string {
  return readSessionIdFromPixels(decodeImage(bytes));
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function decodeImage(bytes: Uint8Array): RgbaImage {
  if (bytes.length > maximumImageBytes) {
    throw new SessionIdQrError('imageTooLarge', 'This image file is too large to scan (over 25 MB).');
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (pngSignature.every((byte, index) => buffer[index] === byte)) {
    return readImage('PNG', () => {
      checkDimensions(buffer.readUInt32BE(16), buffer.readUInt32BE(20));
      return PNG.sync.read(buffer);
    });
  }
  if (buffer[0] === 0xff && buffer[1] === 0xd8) {
    return readImage('JPEG', () =>
      jpeg.decode(buffer, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: maximumImagePixels / 1_000_000,
        maxMemoryUsageInMB: 512,
      }),
    );
  }
  throw new SessionIdQrError('unsupportedImage', 'Only PNG and JPEG images can be scanned for a QR code.');
}

function checkDimensions(width: number, height: number): void {
  if (width * height > maximumImagePixels) {
    throw new SessionIdQrError(
      'imageTooLarge',
      `This image is too large to scan (${width}×${height} pixels).`,
    );
  }
}

function readImage(format: string, decode: () => RgbaImage): RgbaImage {
  try {
    return decode();
  } catch (error) {
    if (error instanceof SessionIdQrError) throw error;
    throw new SessionIdQrError('unsupportedImage', `This ${format} image is damaged and cannot be read.`);
  }
}
