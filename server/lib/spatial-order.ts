/**
 * An order in which to visit a batch of points so that neighbours follow one another: the points'
 * positions along a Hilbert curve over the batch's box. Batch screening asks the zone index about
 * ten thousand points in the order a file lists them; taken in that order, each point's R-tree
 * nodes, edges and boundary pieces are cold in the CPU's caches (the trees of a 1 000-zone layer are
 * tens of megabytes), and most of a point's time was spent waiting on memory. Taken along the curve,
 * the next point mostly reads what the last one read. The answers do not depend on the order: each
 * point's answer is computed on its own and put back at its place.
 */

/** Cells per side of the grid the curve runs through (2¹⁶: finer than any batch needs). */
const SIDE = 1 << 16;

/** The positions 0 … n − 1 of the points (xs[k], ys[k]) ordered along a Hilbert curve over their box. */
export function spatialOrder(xs: ArrayLike<number>, ys: ArrayLike<number>): Uint32Array {
  const n = xs.length;
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  if (n < 3) return order;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    const y = ys[k]!;
    // a NaN or infinite coordinate (never one the check accepts): the input order
    if (!Number.isFinite(x) || !Number.isFinite(y)) return order;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const sx = maxX > minX ? (SIDE - 1) / (maxX - minX) : 0;
  const sy = maxY > minY ? (SIDE - 1) / (maxY - minY) : 0;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = hilbert(Math.floor((xs[k]! - minX) * sx), Math.floor((ys[k]! - minY) * sy));
  return order.sort((a, b) => keys[a]! - keys[b]! || a - b);
}

/** Position of cell (x, y) (0 ≤ x, y < SIDE) along the Hilbert curve: the classic rotate-and-reflect walk. */
function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = SIDE >> 1; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // rotate the quadrant so the curve inside it runs the standard way
    if (ry === 0) {
      if (rx === 1) {
        x = SIDE - 1 - x;
        y = SIDE - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}
