// Drawing Session IDs as QR codes: the bare Session ID text, as the official apps write it.
import QRCode from 'qrcode';

// Medium error correction survives a smudged screen or a photo at an angle without making the
// code too dense for a webcam.
export const errorCorrectionLevel = 'M';

/** An SVG document of the QR code, drawn in currentColor so it follows the theme. */
export async function sessionIdQrSvg(sessionId: string): Promise<string> {
  const svg = await QRCode.toString(sessionId, { type: 'svg', errorCorrectionLevel, margin: 2 });
  return svg
    .replace(/stroke="#000000"/gu, 'stroke="currentColor"')
    .replace(/fill="#ffffff"/gu, 'fill="none"');
}
