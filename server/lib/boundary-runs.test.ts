/**
 * nearestRun (a zone's boundary pieces searched through their runs' capsules) against every piece
 * measured one by one, on random zones (polygons with holes, two-part multipolygons, and one ring of
 * thousands of vertices, so that runs span rings and parts and the hierarchy has several levels);
 * probes on vertices, a hair off them, on edge midpoints, inside the holes, near the zone and far
 * from it. The piece found must be a nearest one: its distance equal to the least of all pieces'
 * (to the micrometre the capsules' rounding margin allows), whatever first guess it was given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blob, rng } from '../../bench/synthetic.ts';
import { nearestPieceByBruteForce2, type Poly, ringsOf, zoneArb } from '../../tests/fixtures/random-zones.ts';
import { gridPoint, layerBoundaries } from './boundary-distance.ts';
import { boundaryRuns, nearestRun, type RunHit } from './boundary-runs.ts';
import { zoneShape } from './inside-zone.ts';

/** Probes around a zone: vertices, a hair off them, edge midpoints, hole centres (lng/lat), and the given offsets from its first vertex. */
function probesOf(parts: Poly[], offsets: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const rings of parts) {
    for (const [j, ring] of rings.entries()) {
      for (let v = 0; v + 1 < ring.length; v++) {
        const [[x0, y0], [x1, y1]] = [ring[v]!, ring[v + 1]!];
        out.push([x0, y0], [x0 + 1e-7, y0 - 1e-7], [(x0 + x1) / 2, (y0 + y1) / 2]);
      }
      // a hole's centre: its mean vertex (holes are star-shaped about it)
      if (j > 0) out.push([ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length]);
    }
  }
  const [x0, y0] = parts[0]![0]![0]!;
  for (const [dx, dy] of offsets) out.push([x0 + dx, y0 + dy]);
  return out;
}

describe('nearestRun', () => {
  const hit: RunHit = { piece: -1, d2: Infinity };

  /** nearestRun's distance for each probe equals the brute force's, from no guess and from a wrong (far) guess. */
  function expectNearest(zones: Poly[][], probes: readonly [number, number][]): number {
    const b = layerBoundaries(zones.map((z) => zoneShape(ringsOf(z))));
    let compared = 0;
    for (let k = 0; k < zones.length; k++) {
      const [from, to] = [b.start[k]!, b.start[k + 1]!];
      const runs = boundaryRuns(b.seg, from, to);
      for (const [lng, lat] of probes) {
        const [x, y] = gridPoint(lng, lat);
        const want = nearestPieceByBruteForce2(b.seg, from, to, x, y);
        nearestRun(runs, b.seg, x, y, Infinity, -1, hit);
        expect(hit.piece).toBeGreaterThanOrEqual(from);
        expect(hit.piece).toBeLessThan(to);
        expect(hit.d2).toBe(nearestPieceByBruteForce2(b.seg, hit.piece, hit.piece + 1, x, y));
        expect(Math.abs(Math.sqrt(hit.d2) - Math.sqrt(want))).toBeLessThanOrEqual(1e-6);
        // a first guess farther than the answer (a piece at the far end of the zone) changes nothing
        const far = nearestPieceByBruteForce2(b.seg, to - 1, to, x, y);
        nearestRun(runs, b.seg, x, y, far, -1, hit);
        if (want < far) expect(Math.abs(Math.sqrt(hit.d2) - Math.sqrt(want))).toBeLessThanOrEqual(1e-6);
        else expect(hit.piece).toBe(-1); // the guess is already a nearest piece: nothing nearer
        compared++;
      }
    }
    return compared;
  }

  it('finds a nearest piece of random polygons with holes and multipolygons', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        fc.array(zoneArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.double({ min: -0.05, max: 0.05, noNaN: true })), { maxLength: 20 }),
        (zones, offsets) => {
          compared += expectNearest(
            zones,
            zones.flatMap((z) => probesOf(z, offsets)),
          );
        },
      ),
      { numRuns: 20, seed: 18 },
    );
    expect(compared).toBeGreaterThan(3000);
  });

  it('finds a nearest piece of a ring of thousands of vertices, at every depth', () => {
    const r = rng(5);
    const ring = blob(r, [113.3, 40.08], 0.02, 5000);
    const probes: [number, number][] = [];
    for (let i = 0; i < 300; i++) probes.push([113.3 + (r() - 0.5) * 0.06, 40.08 + (r() - 0.5) * 0.05]);
    // along the ring: vertices and a hair off them
    for (let v = 0; v < ring.length; v += 97) probes.push(ring[v]!, [ring[v]![0] - 2e-7, ring[v]![1] + 1e-7]);
    expect(expectNearest([[[ring]]], probes)).toBe(probes.length);
    // the hierarchy of a 5 000-piece ring is five levels deep
    const b = layerBoundaries([zoneShape([Float64Array.from(ring.flat())])]);
    expect(boundaryRuns(b.seg, 0, b.start[1]!).levels.length).toBe(6);
  });
});
