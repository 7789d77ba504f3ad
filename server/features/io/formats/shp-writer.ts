/**
 * Writes a Shapefile (.shp, .shx, .dbf) from streamed features with flat memory: geometry records
 * go straight to disk; attribute rows go to a scratch file, because a DBF header must state each
 * column's width before the first record and widths are only known after the last one.
 * Polygons follow the Shapefile ring rule (outer rings clockwise, holes counter-clockwise); text is
 * UTF-8 (declared by the .cpg beside it), cut at a character boundary at 254 bytes.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Position } from 'geojson';
import type { AttributeDef } from '../../layers/catalogue/index.ts';
import { ringArea2, type Pos } from '../geometry.ts';

export type ShpGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** Buffered sequential writer over a file handle (one write per ~1 MB). */
class Sink {
  private parts: Buffer[] = [];
  private size = 0;
  length = 0;
  constructor(readonly fh: FileHandle) {}
  async write(b: Buffer) {
    this.parts.push(b);
    this.size += b.length;
    this.length += b.length;
    if (this.size > 1 << 20) await this.flush();
  }
  async flush() {
    if (this.size === 0) return;
    await this.fh.write(Buffer.concat(this.parts));
    this.parts = [];
    this.size = 0;
  }
}

function header(shapeType: number, fileBytes: number, bbox: number[]): Buffer {
  const b = Buffer.alloc(100);
  b.writeInt32BE(9994, 0);
  b.writeInt32BE(fileBytes / 2, 24);
  b.writeInt32LE(1000, 28);
  b.writeInt32LE(shapeType, 32);
  bbox.forEach((v, i) => {
    b.writeDoubleLE(v, 36 + i * 8);
  });
  return b;
}

function pointContent(p: Position): Buffer {
  const b = Buffer.alloc(20);
  b.writeInt32LE(1, 0);
  b.writeDoubleLE(p[0]!, 4);
  b.writeDoubleLE(p[1]!, 12);
  return b;
}

function polygonContent(polys: Position[][][]): { content: Buffer; bbox: number[] } {
  const rings = polys.flatMap((rs) =>
    rs.map((r, i) => {
      const cw = ringArea2(r as Pos[]) < 0;
      return (i === 0) === cw ? r : [...r].reverse(); // outer: clockwise; holes: counter-clockwise
    }),
  );
  const nPoints = rings.reduce((s, r) => s + r.length, 0);
  const b = Buffer.alloc(44 + 4 * rings.length + 16 * nPoints);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  b.writeInt32LE(5, 0);
  b.writeInt32LE(rings.length, 36);
  b.writeInt32LE(nPoints, 40);
  let o = 44 + 4 * rings.length;
  let start = 0;
  rings.forEach((r, i) => {
    b.writeInt32LE(start, 44 + 4 * i);
    start += r.length;
    for (const [x, y] of r as Pos[]) {
      b.writeDoubleLE(x, o);
      b.writeDoubleLE(y, o + 8);
      o += 16;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  });
  [x0, y0, x1, y1].forEach((v, i) => {
    b.writeDoubleLE(v, 4 + i * 8);
  });
  return { content: b, bbox: [x0, y0, x1, y1] };
}

export interface DbfField {
  name: string;
  kind: AttributeDef['type'] | 'name';
  key: string;
}

interface ColumnStats {
  width: number;
  decimals: number;
}

const fractionDigits = (n: number) => {
  const s = String(n);
  return s.includes('e') ? 15 : (s.split('.')[1] ?? '').length;
};

const utf8Cut = (s: string, max: number): Buffer => {
  let b = Buffer.from(s, 'utf8');
  if (b.length <= max) return b;
  let end = max;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--; // do not split a multi-byte character
  b = b.subarray(0, end);
  return b;
};

const isNumeric = (k: DbfField['kind']) => k === 'number' || k === 'integer';
const isLogical = (k: DbfField['kind']) => k === 'boolean';

function cell(f: DbfField, s: ColumnStats, v: unknown): Buffer {
  if (v === null || v === undefined) return Buffer.from((isLogical(f.kind) ? '?' : '').padEnd(s.width, ' '), 'latin1');
  if (isLogical(f.kind)) return Buffer.from(v ? 'T' : 'F', 'latin1');
  if (f.kind === 'date') return Buffer.from(String(v).replace(/-/g, '').padEnd(8, ' ').slice(0, 8), 'latin1');
  if (isNumeric(f.kind)) return Buffer.from((v as number).toFixed(s.decimals).padStart(s.width, ' '), 'latin1');
  const text = utf8Cut(String(v), s.width);
  return Buffer.concat([text, Buffer.alloc(s.width - text.length, 0x20)]);
}

export interface ShapefileParts {
  shp: string;
  shx: string;
  dbf: string;
  scratch: string;
}

/**
 * Writes the three files at the given paths from features (GeoJSON geometry + attribute values in
 * `fields` order). Returns the number of records.
 */
export async function writeShapefile(
  paths: ShapefileParts,
  shapeType: 1 | 5,
  fields: readonly DbfField[],
  features: AsyncIterable<{ geometry: ShpGeometry; values: unknown[] }>,
): Promise<number> {
  const stats: ColumnStats[] = fields.map((f) => ({ width: f.kind === 'date' ? 8 : 1, decimals: 0 }));
  const [shpFh, shxFh, rowsFh] = await Promise.all([open(paths.shp, 'w'), open(paths.shx, 'w'), open(paths.scratch, 'w')]);
  const shp = new Sink(shpFh);
  const shx = new Sink(shxFh);
  const rows = new Sink(rowsFh);
  let n = 0;
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  try {
    await shp.write(Buffer.alloc(100));
    await shx.write(Buffer.alloc(100));
    for await (const { geometry: g, values } of features) {
      let content: Buffer;
      let box: number[];
      if (g.type === 'Point') {
        content = pointContent(g.coordinates);
        box = [g.coordinates[0]!, g.coordinates[1]!, g.coordinates[0]!, g.coordinates[1]!];
      } else {
        const p = polygonContent(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
        content = p.content;
        box = p.bbox;
      }
      for (let i = 0; i < 2; i++) bbox[i] = Math.min(bbox[i]!, box[i]!);
      for (let i = 2; i < 4; i++) bbox[i] = Math.max(bbox[i]!, box[i]!);
      const rec = Buffer.alloc(8);
      rec.writeInt32BE(++n, 0);
      rec.writeInt32BE(content.length / 2, 4);
      const idx = Buffer.alloc(8);
      idx.writeInt32BE(shp.length / 2, 0);
      idx.writeInt32BE(content.length / 2, 4);
      await shp.write(rec);
      await shp.write(content);
      await shx.write(idx);
      values.forEach((v, i) => {
        if (v === null || v === undefined) return;
        const f = fields[i]!;
        const s = stats[i]!;
        if (isNumeric(f.kind)) {
          s.decimals = f.kind === 'integer' ? 0 : Math.max(s.decimals, Math.min(15, fractionDigits(v as number)));
          s.width = Math.max(s.width, (v as number).toFixed(s.decimals).length);
        } else if (!isLogical(f.kind) && f.kind !== 'date') s.width = Math.min(254, Math.max(s.width, Buffer.byteLength(String(v), 'utf8')));
      });
      await rows.write(Buffer.from(`${JSON.stringify(values)}\n`));
    }
    await Promise.all([shp.flush(), shx.flush(), rows.flush()]);
    const box = n === 0 ? [0, 0, 0, 0] : bbox;
    await shpFh.write(header(shapeType, shp.length, box), 0, 100, 0);
    await shxFh.write(header(shapeType, shx.length, box), 0, 100, 0);
  } finally {
    await Promise.all([shpFh.close(), shxFh.close(), rowsFh.close()]);
  }
  if (fields.some((f) => f.kind === 'number')) await widenNumbers(paths.scratch, fields, stats);
  await writeDbf(paths.dbf, paths.scratch, fields, stats, n);
  return n;
}

/** A value measured before its column's decimals grew is wider now; one cheap pass fixes widths. */
async function widenNumbers(scratch: string, fields: readonly DbfField[], stats: ColumnStats[]) {
  for await (const line of createInterface({ input: createReadStream(scratch), crlfDelay: Infinity })) {
    if (!line) continue;
    (JSON.parse(line) as unknown[]).forEach((v, i) => {
      if (fields[i]!.kind === 'number' && typeof v === 'number') stats[i]!.width = Math.max(stats[i]!.width, v.toFixed(stats[i]!.decimals).length);
    });
  }
}

async function writeDbf(path: string, scratch: string, fields: readonly DbfField[], stats: ColumnStats[], n: number) {
  const fh = await open(path, 'w');
  const out = new Sink(fh);
  try {
    const headerLength = 32 + 32 * fields.length + 1;
    const recordLength = 1 + stats.reduce((s, c) => s + c.width, 0);
    const h = Buffer.alloc(headerLength);
    const now = new Date();
    h.writeUInt8(0x03, 0);
    h.writeUInt8(now.getUTCFullYear() - 1900, 1);
    h.writeUInt8(now.getUTCMonth() + 1, 2);
    h.writeUInt8(now.getUTCDate(), 3);
    h.writeUInt32LE(n, 4);
    h.writeUInt16LE(headerLength, 8);
    h.writeUInt16LE(recordLength, 10);
    fields.forEach((f, i) => {
      const o = 32 + 32 * i;
      h.write(f.name, o, 10, 'latin1');
      const type = isNumeric(f.kind) ? 'N' : isLogical(f.kind) ? 'L' : f.kind === 'date' ? 'D' : 'C';
      h.write(type, o + 11, 1, 'latin1');
      h.writeUInt8(stats[i]!.width, o + 16);
      h.writeUInt8(stats[i]!.decimals, o + 17);
    });
    h.writeUInt8(0x0d, headerLength - 1);
    await out.write(h);
    for await (const line of createInterface({ input: createReadStream(scratch), crlfDelay: Infinity })) {
      if (!line) continue;
      const values = JSON.parse(line) as unknown[];
      await out.write(Buffer.concat([Buffer.from([0x20]), ...fields.map((f, i) => cell(f, stats[i]!, values[i]))]));
    }
    await out.write(Buffer.from([0x1a]));
    await out.flush();
  } finally {
    await fh.close();
  }
}
