// @ts-check
// Generates the app icons in assets/ from one description of the mark (offline, with pngjs):
//   - icon.svg, the source of truth to look at;
//   - icons/<size>x<size>.png for 16…1024 (Linux, and the PNGs inside the two files below);
//   - icon.ico (Windows: PNG-compressed entries 16…256) and icon.icns (macOS: PNG entries 16…1024).
// The mark: two four-pointed stars (a large one and a small companion) in white on a rounded square
// in the app's accent, #2f7d6d. Run `node scripts/generateIcons.js` after changing it; the output is
// committed.
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

const assetsDirectory = path.resolve(__dirname, '..', 'assets');
const canvas = 1024;
const accent = [0x2f, 0x7d, 0x6d];
const white = [0xff, 0xff, 0xff];
const background = { inset: 64, radius: 200 };
const stars = [
  { cx: 460, cy: 560, outer: 330, inner: 88 },
  { cx: 740, cy: 300, outer: 130, inner: 36 },
];
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** The eight corners of a four-pointed star, pointing up, right, down and left. */
function starPoints({ cx, cy, outer, inner }) {
  /** @type {[number, number][]} */
  const points = [];
  for (let i = 0; i < 8; i++) {
    const angle = (Math.PI / 4) * i - Math.PI / 2;
    const radius = i % 2 === 0 ? outer : inner;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return points;
}

function svg() {
  const { inset, radius } = background;
  const side = canvas - 2 * inset;
  const polygons = stars
    .map((star) => starPoints(star).map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`))
    .map((points) => `  <polygon fill="#ffffff" points="${points.join(' ')}"/>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas}" height="${canvas}" viewBox="0 0 ${canvas} ${canvas}">`,
    '  <title>Starling</title>',
    `  <rect x="${inset}" y="${inset}" width="${side}" height="${side}" rx="${radius}" fill="#2f7d6d"/>`,
    ...polygons,
    '</svg>',
    '',
  ].join('\n');
}

/** @param {number} x @param {number} y @param {[number, number][]} polygon */
function insidePolygon(x, y, polygon) {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** @param {number} x @param {number} y */
function insideBackground(x, y) {
  const { inset, radius } = background;
  const low = inset + radius;
  const high = canvas - inset - radius;
  const dx = Math.max(low - x, 0, x - high);
  const dy = Math.max(low - y, 0, y - high);
  if (x < inset || x > canvas - inset || y < inset || y > canvas - inset) return false;
  return dx * dx + dy * dy <= radius * radius;
}

/** Renders the mark at `size` pixels, antialiased by 4×4 supersampling. @param {number} size */
function render(size) {
  const png = new PNG({ width: size, height: size });
  const polygons = stars.map(starPoints);
  const samples = 4;
  const scale = canvas / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let starCovered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          if (!insideBackground(x, y)) continue;
          covered++;
          if (polygons.some((polygon) => insidePolygon(x, y, polygon))) starCovered++;
        }
      }
      const offset = (py * size + px) * 4;
      const starShare = covered === 0 ? 0 : starCovered / covered;
      for (let c = 0; c < 3; c++) {
        png.data[offset + c] = Math.round(accent[c] * (1 - starShare) + white[c] * starShare);
      }
      png.data[offset + 3] = Math.round((covered / (samples * samples)) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** Windows icon: a directory of PNG-compressed images (allowed since Windows Vista). */
function ico(/** @type {Map<number, Buffer>} */ pngs) {
  const entries = [...pngs].filter(([size]) => size <= 256);
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(([size, data], index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size === 256 ? 0 : size, entry);
    header.writeUInt8(size === 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...entries.map(([, data]) => data)]);
}

/** macOS icon: PNG entries under their icns type codes. */
function icns(/** @type {Map<number, Buffer>} */ pngs) {
  /** @type {[string, number][]} */
  const types = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ];
  const chunks = types.map(([type, size]) => {
    const data = /** @type {Buffer} */ (pngs.get(size));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

function main() {
  mkdirSync(path.join(assetsDirectory, 'icons'), { recursive: true });
  writeFileSync(path.join(assetsDirectory, 'icon.svg'), svg());
  /** @type {Map<number, Buffer>} */
  const pngs = new Map();
  for (const size of sizes) {
    const data = render(size);
    pngs.set(size, data);
    writeFileSync(path.join(assetsDirectory, 'icons', `${size}x${size}.png`), data);
  }
  writeFileSync(path.join(assetsDirectory, 'icon.png'), /** @type {Buffer} */ (pngs.get(1024)));
  writeFileSync(path.join(assetsDirectory, 'icon.ico'), ico(pngs));
  writeFileSync(path.join(assetsDirectory, 'icon.icns'), icns(pngs));
  console.log(`icons written to assets/ (${sizes.join(', ')} px, icon.ico, icon.icns)`);
}

main();
