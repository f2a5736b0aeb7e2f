// Images (issue #16): what a photo costs the engine. A 4000 × 3000 JPEG as a phone writes it (quality
// 90, a few MB) is thumbnailed for the timeline and prepared for sending (metadata dropped,
// re-encoded; a 6000 × 4000 one also scaled to 4096 px). sharp does the work on libuv's threads.
// The photos are made in a child process, so the peak RSS is the processing's.
import { prepareOutgoingImage, thumbnailOf } from '../core/attachments/imageProcessing';
import { samplePhoto } from './imageSamples';
import { measure, printTable } from './measure';

const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The process's peak RSS so far (bytes). */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

export async function imagesBenchmark(): Promise<void> {
  const [tiny, fourK, sixK] = [samplePhoto(64, 48), samplePhoto(4000, 3000), samplePhoto(6000, 4000)];
  const rssBefore = process.memoryUsage().rss;
  const firstStarted = performance.now();
  await thumbnailOf(tiny);
  const firstMs = performance.now() - firstStarted;

  // Peaks only grow, so the cheapest work goes first. They are the process's own: run
  // `npm run bench -- images` alone for these figures.
  const thumbnails = await measure(
    `thumbnail of a 4000 × 3000 JPEG (${(fourK.length / 1e6).toFixed(1)} MB) → 200 px WebP`,
    20,
    () => thumbnailOf(fourK),
  );
  const afterThumbnails = peakRss();
  const onceStarted = performance.now();
  await prepareOutgoingImage(fourK, 'image/jpeg');
  const onceMs = performance.now() - onceStarted;
  const afterOnePrepare = peakRss();
  const prepares = [
    await measure('prepare a 4000 × 3000 JPEG to send (upright, no metadata, quality 90)', 20, () =>
      prepareOutgoingImage(fourK, 'image/jpeg'),
    ),
    await measure(`prepare a 6000 × 4000 JPEG (${(sixK.length / 1e6).toFixed(1)} MB) → 4096 × 2731`, 10, () =>
      prepareOutgoingImage(sixK, 'image/jpeg'),
    ),
  ];
  printTable('Images (sharp 0.35.5, libvips on libuv threads)', [thumbnails, ...prepares]);
  console.log(
    `first image (loads sharp and libvips, 64 × 48 thumbnail): ${firstMs.toFixed(0)} ms; ` +
      `the first prepare of the 4000 × 3000 JPEG: ${onceMs.toFixed(0)} ms`,
  );
  // Repeated full-size encodes grow the peak beyond one image's need: glibc's per-thread arenas fragment.
  console.log(
    `RSS ${mebibytes(rssBefore)} before; peak ${mebibytes(afterThumbnails)} after the thumbnails, ` +
      `${mebibytes(afterOnePrepare)} after one prepare, ${mebibytes(peakRss())} after all prepares`,
  );
}
