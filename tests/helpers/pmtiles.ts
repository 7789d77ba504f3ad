/**
 * A minimal PMTiles v3 writer for tests: one root directory, no leaves, tiles stored in tile-id
 * order, optionally gzip-compressed. Enough to build small archives the real reader must decode.
 */
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

export interface TestTile {
  z: number;
  x: number;
  y: number;
  data: Buffer;
}

function varints(values: number[]): Buffer {
  const out: number[] = [];
  for (let v of values) {
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  }
  return Buffer.from(out);
}

/** tileType: 1 MVT, 2 PNG, 3 JPEG, 4 WebP. tileCompression: 1 none, 2 gzip. */
export function writePmtiles(tiles: TestTile[], opts: { tileType: 1 | 2 | 3 | 4; tileCompression?: 1 | 2; metadata?: object }): Buffer {
  const compression = opts.tileCompression ?? 1;
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const blobs = sorted.map((t) => (compression === 2 ? gzipSync(t.data) : t.data));
  const offsets: number[] = [];
  let pos = 0;
  for (const b of blobs) {
    offsets.push(pos);
    pos += b.length;
  }
  let prev = 0;
  const dir = Buffer.concat([
    varints([sorted.length]),
    varints(
      sorted.map((t) => {
        const d = t.id - prev;
        prev = t.id;
        return d;
      }),
    ),
    varints(sorted.map(() => 1)),
    varints(blobs.map((b) => b.length)),
    varints(offsets.map((o) => o + 1)),
  ]);
  const meta = Buffer.from(JSON.stringify(opts.metadata ?? {}));
  const data = Buffer.concat(blobs);
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'ascii');
  h.writeUInt8(3, 7);
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, 127);
  u64(16, dir.length);
  u64(24, 127 + dir.length);
  u64(32, meta.length);
  u64(40, 127 + dir.length + meta.length);
  u64(48, 0);
  u64(56, 127 + dir.length + meta.length);
  u64(64, data.length);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  h.writeUInt8(1, 96);
  h.writeUInt8(1, 97);
  h.writeUInt8(compression, 98);
  h.writeUInt8(opts.tileType, 99);
  h.writeUInt8(Math.min(...tiles.map((t) => t.z)), 100);
  h.writeUInt8(Math.max(...tiles.map((t) => t.z)), 101);
  const e7 = (at: number, v: number) => h.writeInt32LE(Math.round(v * 1e7), at);
  e7(102, 113.15);
  e7(106, 39.93);
  e7(110, 113.45);
  e7(114, 40.23);
  h.writeUInt8(12, 118);
  e7(119, 113.3);
  e7(123, 40.08);
  return Buffer.concat([h, dir, meta, data]);
}

/** A 256 × 256 PNG of one colour (what a raster basemap tile looks like to the browser). */
export function solidPng(rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])));
    return Buffer.concat([len, Buffer.from(type, 'ascii'), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 3).map((_, i) => rgb[i % 3]!)]);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
