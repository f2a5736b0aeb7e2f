// Reading Session IDs from QR codes. The official apps encode the bare Session ID text, so that is
// what is expected back. This part works on pixels only, so the renderer's camera scanner and the
// engine's image decoder share it (drawing codes is sessionIdQrCode.ts, kept apart so that the UI
// does not bundle the encoder).
import jsQR from 'jsqr';
import { StarlingError } from '../../errors';
import { checkSessionId } from './sessionId';

export type SessionIdQrErrorCode = 'noQrCode' | 'notSessionId' | 'unsupportedImage' | 'imageTooLarge';

export class SessionIdQrError extends StarlingError<SessionIdQrErrorCode> {}

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** 4 bytes per pixel, row by row. */
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** Reads the Session ID in an image; throws a SessionIdQrError that says what was wrong. */
export function readSessionIdFromPixels(image: RgbaImage): string {
  const data =
    image.data instanceof Uint8ClampedArray
      ? image.data
      : new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const code = jsQR(data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
  if (!code) {
    throw new SessionIdQrError('noQrCode', 'No QR code was found in this image.');
  }
  const check = checkSessionId(code.data);
  if (!check.ok) {
    const shown = code.data.length > 40 ? `${code.data.slice(0, 40)}…` : code.data;
    throw new SessionIdQrError(
      'notSessionId',
      `This QR code does not hold a Session ID (it reads “${shown}”).`,
    );
  }
  return check.sessionId;
}
