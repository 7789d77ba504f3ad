/**
 * GeoJSON geometry → hex EWKB with SRID 4326, the form PostGIS reads fastest (COPY input). Doubles
 * are written bit for bit, so the stored coordinates are exactly the JS numbers. 2-D only: returns
 * undefined for anything else (a position with a third value, an unknown type), and the caller
 * takes its GeoJSON path instead.
 */
const SRID_FLAG = 0x20000000;
const TYPES: Record<string, number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 };

type Positions = number[] | Positions[];

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private at = 0;
  private room(n: number) {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  u8(v: number) {
    this.room(1);
    this.buf.writeUInt8(v, this.at);
    this.at += 1;
  }
  u32(v: number) {
    this.room(4);
    this.buf.writeUInt32LE(v, this.at);
    this.at += 4;
  }
  f64(v: number) {
    this.room(8);
    this.buf.writeDoubleLE(v, this.at);
    this.at += 8;
  }
  hex() {
    return this.buf.toString('hex', 0, this.at);
  }
}

function point(w: Writer, p: unknown): boolean {
  if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return false;
  w.f64(p[0]);
  w.f64(p[1]);
  return true;
}

function list(w: Writer, items: unknown, each: (item: unknown) => boolean): boolean {
  if (!Array.isArray(items)) return false;
  w.u32(items.length);
  return items.every(each);
}

function body(w: Writer, type: string, c: unknown, srid?: number): boolean {
  const code = TYPES[type];
  if (code === undefined) return false;
  w.u8(1); // little-endian
  w.u32(srid === undefined ? code : code | SRID_FLAG);
  if (srid !== undefined) w.u32(srid);
  const line = (l: unknown) => list(w, l, (p) => point(w, p));
  const poly = (r: unknown) => list(w, r, line);
  switch (type) {
    case 'Point':
      return point(w, c);
    case 'LineString':
      return line(c);
    case 'Polygon':
      return poly(c);
    case 'MultiPoint':
      return list(w, c, (p) => body(w, 'Point', p));
    case 'MultiLineString':
      return list(w, c, (l) => body(w, 'LineString', l));
    default:
      return list(w, c, (r) => body(w, 'Polygon', r));
  }
}

/** One point's EWKB (byte order, type with the SRID flag, SRID, x, y), rewritten for each point. */
const POINT = Buffer.alloc(25);

/** The common case of a bulk load (a million sites), without a writer and its closures. */
function pointHex(c: unknown, srid: number): string | undefined {
  if (!Array.isArray(c) || c.length !== 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') return undefined;
  POINT.writeUInt8(1, 0);
  POINT.writeUInt32LE(TYPES.Point! | SRID_FLAG, 1);
  POINT.writeUInt32LE(srid, 5);
  POINT.writeDoubleLE(c[0], 9);
  POINT.writeDoubleLE(c[1], 17);
  return POINT.toString('hex');
}

export function toEwkbHex(geometry: unknown, srid = 4326): string | undefined {
  const g = geometry as { type?: unknown; coordinates?: Positions } | null;
  if (!g || typeof g.type !== 'string') return undefined;
  if (g.type === 'Point') return pointHex(g.coordinates, srid);
  const w = new Writer();
  return body(w, g.type, g.coordinates, srid) ? w.hex() : undefined;
}
