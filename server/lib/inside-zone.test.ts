/**
 * insideZone's cells (inside-zone.ts): a point in a cell no edge comes near takes the answer its
 * cell was given, by whichever point fell in it first; it must be the answer of the exact test
 * for every point. Random zones (polygons with holes, multipolygons, from 5 to 24 vertices a ring,
 * 50 m to 3 km across), points all over and around their boxes, on the cells' own lines, on
 * vertices and at 0.5 mm and 2 cm off edges, asked in two orders (a cell decided first by one point,
 * then by another). tests/api/check-index.test.ts compares insideZone with PostGIS itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perDegree, type Poly, zoneArb } from '../../tests/fixtures/random-zones.ts';
import { insideExactly, insideZone, zoneShape } from './inside-zone.ts';

const ringsOf = (parts: Poly[]) => parts.flatMap((rings) => rings.map((ring) => Float64Array.from(ring.flat())));

/** Points over the zone's box and a margin around it, on the cells' lines, and on and beside its edges. */
function probes(parts: Poly[], random: [number, number][]): [number, number][] {
  const shape = zoneShape(ringsOf(parts));
  const { minX, minY, maxX, maxY } = shape;
  const [w, h] = [maxX - minX, maxY - minY];
  const out: [number, number][] = random.map(([u, v]) => [minX - 0.05 * w + u * 1.1 * w, minY - 0.05 * h + v * 1.1 * h]);
  const n = shape.cells.n;
  for (let k = 0; k <= n; k++) out.push([minX + (k * w) / n, minY + (h * (k + 0.5)) / n], [minX + (w * (k + 0.5)) / n, minY + (k * h) / n]);
  for (const rings of parts)
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[i + 1]!;
        const [mx, my] = [(ax + bx) / 2, (ay + by) / 2];
        const [kx, ky] = perDegree(my);
        const len = Math.hypot((bx - ax) * kx, (by - ay) * ky);
        out.push([ax, ay]);
        for (const d of [0.0005, -0.0005, 0.02, -0.02]) out.push([mx + (-(by - ay) * ky * d) / len / kx, my + ((bx - ax) * kx * d) / len / ky]);
      }
  return out;
}

describe('insideZone with cells', () => {
  it('answers as the exact test for every point, whichever point decided its cell', () => {
    let pure = 0;
    let decided = 0;
    fc.assert(
      fc.property(
        zoneArb,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 200, maxLength: 200 }),
        (parts, random) => {
          const points = probes(parts, random);
          for (const order of [points, [...points].reverse()]) {
            const shape = zoneShape(ringsOf(parts)); // fresh cells for each order
            for (const [x, y] of order) {
              expect(insideZone(shape, x, y), `${x},${y}`).toBe(insideExactly(shape, x, y));
            }
            pure += shape.cells.state.filter((s) => s === 1 || s === 2).length;
            decided += shape.cells.state.filter((s) => s !== 0).length;
          }
        },
      ),
      { numRuns: 200 },
    );
    // the cells did decide: of those looked at (most by points on and beside edges), many lie
    // wholly inside or outside
    expect(pure).toBeGreaterThan(decided / 10);
  });

  it('looks at the edges just beyond a cell: a point within the millimetre of an edge across the cell line is inside', () => {
    // two parts spanning a box of 8 × 8 cells (8 edges: the fewest cells a side), 0.008° a side:
    // a block whose west edge lies δ east of the cell line x0 + 0.004, and a small square in the
    // south-west corner; the point lies δ west of that line, ≈ 0.7 mm from the edge, in a cell
    // whose own square meets no edge
    const [x0, y0, a, d] = [113.3, 40.1, 0.001, 4e-9];
    const line = x0 + 4 * a;
    const rect = (xa: number, ya: number, xb: number, yb: number) => Float64Array.from([xa, ya, xb, ya, xb, yb, xa, yb, xa, ya]);
    const shape = zoneShape([rect(line + d, y0, x0 + 8 * a, y0 + 8 * a), rect(x0, y0, x0 + a / 2, y0 + a / 2)]);
    expect(shape.cells.n).toBe(8);
    const [px, py] = [line - d, y0 + 4.5 * a];
    expect(insideExactly(shape, px, py)).toBe(true); // by the tolerance
    expect(insideZone(shape, x0 + 3.5 * a, py)).toBe(false); // the cell's centre, outside: decides the cell first
    expect(insideZone(shape, px, py)).toBe(true);
  });
});
