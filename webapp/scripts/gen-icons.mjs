// Draws the app's PNG icons (public/icon-192.png, public/icon-512.png) from the shapes of
// public/favicon.svg, for the web app manifest and notifications, which want bitmaps. Run with
// `node scripts/gen-icons.mjs` after changing the favicon.

import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

// favicon.svg, in its 32×32 view box.
const BLUE = [0x1c, 0x58, 0xd9];
const RADIUS = 7;
const STROKE = 2.5;
const LINES = [
  [7, 10, 25, 10],
  [9, 10, 9, 23],
  [16, 10, 16, 23],
  [23, 10, 23, 23],
  [6, 24, 26, 24],
];

function inRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, RADIUS), 32 - RADIUS);
  const cy = Math.min(Math.max(y, RADIUS), 32 - RADIUS);
  return x >= 0 && y >= 0 && x <= 32 && y <= 32 && (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

function onStroke(x, y) {
  return LINES.some(([x1, y1, x2, y2]) => {
    const [dx, dy] = [x2 - x1, y2 - y1];
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= (STROKE / 2) ** 2;
  });
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function icon(size) {
  const SS = 4; // samples per axis per pixel, for smooth edges
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let py = 0; py < size; py++) {
    const row = py * (1 + size * 4);
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = ((px + (sx + 0.5) / SS) * 32) / size;
          const y = ((py + (sy + 0.5) / SS) * 32) / size;
          if (!inRoundedSquare(x, y)) continue;
          cover++;
          if (onStroke(x, y)) white++;
        }
      }
      const o = row + 1 + px * 4;
      const w = cover ? white / cover : 0;
      for (let i = 0; i < 3; i++) rows[o + i] = Math.round(BLUE[i] + (255 - BLUE[i]) * w);
      rows[o + 3] = Math.round((255 * cover) / (SS * SS));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512]) {
  writeFileSync(new URL(`../public/icon-${size}.png`, import.meta.url), icon(size));
}
