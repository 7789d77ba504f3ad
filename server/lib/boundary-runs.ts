/**
 * One zone's boundary pieces (boundary-distance.ts) as a hierarchy of runs, for the distance from a
 * point inside or near the zone to its boundary: batch screening's depths, most of whose time went
 * to the 50 000-vertex zone.
 *
 * The pieces of a zone follow one another along its rings, so RUN consecutive pieces make a short
 * stretch of boundary, RUN such stretches a longer one, and so on up to the whole zone. Each run is
 * bounded by a capsule: the chord from its first piece's start to its last piece's end, and the
 * greatest distance of any piece end from that chord (a piece is a segment between two ends, and
 * the distance to a segment is convex, so no point of the run lies farther from the chord). A
 * point's distance to the run is at least its distance to the chord minus that radius.
 *
 * The R-tree over the same pieces (flatbush) bounds them by boxes, and a box of a curving stretch
 * is as wide as it is long: a point 1.5 km inside the large zone opened about 50 of its nodes (780
 * boxes read) for 32 pieces measured. A capsule of a stretch a few hundred metres long is a few
 * metres wide, so a search opens few runs besides the ones near the answer. A run that spans the
 * end of one ring and the start of another (or a multipolygon's parts) is still bounded, only more
 * loosely: its chord joins the two ends and its radius covers every piece end.
 */
import { TypedMinHeap } from './typed-heap.ts';

/** Pieces per run at the lowest level, and runs per run above it. */
const RUN = 8;

/** Runs over pieces from … to − 1 of a layer's pieces (seg: x0, y0, x1, y1 of piece k at 4k). */
export interface BoundaryRuns {
  /** First piece of the zone (an index into seg). */
  from: number;
  /** Number of pieces. */
  count: number;
  /**
   * Each run's capsule: chord ax, ay, bx, by and radius at 5 × run. Level 0's runs first (run i
   * holds pieces from + RUN·i …), each level's run j holds runs RUN·j … of the level below; the
   * last run is the whole zone.
   */
  caps: Float64Array;
  /** Where each level's runs start in caps (in runs), level 0 first, then the total. */
  levels: Uint32Array;
}

/** The runs of pieces from … to − 1 (to > from). */
export function boundaryRuns(seg: Float64Array, from: number, to: number): BoundaryRuns {
  const count = to - from;
  const sizes: number[] = [];
  for (let n = Math.ceil(count / RUN); ; n = Math.ceil(n / RUN)) {
    sizes.push(n);
    if (n === 1) break;
  }
  const levels = new Uint32Array(sizes.length + 1);
  for (let l = 0; l < sizes.length; l++) levels[l + 1] = levels[l]! + sizes[l]!;
  const caps = new Float64Array(5 * levels[sizes.length]!);
  // a run at level l holds RUN^(l + 1) pieces (the last run of a level fewer)
  let span = RUN;
  for (let l = 0; l < sizes.length; l++, span *= RUN) {
    for (let j = 0; j < sizes[l]!; j++) {
      const p0 = from + j * span;
      const p1 = Math.min(to, p0 + span) - 1;
      const ax = seg[4 * p0]!;
      const ay = seg[4 * p0 + 1]!;
      const bx = seg[4 * p1 + 2]!;
      const by = seg[4 * p1 + 3]!;
      let r = 0;
      for (let k = 4 * p0; k <= 4 * p1 + 2; k += 2) {
        const d2 = segmentDistance2(seg[k]!, seg[k + 1]!, ax, ay, bx, by);
        if (d2 > r) r = d2;
      }
      caps.set([ax, ay, bx, by, Math.sqrt(r)], 5 * (levels[l]! + j));
    }
  }
  return { from, count, caps, levels };
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by), the projection clamped to it. */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const r = l2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / l2));
  const cx = ax + r * dx - px;
  const cy = ay + r * dy - py;
  return cx * cx + cy * cy;
}

/**
 * Metres taken off every capsule's bound: the rounding of the chord distance and of the radius
 * (about 10⁻⁹ m at grid coordinates of millions of metres) never makes a bound exceed the true
 * distance. A piece is skipped only when it cannot be nearer than the best by more than this.
 */
const ROUNDING_M = 1e-6;

/** The search's queue of runs by lower bound (kept between calls: no await inside). */
const queue = new TypedMinHeap();

/** The nearest piece of `runs` to (x, y) and its squared distance (see nearestRun). */
export interface RunHit {
  piece: number;
  d2: number;
}

/**
 * The nearest piece to the grid point (x, y), or none nearer than √within2 (a piece known to lie
 * at that squared distance: a search with a good first guess opens fewer runs); `stopBelow2`: a
 * piece found nearer than that ends the search at once (boundary-distance.ts's `unlessWithin`).
 * Writes the piece (−1 when none beat within2) and its squared distance into `hit`.
 */
export function nearestRun(runs: BoundaryRuns, seg: Float64Array, x: number, y: number, within2: number, stopBelow2: number, hit: RunHit): void {
  const { caps, levels, from, count } = runs;
  let best2 = within2;
  let best = Math.sqrt(within2);
  let bestPiece = -1;
  queue.reset(levels[levels.length - 1]! - 1, 0); // the whole zone
  search: while (queue.size > 0 && queue.topKey() < best) {
    const run = queue.pop();
    if (run < levels[1]!) {
      // a run of pieces: measure each
      const p0 = from + run * RUN;
      const p1 = Math.min(from + count, p0 + RUN);
      for (let p = p0; p < p1; p++) {
        const k = 4 * p;
        const d2 = segmentDistance2(x, y, seg[k]!, seg[k + 1]!, seg[k + 2]!, seg[k + 3]!);
        if (d2 < best2) {
          best2 = d2;
          best = Math.sqrt(d2);
          bestPiece = p;
          if (d2 < stopBelow2) break search;
        }
      }
      continue;
    }
    // a run of runs: queue each whose capsule may hold a piece nearer than the best
    let l = 1;
    while (levels[l + 1]! <= run) l++;
    const c0 = levels[l - 1]! + (run - levels[l]!) * RUN;
    const c1 = Math.min(levels[l]!, c0 + RUN);
    for (let c = c0; c < c1; c++) {
      const at = 5 * c;
      const low = Math.sqrt(segmentDistance2(x, y, caps[at]!, caps[at + 1]!, caps[at + 2]!, caps[at + 3]!)) - caps[at + 4]! - ROUNDING_M;
      if (low >= best) continue;
      queue.push(c, low);
    }
  }
  hit.piece = bestPiece;
  hit.d2 = best2;
}
