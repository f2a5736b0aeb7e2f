// A fake camera for Chromium (`--use-file-for-fake-video-capture=FILE.y4m`, stack.md): a QR code
// PNG turned into a short YUV4MPEG2 video, the code centred on white and scaled up to about two
// thirds of the frame's height, as if someone held their screen up to the camera.
import { readFile, writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';

const width = 640;
const height = 480;
/** Chromium loops the file; a few identical frames are enough. */
const frameCount = 5;

/** The luma (0–255) of each pixel of a PNG, transparent parts taken as white. */
function lumaOf(png: PNG): Uint8Array {
  const luma = new Uint8Array(png.width * png.height);
  for (let index = 0; index < luma.length; index += 1) {
    const offset = index * 4;
    const alpha = png.data[offset + 3]! / 255;
    const red = png.data[offset]! * alpha + 255 * (1 - alpha);
    const green = png.data[offset + 1]! * alpha + 255 * (1 - alpha);
    const blue = png.data[offset + 2]! * alpha + 255 * (1 - alpha);
    // BT.601 full range, as C420jpeg says.
    luma[index] = Math.round(0.299 * red + 0.587 * green + 0.114 * blue);
  }
  return luma;
}

/** One 640×480 frame's Y plane: the image scaled (nearest neighbour) into the centre, white around. */
function lumaFrame(source: Uint8Array, sourceWidth: number, sourceHeight: number): Uint8Array {
  const plane = new Uint8Array(width * height).fill(255);
  const side = Math.round(height * 0.7);
  const scale = side / Math.max(sourceWidth, sourceHeight);
  const drawnWidth = Math.round(sourceWidth * scale);
  const drawnHeight = Math.round(sourceHeight * scale);
  const left = Math.floor((width - drawnWidth) / 2);
  const top = Math.floor((height - drawnHeight) / 2);
  for (let y = 0; y < drawnHeight; y += 1) {
    const sourceY = Math.min(sourceHeight - 1, Math.floor(y / scale));
    for (let x = 0; x < drawnWidth; x += 1) {
      const sourceX = Math.min(sourceWidth - 1, Math.floor(x / scale));
      plane[(top + y) * width + left + x] = source[sourceY * sourceWidth + sourceX]!;
    }
  }
  return plane;
}

/** The YUV4MPEG2 bytes of a few frames showing the PNG (grey: chroma planes at 128). */
export function qrVideo(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  const luma = lumaFrame(lumaOf(image), image.width, image.height);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma]);
  return Buffer.concat([header, ...Array.from({ length: frameCount }, () => frame)]);
}

/** Writes `videoFile` (.y4m) showing the QR code in `pngFile`. */
export async function writeQrVideo(pngFile: string, videoFile: string): Promise<void> {
  await writeFile(videoFile, qrVideo(await readFile(pngFile)));
}
