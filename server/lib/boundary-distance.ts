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
 * The search, best first, never measuring every piece: the depth inside one zone walks that zone's
 * pieces as runs along its rings (boundary-runs.ts: each run bounded by a thin capsule, where a box
 * of a curving boundary is as wide as it is long, and an R-tree of the pieces' boxes opened ~50
 * nodes for a point deep inside the 50 000-vertex zone). The nearest boundary of a whole layer (a
 * point outside its zones) walks an R-tree (flatbush) of the zones' boxes in grid metres, nearest
 * box first, each zone through its runs, and ends once the next box lies no nearer than the nearest
 * piece found (a zone's box is never farther than its pieces). flatbush's own `neighbors` cannot be
 * told to stop at the nearest piece found so far. Every search starts from the nearest piece of the
 * last one in the same place (lastNearest), near the answer when the points come in curve order.
 */
import Flatbush from 'flatbush';
import proj4 from 'proj4';
import './crs.ts'; // defines EPSG:4547 for proj4
import { childrenEnd } from './box-search.ts';
import { type BoundaryRuns, boundaryRuns, nearestRun, type RunHit } from './boundary-runs.ts';
import { TypedMinHeap } from './typed-heap.ts';

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
  /** Zone k's pieces' box on the grid: minX, minY, maxX, maxY at 4k (depthBound). */
  box: Float64Array;
  /**
   * R-tree of the boxes of the zones with pieces (item j = zone zoneOfItem[j]); undefined when the
   * layer has no edges. The nearest boundary of the whole layer searches the zones nearest by box
   * first, each through its runs.
   */
  zoneTree: Flatbush | undefined;
  zoneOfItem: Uint32Array;
  /**
   * Each zone's pieces as runs (boundary-runs.ts), built on the first question about that zone
   * alone: filtering the layer's tree by zone would walk most of its nodes to find one zone's nearest
   * piece among hundreds of thousands (10 000 depths in a 1 000-zone layer took 10 s that way).
   */
  zoneRuns: (BoundaryRuns | undefined)[];
  /**
   * The nearest piece the last search found, per zone (at k) and for the whole layer (at the
   * zones' count), or −1: batch screening asks about points in curve order (spatial-order.ts), so
   * the last point's nearest piece is near the next point's and bounds its answer from the start.
   */
  lastNearest: Int32Array;
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
  const box = new Float64Array(zones.length * 4);
  for (let k = 0; k < zones.length; k++) {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let j = 4 * start[k]!; j < 4 * start[k + 1]!; j += 2) {
      minX = Math.min(minX, pieces[j]!);
      maxX = Math.max(maxX, pieces[j]!);
      minY = Math.min(minY, pieces[j + 1]!);
      maxY = Math.max(maxY, pieces[j + 1]!);
    }
    box.set([minX, minY, maxX, maxY], 4 * k);
  }
  const zoneOfItem = Uint32Array.from(zones.keys()).filter((k) => start[k + 1]! > start[k]!);
  let zoneTree: Flatbush | undefined;
  if (zoneOfItem.length > 0) {
    zoneTree = new Flatbush(zoneOfItem.length);
    for (const k of zoneOfItem) zoneTree.add(box[4 * k]!, box[4 * k + 1]!, box[4 * k + 2]!, box[4 * k + 3]!);
    zoneTree.finish();
  }
  return { seg: pieces, start, box, zoneTree, zoneOfItem, zoneRuns: [], lastNearest: new Int32Array(zones.length + 1).fill(-1) };
}

/**
 * The most a point the site check found inside zone k can lie from that zone's boundary, plus
 * DEPTH_SLACK_M: the way from the point to the nearest side of the zone's grid box leaves the zone,
 * so it crosses the boundary (the pieces, which lie in that box). The slack covers a point the check
 * counts inside although its grid position lies a hair outside the pieces (within the check's
 * millimetre tolerance, or the < 5 mm between an edge and its pieces): its distance is then below
 * the slack itself. Ground metres are never more than grid metres (gridToGround).
 */
function depthBound(b: Boundaries, k: number, x: number, y: number): number {
  const at = 4 * k;
  return Math.min(x - b.box[at]!, y - b.box[at + 1]!, b.box[at + 2]! - x, b.box[at + 3]! - y) + DEPTH_SLACK_M;
}

/** Metres added to depthBound: far above the few millimetres it covers, far below the depths it skips. */
const DEPTH_SLACK_M = 1;

/** The zones of one depth question by descending bound (kept between calls: no await inside). */
let depthZones = new Uint32Array(16);
let depthBounds = new Float64Array(16);

/**
 * The depth of the grid point (x, y) inside every zone at the positions `zones` (it lies inside all
 * of them): the greatest of its ground distances to their boundaries, 0 when none has a boundary.
 * The zones are searched by descending depthBound, each with the depth so far as nearestBoundary's
 * `unlessWithin`, and the search stops at the first zone whose bound is below the depth so far (it,
 * and every zone after it, lies nearer). The answer is the greatest distance whatever the order;
 * the order only spares searches: a point in a large zone and in several small ones inside it,
 * common here, measures the large one and skips the rest.
 */
export function deepestBoundary(b: Boundaries, x: number, y: number, zones: readonly number[]): number {
  if (zones.length > depthZones.length) {
    depthZones = new Uint32Array(zones.length * 2);
    depthBounds = new Float64Array(zones.length * 2);
  }
  for (let j = 0; j < zones.length; j++) {
    const k = zones[j]!;
    const bound = depthBound(b, k, x, y);
    // insertion by descending bound (a point lies in a handful of zones of a layer)
    let at = j;
    for (; at > 0 && depthBounds[at - 1]! < bound; at--) {
      depthZones[at] = depthZones[at - 1]!;
      depthBounds[at] = depthBounds[at - 1]!;
    }
    depthZones[at] = k;
    depthBounds[at] = bound;
  }
  let depth = 0;
  for (let j = 0; j < zones.length; j++) {
    if (depthBounds[j]! < depth) break;
    const d = nearestBoundary(b, x, y, depthZones[j]!, depth);
    if (d !== undefined && d > depth) depth = d;
  }
  return depth;
}

/** The search's queue of tree nodes by squared box distance (kept between calls: no await inside). */
const queue = new TypedMinHeap();

/**
 * Ground metres from the grid point (x, y) to the nearest boundary of the layer's zones, or of zone
 * `only` alone (its position in the layer); undefined when there is no such boundary. With
 * `unlessWithin` (metres), a boundary found nearer than that ends the search at once and its
 * distance (then below `unlessWithin`, not necessarily the nearest) is returned: the depth of a
 * point inside several zones is the greatest of their distances, so a zone whose boundary is
 * nearer than the greatest so far need not be searched further.
 *
 * The last search's nearest piece in the same place (lastNearest) is measured first: near the
 * point when the points come in curve order, it bounds the search from the start. A zone alone is
 * searched through its runs (boundary-runs.ts), the whole layer zone by zone (nearestInZones).
 */
export function nearestBoundary(b: Boundaries, x: number, y: number, only?: number, unlessWithin = 0): number | undefined {
  const { seg, start } = b;
  // a grid distance below unlessWithin proves the ground one is (the grid stretches, never shrinks:
  // gridToGround); the margin keeps the square root's rounding on the safe side
  const enough = unlessWithin > 0 ? unlessWithin * unlessWithin * (1 - 1e-12) : -1;
  const slot = only ?? start.length - 1;
  let piece = b.lastNearest[slot]!;
  let best2 = piece >= 0 ? pieceDistance2(seg, piece, x, y) : Infinity;
  if (!(best2 < enough)) {
    if (only === undefined) nearestInZones(b, x, y, best2, enough, hit);
    else {
      const runs = runsOf(b, only);
      if (runs) nearestRun(runs, seg, x, y, best2, enough, hit);
      else hit.piece = -1;
    }
    if (hit.piece >= 0) {
      piece = hit.piece;
      best2 = hit.d2;
    }
  }
  if (piece < 0) return undefined;
  b.lastNearest[slot] = piece;
  return gridToGround(Math.sqrt(best2), x, nearestX(seg, piece, x, y));
}

/** One search's answer, reused (no await inside); zoneHit: one zone's within the layer's search. */
const hit: RunHit = { piece: -1, d2: Infinity };
const zoneHit: RunHit = { piece: -1, d2: Infinity };

/** Zone k's runs, built on the first question that needs them; undefined for a zone without pieces. */
function runsOf(b: Boundaries, k: number): BoundaryRuns | undefined {
  if (!(k in b.zoneRuns)) b.zoneRuns[k] = b.start[k + 1]! > b.start[k]! ? boundaryRuns(b.seg, b.start[k]!, b.start[k + 1]!) : undefined;
  return b.zoneRuns[k];
}

/** Squared grid distance from (x, y) to piece k: PostGIS's point–segment distance, the projection clamped to the piece. */
function pieceDistance2(seg: Float64Array, piece: number, x: number, y: number): number {
  const k = 4 * piece;
  const ax = seg[k]!;
  const ay = seg[k + 1]!;
  const dx = seg[k + 2]! - ax;
  const dy = seg[k + 3]! - ay;
  const l2 = dx * dx + dy * dy;
  const r = l2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / l2));
  const cx = ax + r * dx - x;
  const cy = ay + r * dy - y;
  return cx * cx + cy * cy;
}

/** The easting of the point of piece k nearest to (x, y) (gridToGround's scale is taken along the way to it). */
function nearestX(seg: Float64Array, piece: number, x: number, y: number): number {
  const k = 4 * piece;
  const ax = seg[k]!;
  const dx = seg[k + 2]! - ax;
  const dy = seg[k + 3]! - seg[k + 1]!;
  const l2 = dx * dx + dy * dy;
  return ax + (l2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - ax) * dx + (y - seg[k + 1]!) * dy) / l2))) * dx;
}

/**
 * The nearest piece of the layer's zones to (x, y) nearer than √within2, as nearestRun answers for
 * one zone (into `out`; piece −1 when none is). Best first over flatbush's packed tree of the zones'
 * boxes (its typed `_boxes`, `_indices` and `_levelBounds`): the nearest node by box distance is
 * opened next; a zone whose box is nearer than the best piece so far is searched through its runs
 * with that piece's distance as the bound; the search ends when the nearest unopened node lies no
 * nearer than the best piece (a box is never farther than its zone's pieces). No allocation per call.
 */
function nearestInZones(b: Boundaries, x: number, y: number, within2: number, stopBelow2: number, out: RunHit): void {
  const tree = b.zoneTree;
  let best = within2;
  let bestPiece = -1;
  if (!tree) {
    out.piece = -1;
    out.d2 = best;
    return;
  }
  const boxes = tree._boxes;
  const indices = tree._indices;
  const levelBounds = tree._levelBounds;
  const leaves4 = tree.numItems * 4;
  const nodeSize4 = tree.nodeSize * 4;
  queue.reset(boxes.length - 4, 0); // the root
  search: while (queue.size > 0 && queue.topKey() < best) {
    const node = queue.pop();
    const end = childrenEnd(node, nodeSize4, levelBounds);
    const leaf = node < leaves4;
    for (let pos = node; pos < end; pos += 4) {
      const x0 = boxes[pos]!;
      const y0 = boxes[pos + 1]!;
      const x1 = boxes[pos + 2]!;
      const y1 = boxes[pos + 3]!;
      const ex = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
      const ey = y < y0 ? y0 - y : y > y1 ? y - y1 : 0;
      const boxD2 = ex * ex + ey * ey;
      if (boxD2 >= best) continue;
      if (leaf) {
        // the zone itself, through its runs
        nearestRun(runsOf(b, b.zoneOfItem[indices[pos >> 2]!]!)!, b.seg, x, y, best, stopBelow2, zoneHit);
        if (zoneHit.piece >= 0) {
          best = zoneHit.d2;
          bestPiece = zoneHit.piece;
          if (best < stopBelow2) break search;
        }
        continue;
      }
      queue.push(indices[pos >> 2]!, boxD2);
    }
  }
  out.piece = bestPiece;
  out.d2 = best;
}
