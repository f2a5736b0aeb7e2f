// Images for the tests of image handling, made by sharp.
import sharp from 'sharp';

/**
 * A photo as a phone takes it: 300 × 200 stored sideways (EXIF orientation 6), with camera and GPS
 * tags. The left half is red and the right half blue, so upright (200 × 300) red is on top.
 */
export async function sidewaysPhoto(): Promise<Buffer> {
  const half = { width: 150, height: 200, channels: 3, background: '#ff0000' } as const;
  const blue = await sharp({ create: { ...half, background: '#0000ff' } })
    .png()
    .toBuffer();
  return sharp({ create: { ...half, width: 300 } })
    .composite([{ input: blue, left: 150, top: 0 }])
    .jpeg()
    .withExif({
      IFD0: { Make: 'Acme', Model: 'Phone 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSMapDatum: 'WGS-84' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}
