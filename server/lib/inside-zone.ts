/**
 * "This site lies in this zone" in the process, for the site check's in-memory zone index: the
 * same rule as insideZoneSql (inside-zone.sql.ts, read that first), decided the same way:
 *
 *   inside = the zone covers the point (edges and vertices included)
 *            OR its boundary is within ZONE_MARGIN_DEG in degrees AND within BOUNDARY_TOLERANCE_M
 *               in the local metric at the point (both axes scaled by the WGS84 metres per degree
 *               at the point's latitude, as the SQL's ST_Scale).
 *
 * "Covers" is exact: every orientation test is robust-predicates' orient2d (adaptive exact
 * arithmetic, as GEOS's robust orientation), so a point exactly on an edge or a vertex is on it, and
 * one a single ulp off is off it, as PostGIS says. The crossing count (even-odd over every ring of
 * every part, which for valid polygons and multipolygons is "in a shell and in no hole") takes only
 * the edges a ray from the point (towards the nearer side of the zone's box) can meet, from a static
 * R-tree of the edges (flatbush, queried through box-search.ts: no allocation per point).
 * Distances follow PostGIS's point–segment distance (projection clamped to the segment); they only
 * decide points within a millimetre of an edge, where floating-point noise is the tolerance's reason.
 * Most points need none of that: a cell of the zone's box that no edge comes near is wholly inside or
 * wholly outside, and is decided once, at its centre (Cells below).
 * tests/api/check-index.test.ts compares this with PostGIS on random polygons with holes, and
 * inside-zone.test.ts the cells' answers with the exact test's.
 */
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import { BoxSearch } from './box-search.ts';
import { A_PER_DEG, BOUNDARY_TOLERANCE_M, E2, ZONE_MARGIN_DEG } from './inside-zone.sql.ts';

/** A polygon or multipolygon ready for point queries: its vertices, edges and their R-tree. */
export interface ZoneShape {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** x, y of every vertex of every ring, rings one after another (each closed: last = first). */
  xy: Float64Array;
  /** Edge k runs from vertex from[k] to vertex from[k] + 1. */
  from: Uint32Array;
  /** R-tree of the edges' boxes (item k = edge k). */
  edges: Flatbush;
  /** The zone's box in cells, each decided on the first point that falls in it (insideZone). */
  cells: Cells;
}

/**
 * A grid over a zone's box. A cell no edge comes near — every edge's box at least twice the margin
 * away from the cell's, so no point of the cell is within the margin of an edge or on one — lies
 * wholly inside or wholly outside the zone (no boundary crosses it, so the even-odd count is the
 * same at every point of it): the exact test at its centre decides it for every point in it. A cell
 * an edge comes near is decided point by point. Each cell is looked at once, by the first point
 * that falls in it; most points then need one lookup instead of an edge-tree search.
 */
interface Cells {
  /** Cells along each axis. */
  n: number;
  /** Cell width and height in degrees. */
  w: number;
  h: number;
  /** CELL_UNKNOWN, CELL_INSIDE, CELL_OUTSIDE or CELL_MIXED, row by row from (minX, minY). */
  state: Uint8Array;
}

const CELL_UNKNOWN = 0;
const CELL_INSIDE = 1;
const CELL_OUTSIDE = 2;
const CELL_MIXED = 3;

/** About one edge per cell along the boundary: √edges cells a side, 8 to 64 (none for a box without area). */
function cellsFor(edgeCount: number, w: number, h: number): Cells {
  const n = w > 0 && h > 0 ? Math.min(64, Math.max(8, Math.ceil(Math.sqrt(edgeCount)))) : 0;
  return { n, w: w / n, h: h / n, state: new Uint8Array(n * n) };
}

/** A shape from its rings (each a flat closed x,y list), of one polygon or of all parts of a multipolygon. */
export function zoneShape(rings: readonly Float64Array[]): ZoneShape {
  let vertices = 0;
  let edgeCount = 0;
  for (const r of rings) {
    vertices += r.length / 2;
    edgeCount += Math.max(0, r.length / 2 - 1);
  }
  const xy = new Float64Array(vertices * 2);
  const from = new Uint32Array(edgeCount);
  const edges = new Flatbush(Math.max(1, edgeCount));
  let v = 0;
  let e = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings) {
    xy.set(r, v * 2);
    const n = r.length / 2;
    for (let i = 0; i < n; i++) {
      const x = r[2 * i]!;
      const y = r[2 * i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (i + 1 < n) {
        const x1 = r[2 * i + 2]!;
        const y1 = r[2 * i + 3]!;
        from[e++] = v + i;
        edges.add(Math.min(x, x1), Math.min(y, y1), Math.max(x, x1), Math.max(y, y1));
      }
    }
    v += n;
  }
  if (edgeCount === 0) edges.add(0, 0, 0, 0);
  edges.finish();
  return { minX, minY, maxX, maxY, xy, from, edges, cells: cellsFor(edgeCount, maxX - minX, maxY - minY) };
}

/** Metres per degree of longitude and latitude on the WGS84 ellipsoid at latitude `lat` (the SQL's kx, ky). */
function metresPerDegree(lat: number): [number, number] {
  const phi = (lat * Math.PI) / 180;
  const s = Math.sin(phi);
  const w = 1 - E2 * s * s;
  return [(A_PER_DEG * Math.cos(phi)) / Math.sqrt(w), (A_PER_DEG * (1 - E2)) / w ** 1.5];
}

/** PostGIS's distance from (px, py) to the segment (ax, ay)–(bx, by) (lw_dist2d_pt_seg). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  if (ax === bx && ay === by) return Math.hypot(px - ax, py - ay);
  const dx = bx - ax;
  const dy = by - ay;
  const r = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
  if (r < 0) return Math.hypot(px - ax, py - ay);
  if (r > 1) return Math.hypot(px - bx, py - by);
  if ((ay - py) * dx === (ax - px) * dy) return 0;
  const cx = ax + r * dx;
  const cy = ay + r * dy;
  return Math.sqrt((cx - px) * (cx - px) + (cy - py) * (cy - py));
}

/** The edges near the point or near the ray from it (its own buffers). */
const nearEdges = new BoxSearch();
/** Edges near a cell (its own buffers). */
const cellEdges = new BoxSearch();

/** True when the zone holds the point (x, y), boundary inclusive to the millimetre: insideZoneSql, in JS. */
export function insideZone(z: ZoneShape, x: number, y: number): boolean {
  const m = ZONE_MARGIN_DEG;
  if (x < z.minX - m || x > z.maxX + m || y < z.minY - m || y > z.maxY + m) return false;
  const { n, w, h, state } = z.cells;
  // within the margin around the box but outside it, or no cells: the exact test
  if (n === 0 || x < z.minX || x > z.maxX || y < z.minY || y > z.maxY) return insideExactly(z, x, y);
  const i = Math.min(n - 1, Math.floor((x - z.minX) / w));
  const j = Math.min(n - 1, Math.floor((y - z.minY) / h));
  const c = j * n + i;
  let s = state[c]!;
  if (s === CELL_UNKNOWN) {
    // twice the margin around the cell: a point rounded a hair outside its cell is still covered
    const [x0, y0] = [z.minX + i * w - 2 * m, z.minY + j * h - 2 * m];
    const [x1, y1] = [z.minX + (i + 1) * w + 2 * m, z.minY + (j + 1) * h + 2 * m];
    if (cellEdges.run(z.edges, x0, y0, x1, y1) > 0) s = CELL_MIXED;
    else s = insideExactly(z, z.minX + (i + 0.5) * w, z.minY + (j + 0.5) * h) ? CELL_INSIDE : CELL_OUTSIDE;
    state[c] = s;
  }
  return s === CELL_MIXED ? insideExactly(z, x, y) : s === CELL_INSIDE;
}

/** insideZone decided for the point itself, from the edges near it and those its ray crosses (no cells). */
export function insideExactly(z: ZoneShape, x: number, y: number): boolean {
  const m = ZONE_MARGIN_DEG;
  const { xy, from } = z;

  // One search finds both kinds of edges the answer needs: those within the margin of the point
  // (on one of them exactly: covered; within the tolerance of one, in degrees first, then in metres
  // at the point: inside) and those a ray from the point, towards the nearer side of the zone's
  // box, can meet (their crossing count decides otherwise). The box holding the margin square and
  // the ray finds both at the cost of one walk of the edge tree (the few edges it finds besides,
  // within the margin of the ray, fail both tests: a point on an edge or within the tolerance of one
  // lies in its margin square, and an edge the ray does not meet is not counted as crossed).
  const leftward = x - z.minX < z.maxX - x;
  const found = nearEdges.run(z.edges, leftward ? z.minX : x - m, y - m, leftward ? x + m : z.maxX, y + m);
  const edges = nearEdges.found;
  let nearEdge = false;
  let [kx, ky] = [0, 0];
  let crossings = 0;
  for (let j = 0; j < found; j++) {
    const a = from[edges[j]!]! * 2;
    const ax = xy[a]!;
    const ay = xy[a + 1]!;
    const bx = xy[a + 2]!;
    const by = xy[a + 3]!;
    const near = Math.max(ax, bx) >= x - m && Math.min(ax, bx) <= x + m && Math.max(ay, by) >= y - m && Math.min(ay, by) <= y + m;
    const straddles = ay > y !== by > y;
    if (!near && !straddles) continue;
    const o = orient2d(ax, ay, bx, by, x, y);
    if (near) {
      if (o === 0 && x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by)) return true;
      if (!nearEdge && segmentDistance(x, y, ax, ay, bx, by) <= m) {
        if (kx === 0) [kx, ky] = metresPerDegree(y);
        nearEdge = segmentDistance(x * kx, y * ky, ax * kx, ay * ky, bx * kx, by * ky) <= BOUNDARY_TOLERANCE_M;
      }
    }
    // inside: the ray crosses the rings an odd number of times (orient2d < 0: the point is left of
    // a→b; a rightward ray meets an upward edge that has the point on its left, a leftward ray one
    // that has it on its right)
    if (straddles && (by > ay === leftward ? o > 0 : o < 0)) crossings++;
  }
  return nearEdge || crossings % 2 === 1;
}
