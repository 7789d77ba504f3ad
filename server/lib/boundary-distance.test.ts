/**
 * deepestBoundary (the depth of a point inside several zones, searching the zones by descending
 * bound and skipping those that cannot be deeper) against the plain answer: the greatest of
 * nearestBoundary's distances to each zone's boundary, searched in full. Random zones (polygons with
 * holes, multipolygons) of very different sizes moved onto one centre, so most points lie inside
 * several nested zones and the skip decides; points near the centre, on vertices and on edge
 * midpoints. Equality is exact: the skip must never change the answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearestPieceByBruteForce2, type Poly, ringsOf, zoneArb } from '../../tests/fixtures/random-zones.ts';
import { deepestBoundary, gridPoint, layerBoundaries, nearestBoundary } from './boundary-distance.ts';
import { insideZone, zoneShape } from './inside-zone.ts';

const CENTRE = [113.3, 40.1] as const;

/** The zone moved so that its first shell's box is centred on CENTRE (every shell holds a disk about its centre). */
function centred(parts: Poly[]): Poly[] {
  const shell = parts[0]![0]!;
  const xs = shell.map((p) => p[0]);
  const ys = shell.map((p) => p[1]);
  const dx = CENTRE[0] - (Math.min(...xs) + Math.max(...xs)) / 2;
  const dy = CENTRE[1] - (Math.min(...ys) + Math.max(...ys)) / 2;
  return parts.map((rings) => rings.map((ring) => ring.map(([x, y]) => [x + dx, y + dy] as [number, number])));
}

describe('nearestBoundary', () => {
  it('finds the nearest boundary of the layer and of each zone whatever point came before', () => {
    fc.assert(
      fc.property(
        fc.array(zoneArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.double({ min: -0.03, max: 0.03, noNaN: true }), fc.double({ min: -0.03, max: 0.03, noNaN: true })), {
          minLength: 10,
          maxLength: 40,
        }),
        (zones, offsets) => {
          const b = layerBoundaries(zones.map((z) => zoneShape(ringsOf(z))));
          // the points in the order given, not along a curve: each search starts from the last
          // search's nearest piece, wherever it lies (the first guess must never change an answer)
          const probes = offsets.map(([dx, dy]) => gridPoint(CENTRE[0] + dx, CENTRE[1] + dy));
          for (const s of zones.map((z) => zoneShape(ringsOf(z))))
            probes.push(gridPoint(s.xy[0]!, s.xy[1]!), gridPoint((s.xy[0]! + s.xy[2]!) / 2, (s.xy[1]! + s.xy[3]!) / 2));
          for (const [x, y] of probes) {
            // ground metres: the grid's, shrunk by its scale factor (1 − 10⁻⁴ < 1/k ≤ 1 here)
            const layer = nearestBoundary(b, x, y)!;
            const want = Math.sqrt(nearestPieceByBruteForce2(b.seg, 0, b.seg.length / 4, x, y));
            expect(layer).toBeLessThanOrEqual(want + 1e-6);
            expect(layer).toBeGreaterThanOrEqual(want * (1 - 1e-4) - 1e-6);
            for (let k = 0; k < zones.length; k++) {
              const zone = nearestBoundary(b, x, y, k)!;
              const wantZone = Math.sqrt(nearestPieceByBruteForce2(b.seg, b.start[k]!, b.start[k + 1]!, x, y));
              expect(zone).toBeLessThanOrEqual(wantZone + 1e-6);
              expect(zone).toBeGreaterThanOrEqual(wantZone * (1 - 1e-4) - 1e-6);
              expect(zone).toBeGreaterThanOrEqual(layer - 1e-6);
            }
          }
        },
      ),
      { numRuns: 30, seed: 19 },
    );
  });
});

describe('deepestBoundary', () => {
  it('equals the greatest full nearestBoundary distance over the zones holding the point', () => {
    let nested = 0;
    fc.assert(
      fc.property(
        fc.array(zoneArb, { minLength: 2, maxLength: 6 }),
        fc.array(fc.tuple(fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.double({ min: -0.01, max: 0.01, noNaN: true })), { maxLength: 20 }),
        (zones, offsets) => {
          const shapes = zones.map((z) => zoneShape(ringsOf(centred(z))));
          const b = layerBoundaries(shapes);
          const probes: [number, number][] = offsets.map(([dx, dy]) => [CENTRE[0] + dx, CENTRE[1] + dy]);
          for (const s of shapes) {
            // vertices and edge midpoints (on a boundary: depth 0 there, inside the other zones)
            for (let v = 0; v + 3 < s.xy.length; v += 2) {
              probes.push([s.xy[v]!, s.xy[v + 1]!], [(s.xy[v]! + s.xy[v + 2]!) / 2, (s.xy[v + 1]! + s.xy[v + 3]!) / 2]);
            }
          }
          for (const [lng, lat] of probes) {
            const holding = shapes.flatMap((s, k) => (insideZone(s, lng, lat) ? [k] : []));
            if (holding.length === 0) continue;
            if (holding.length > 1) nested++;
            const [x, y] = gridPoint(lng, lat);
            const plain = Math.max(0, ...holding.map((k) => nearestBoundary(b, x, y, k) ?? 0));
            expect(deepestBoundary(b, x, y, holding)).toBe(plain);
          }
        },
      ),
      { numRuns: 60, seed: 18 },
    );
    // the property ran where it matters: points inside several zones at once
    expect(nested).toBeGreaterThan(500);
  });
});
