/**
 * Metres from a point to the nearest zone boundary, in the process (the site check's and batch
 * screening's distances), measured as the SQL measured them before (distance.repo.ts, now the bench's
 * floor): every edge — a straight line in longitude/latitude, the boundary the check decides against —
 * cut into pieces of at most SEGMENT_DEG as ST_Segmentize cuts it (equal parts), projected to the
 * EPSG:4547 grid (proj4, the same Gauss–Krüger definition as PostGIS's, equal to it to 1e-9 m here),
 * the planar point–segment distance taken there and the grid's scale factor taken out (gridToGround).
 * Within a few centimetres of PostGIS geography inside the district; tests/api/distance-index.test.ts
 * holds it to ±0.5 m of geography on random polygons on both databases.
 *
 * The search: a static R-tree (flatbush) of the pieces' boxes in grid metres. `neighbors` hands the
 * pieces over by increasing box distance; each is measured exactly, and the search ends once the next
 * box lies farther than the nearest piece found (a box is never farther than its piece). flatbush
 * cannot be asked to continue a search, so it is asked again for four times as many pieces until that
 * holds: the pieces measured are about those whose box is nearer than the answer, however large the
 * zone (measuring every piece within a square of the first piece's distance read thousands of pieces
 * for a point deep inside a many-vertex zone).
 */
import Flatbush from 'flatbush';
import proj4 from 'proj4';
import './crs.ts'; // defines EPSG:4547 for proj4

/**
 * The zones are EPSG:4326 polygons whose edges are straight in longitude/latitude. A long east–west
 * edge bows ≈ 1.6 m (10 km edge) away from the EPSG:4547 straight line, so it is cut into pieces of
 * ≤ 0.005° (≈ 500 m, bow < 5 mm) before it is projected.
 */
export const SEGMENT_DEG = 0.005;

const toGrid = proj4('EPSG:4326', 'EPSG:4547');

/** WGS84 longitude/latitude → EPSG:4547 easting/northing (metres). */
export function gridPoint(lng: number, lat: number): [number, number] {
  return toGrid.forward([lng, lat]) as [number, number];
}

/** Gaussian mean radius of GRS80 at Pingcheng's latitude (40.1°N), metres. */
const R = 6_374_600;
/** EPSG:4547's false easting; eastings are measured from the central meridian 114°E. */
const FALSE_EASTING = 500_000;

/**
 * Grid distance → distance on the ellipsoid. A Gauss–Krüger grid with scale 1 on the central
 * meridian stretches a line by k = 1 + (E1² + E1·E2 + E2²) / 6R² (E from the meridian): ≈ 5·10⁻⁵
 * at Pingcheng (≈ 60 km west of 114°E), half a metre over 10 km, taken out here (left: < 1 mm/km).
 */
function gridToGround(d: number, x1: number, x2: number): number {
  const e1 = x1 - FALSE_EASTING;
  const e2 = x2 - FALSE_EASTING;
  return d / (1 + (e1 * e1 + e1 * e2 + e2 * e2) / (6 * R * R));
}

/** The boundaries of a layer's zones on the grid, ready for nearest-boundary queries. */
export interface Boundaries {
  /** Pieces: x0, y0, x1, y1 of piece k at 4k; each zone's pieces one after another. */
  seg: Float64Array;
  /** Zone k's pieces are start[k] … start[k + 1] − 1. */
  start: Uint32Array;
  /** R-tree of every piece's box (item k = piece k); undefined when the layer has no edges. */
  tree: Flatbush | undefined;
  /**
   * One R-tree per zone (item j = piece start[k] + j), built on the first question about that zone
   * alone: filtering the layer's tree by zone would walk most of its nodes to find one zone's nearest
   * piece among hundreds of thousands (10 000 depths in a 1 000-zone layer took 10 s that way).
   */
  zoneTrees: (Flatbush | undefined)[];
}

/** Rings of one zone: vertices x, y (lng, lat) of every ring one after another; edge k from vertex from[k] to from[k] + 1. */
export interface ZoneEdges {
  xy: Float64Array;
  from: Uint32Array;
}

/** The grid pieces of every edge of the zones (zone k = zones[k]). */
export function layerBoundaries(zones: readonly ZoneEdges[]): Boundaries {
  const seg: number[] = [];
  const start = new Uint32Array(zones.length + 1);
  for (const [k, { xy, from }] of zones.entries()) {
    start[k] = seg.length / 4;
    const grid = new Float64Array(xy.length);
    for (let v = 0; v < xy.length; v += 2) {
      const [x, y] = gridPoint(xy[v]!, xy[v + 1]!);
      grid[v] = x;
      grid[v + 1] = y;
    }
    for (const f of from) {
      const a = f * 2;
      const ax = xy[a]!;
      const ay = xy[a + 1]!;
      const dx = xy[a + 2]! - ax;
      const dy = xy[a + 3]! - ay;
      // ST_Segmentize: ceil(length / max) equal parts of an edge longer than the maximum
      const len = Math.hypot(dx, dy);
      const parts = len > SEGMENT_DEG ? Math.ceil(len / SEGMENT_DEG) : 1;
      let px = grid[a]!;
      let py = grid[a + 1]!;
      for (let j = 1; j <= parts; j++) {
        const [qx, qy] = j === parts ? [grid[a + 2]!, grid[a + 3]!] : gridPoint(ax + (dx * j) / parts, ay + (dy * j) / parts);
        seg.push(px, py, qx, qy);
        px = qx;
        py = qy;
      }
    }
  }
  start[zones.length] = seg.length / 4;
  const pieces = Float64Array.from(seg);
  return { seg: pieces, start, tree: piecesTree(pieces, 0, pieces.length / 4), zoneTrees: [] };
}

/** An R-tree of the boxes of pieces from … to − 1 (item j = piece from + j); undefined when there are none. */
function piecesTree(seg: Float64Array, from: number, to: number): Flatbush | undefined {
  if (to <= from) return undefined;
  const tree = new Flatbush(to - from);
  for (let k = from; k < to; k++) {
    const [x0, y0, x1, y1] = [seg[4 * k]!, seg[4 * k + 1]!, seg[4 * k + 2]!, seg[4 * k + 3]!];
    tree.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  }
  tree.finish();
  return tree;
}

/**
 * Ground metres from the grid point (x, y) to the nearest boundary of the layer's zones, or of zone
 * `only` alone (its position in the layer); undefined when there is no such boundary.
 */
export function nearestBoundary(b: Boundaries, x: number, y: number, only?: number): number | undefined {
  const { seg, start } = b;
  let tree = b.tree;
  let offset = 0;
  if (only !== undefined) {
    if (!(only in b.zoneTrees)) b.zoneTrees[only] = piecesTree(seg, start[only]!, start[only + 1]!);
    tree = b.zoneTrees[only];
    offset = start[only]!;
  }
  if (!tree) return undefined;
  // squared grid distance and the nearest point's easting of the best piece so far
  let best = Infinity;
  let bestX = x;
  const measure = (k: number) => {
    const ax = seg[4 * k]!;
    const ay = seg[4 * k + 1]!;
    const dx = seg[4 * k + 2]! - ax;
    const dy = seg[4 * k + 3]! - ay;
    const l2 = dx * dx + dy * dy;
    const r = l2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2));
    const cx = ax + r * dx;
    const cy = ay + r * dy;
    const d2 = (cx - x) * (cx - x) + (cy - y) * (cy - y);
    if (d2 < best) {
      best = d2;
      bestX = cx;
    }
  };
  /** Squared distance from the point to piece k's box (what flatbush orders by). */
  const boxDistance2 = (k: number) => {
    const [x0, y0, x1, y1] = [seg[4 * k]!, seg[4 * k + 1]!, seg[4 * k + 2]!, seg[4 * k + 3]!];
    const ex = Math.max(Math.min(x0, x1) - x, x - Math.max(x0, x1), 0);
    const ey = Math.max(Math.min(y0, y1) - y, y - Math.max(y0, y1), 0);
    return ex * ex + ey * ey;
  };
  for (let wanted = 16; ; wanted *= 4) {
    const ids = tree.neighbors(x, y, wanted);
    for (const j of ids) measure(offset + j);
    const last = ids.at(-1);
    if (last === undefined) return undefined;
    if (ids.length < wanted || boxDistance2(offset + last) >= best) break;
  }
  return gridToGround(Math.sqrt(best), x, bestX);
}
