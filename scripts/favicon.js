#!/usr/bin/env node
// Writes apps/api/src/views/favicon.ico: a 32x32 32-bit BMP icon drawing favicon.svg's blue rounded
// square with a white "J" (no image tool needed). Run `node scripts/favicon.js <out.ico>` after
// changing the SVG's design; the .ico is checked in.
const { writeFileSync } = require('node:fs');
const N = 32;
const inRounded = (x, y) => {
  const r = 6;
  const cx = Math.min(Math.max(x, r), N - r),
    cy = Math.min(Math.max(y, r), N - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inJ = (x, y) =>
  (x >= 15 && x < 19.5 && y >= 6 && y < 20) ||
  (y >= 19 && (x - 12.5) ** 2 + (y - 19.5) ** 2 <= 42 && (x - 12.5) ** 2 + (y - 19.5) ** 2 >= 6.5 && x < 19.5 && y < 26.5);
const px = Buffer.alloc(N * N * 4);
for (let row = 0; row < N; row++)
  for (let x = 0; x < N; x++) {
    const y = N - 1 - row; // bottom-up
    const cxp = x + 0.5,
      cyp = y + 0.5;
    const o = (row * N + x) * 4;
    if (!inRounded(cxp, cyp)) continue; // transparent
    const white = inJ(cxp, cyp);
    px[o] = white ? 255 : 0x94;
    px[o + 1] = white ? 255 : 0x53;
    px[o + 2] = white ? 255 : 0x0b;
    px[o + 3] = 255;
  }
const mask = Buffer.alloc(N * 4); // AND mask: 32 px = 4 bytes a row, all 0 (alpha decides)
const info = Buffer.alloc(40);
info.writeUInt32LE(40, 0);
info.writeInt32LE(N, 4);
info.writeInt32LE(N * 2, 8);
info.writeUInt16LE(1, 12);
info.writeUInt16LE(32, 14);
info.writeUInt32LE(px.length + mask.length, 20);
const img = Buffer.concat([info, px, mask]);
const head = Buffer.alloc(6 + 16);
head.writeUInt16LE(0, 0);
head.writeUInt16LE(1, 2);
head.writeUInt16LE(1, 4);
head[6] = N;
head[7] = N;
head[8] = 0;
head[9] = 0;
head.writeUInt16LE(1, 10);
head.writeUInt16LE(32, 12);
head.writeUInt32LE(img.length, 14);
head.writeUInt32LE(22, 18);
writeFileSync(process.argv[2] ?? require('node:path').join(__dirname, '..', 'apps/api/src/views/favicon.ico'), Buffer.concat([head, img]));
