// Photo-like JPEGs for the images benchmark, made in a process of their own (`node imageSamples.js
// WIDTH HEIGHT` writes one to stdout), so that making them does not count in the peak RSS measured.
import { execFileSync } from 'node:child_process';

/** Smooth gradients with grain, at quality 90 with camera tags: neither flat nor pure noise. */
async function photo(width: number, height: number): Promise<Buffer> {
  // Loaded here only: the benchmark's own process loads sharp through the engine's code.
  const { default: sharp } = await import('sharp');
  const raw = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      const grain = (seed >> 16) % 24;
      const at = (y * width + x) * 3;
      raw[at] = ((x * 255) / width + grain) & 0xff;
      raw[at + 1] = ((y * 255) / height + grain) & 0xff;
      raw[at + 2] = (((x + y) * 128) / (width + height) + 64 + grain) & 0xff;
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'Acme', Model: 'Phone 9' } })
    .toBuffer();
}

/** A sample photo, made by a child process. */
export function samplePhoto(width: number, height: number): Buffer {
  return execFileSync(process.execPath, [__filename, String(width), String(height)], {
    maxBuffer: 64 * 2 ** 20,
  });
}

if (require.main === module) {
  const [width, height] = process.argv.slice(2).map(Number);
  void photo(width!, height!).then((jpeg) => process.stdout.write(jpeg));
}
