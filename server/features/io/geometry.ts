/**
 * Geometry plumbing between a reader's raw output and the layer's validation: collapse the shapes
 * formats produce for ours (KML MultiGeometry → MultiPolygon, one-point MultiPoint → Point), drop
 * Z/M (the column is 2D), and map every position through the CRS conversion.
 */
import type { RawGeometry } from './io.types.ts';

export type Pos = [number, number];
export type Geometry =
  | { type: 'Point'; coordinates: Pos }
  | { type: 'MultiPoint' | 'LineString'; coordinates: Pos[] }
  | { type: 'Polygon' | 'MultiLineString'; coordinates: Pos[][] }
  | { type: 'MultiPolygon'; coordinates: Pos[][][] };

export type Normalised = { ok: true; geometry: Geometry } | { ok: false; code: 'MALFORMED_GEOMETRY' | 'GEOMETRY_TYPE'; reason: string };

const DEPTH: Record<Geometry['type'], number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  Polygon: 2,
  MultiLineString: 2,
  MultiPolygon: 3,
};

/** Checks nesting and numbers at the expected depth and returns 2D positions; undefined if malformed. */
function coords(c: unknown, depth: number): unknown {
  if (!Array.isArray(c)) return undefined;
  if (depth === 0) {
    const [a, b] = c as unknown[];
    return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
  }
  const out: unknown[] = [];
  for (const item of c) {
    const v = coords(item, depth - 1);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** GeometryCollections nested deeper than this are refused (no real file nests; a hostile one overflows the stack). */
const MAX_COLLECTION_DEPTH = 16;

export function normaliseGeometry(g: RawGeometry, nesting = 0): Normalised {
  if (g.type === 'GeometryCollection') {
    if (nesting >= MAX_COLLECTION_DEPTH)
      return { ok: false, code: 'MALFORMED_GEOMETRY', reason: `GeometryCollection nested deeper than ${MAX_COLLECTION_DEPTH} levels` };
    const members: unknown = g.geometries ?? [];
    if (!Array.isArray(members)) return { ok: false, code: 'MALFORMED_GEOMETRY', reason: 'GeometryCollection geometries is not an array' };
    const parts = (members as RawGeometry[]).map((m) =>
      m && typeof m === 'object'
        ? normaliseGeometry(m, nesting + 1)
        : ({ ok: false, code: 'MALFORMED_GEOMETRY', reason: 'a GeometryCollection member is not a geometry' } as const),
    );
    const bad = parts.find((p) => !p.ok);
    if (bad) return bad;
    const geoms = parts.map((p) => (p as { geometry: Geometry }).geometry);
    if (geoms.length === 1) return { ok: true, geometry: geoms[0]! };
    if (geoms.length > 0 && geoms.every((x) => x.type === 'Polygon' || x.type === 'MultiPolygon'))
      return {
        ok: true,
        geometry: { type: 'MultiPolygon', coordinates: geoms.flatMap((x) => (x.type === 'Polygon' ? [x.coordinates] : (x.coordinates as Pos[][][]))) },
      };
    return { ok: false, code: 'GEOMETRY_TYPE', reason: `a GeometryCollection of ${[...new Set(geoms.map((x) => x.type))].join(', ') || 'nothing'}` };
  }
  if (!(g.type in DEPTH)) return { ok: false, code: 'MALFORMED_GEOMETRY', reason: `unknown geometry type ${String(g.type).slice(0, 40)}` };
  const type = g.type as Geometry['type'];
  const c = coords(g.coordinates, DEPTH[type]);
  if (c === undefined) return { ok: false, code: 'MALFORMED_GEOMETRY', reason: `${type} coordinates are not numbers at the expected nesting` };
  if (type === 'MultiPoint' && (c as Pos[]).length === 1) return { ok: true, geometry: { type: 'Point', coordinates: (c as Pos[])[0]! } };
  return { ok: true, geometry: { type, coordinates: c } as Geometry };
}

export function mapPositions(g: Geometry, fn: (p: Pos) => Pos): Geometry {
  const walk = (c: unknown, depth: number): unknown => (depth === 0 ? fn(c as Pos) : (c as unknown[]).map((x) => walk(x, depth - 1)));
  return { type: g.type, coordinates: walk(g.coordinates, DEPTH[g.type]) } as Geometry;
}

/**
 * Calls `fn` with every position in order until it returns false. A plain recursion, not a
 * generator: the importer visits every vertex three times per feature (count, bbox, first), and
 * the generators' per-position objects were about a third of its validation CPU on 100 000 points.
 */
export function eachPosition(g: Geometry, fn: (p: Pos) => boolean | undefined): void {
  const walk = (c: unknown, depth: number): boolean => {
    if (depth === 0) return fn(c as Pos) !== false;
    for (const x of c as unknown[]) if (!walk(x, depth - 1)) return false;
    return true;
  };
  walk(g.coordinates, DEPTH[g.type]);
}

/** How many positions, counting no further than `limit + 1`. */
export function vertexCount(g: Geometry, limit: number): number {
  let n = 0;
  eachPosition(g, () => ++n <= limit);
  return n;
}

/** A representative position (first vertex): enough for CRS and axis-order sampling. */
export function firstPosition(g: Geometry): Pos | undefined {
  let first: Pos | undefined;
  eachPosition(g, (p) => {
    first = p;
    return false;
  });
  return first;
}

export function bboxOf(g: Geometry): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  eachPosition(g, ([x, y]) => {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
    return true;
  });
  return [x0, y0, x1, y1];
}

/** Twice the signed area of a ring (shoelace): > 0 counter-clockwise. */
export function ringArea2(ring: readonly Pos[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return s;
}

/**
 * RFC 7946 winding: exterior rings counter-clockwise, holes clockwise. Shapefiles store the opposite
 * and KML either, so every import is rewound: the same polygon is stored the same way whatever
 * format it came in (and a round trip returns the identical vertex order).
 */
export function rewind(g: Geometry): Geometry {
  const fix = (rings: Pos[][]) => rings.map((r, i) => (ringArea2(r) > 0 === (i === 0) ? r : [...r].reverse()));
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: fix(g.coordinates) };
  if (g.type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: g.coordinates.map(fix) };
  return g;
}
