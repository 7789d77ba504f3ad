/**
 * The site check's signed boundary distances from the in-process index (zoneDistances:
 * server/lib/boundary-distance.ts over zone-index.ts, issue 18) against PostGIS geography, within
 * 0.5 m, on both databases:
 *  - a property test on random zones (star-shaped polygons with holes, two-part multipolygons): their
 *    vertices and edge midpoints, random points near them and up to ≈ 15 km away;
 *  - the demo zones, at random points across and around the district.
 * The reference is independent of the index: geography distance to the zone's boundary densified to
 * 0.001° (its edges are straight in lng/lat), the sign from PostGIS's own covering-zones SQL, deepest
 * covering zone inside and nearest zone outside. Where PostGIS's point–edge geography distance
 * overshoots (it finds the foot on the sphere: metres at kilometres from an oblique edge), the
 * referee is its point–point distance to the boundary densified to 0.00002° around the nearest point.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { coveringZones } from '../../server/features/check/check.repo.ts';
import { DISTANCE_LAYER_IDS, zoneDistances } from '../../server/features/check/distance.service.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { type Poly, zoneArb, replaceZones } from '../fixtures/random-zones.ts';
import { onEachDatabase } from '../helpers/db.ts';

type Point = [number, number];

/** Geography metres from each point to each zone boundary of the layers, and the covering zones by PostGIS. */
async function reference(db: Db, points: readonly Point[], layers: readonly string[]) {
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const rows = await db.query<{ i: number; layer_id: string; id: string; m: number }>(
    `SELECT t.i::int AS i, f.layer_id, f.id::text AS id,
            ST_Distance(ST_Segmentize(ST_Boundary(f.geom), 0.001)::geography, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326)::geography) AS m
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(x, y, i)
       JOIN features f ON f.layer_id = ANY($3::text[])`,
    [lngs, lats, layers],
  );
  const covering = await coveringZones(db, lngs, lats, layers);
  return { rows, covering };
}

/** PostGIS's spheroidal point–point distance to zone `id`'s boundary densified to 0.00002° around its nearest point. */
async function referee(db: Db, [lng, lat]: Point, id: string): Promise<number> {
  const [r] = await db.query<{ m: number }>(
    `WITH b AS (SELECT ST_Boundary(geom) AS b, ST_SetSRID(ST_MakePoint($1, $2), 4326) AS p FROM features WHERE id = $3::bigint)
     SELECT min(ST_Distance((d).geom::geography, b.p::geography)) AS m
       FROM b, LATERAL ST_DumpPoints(ST_Segmentize(ST_Intersection(b.b, ST_Expand(ST_ClosestPoint(b.b, b.p), 0.01)), 0.00002)) AS d`,
    [lng, lat, id],
  );
  return r!.m;
}

/**
 * Ours (from the index, with PostGIS's covering zones as the verdict) against the reference: the
 * mismatches, and how many values were compared and how many of them were inside.
 */
async function compare(db: Db, points: readonly Point[], layers: readonly string[]) {
  const { rows, covering } = await reference(db, points, layers);
  const zonesOf = points.map(() => [] as { layer: string; id: string }[]);
  for (const c of covering) zonesOf[c.i - 1]!.push({ layer: c.layer_id, id: String(c.id) });
  const ours = await zoneDistances(
    db,
    points.map(([lng, lat], k) => ({ lng, lat, zones: zonesOf[k]! })),
  );
  // the reference per point and layer: deepest covering zone (negative) or nearest zone
  const want = points.map(() => new Map<string, { m: number; id: string }>());
  for (const r of rows) {
    const inside = zonesOf[r.i - 1]!.some((z) => z.layer === r.layer_id);
    const covers = zonesOf[r.i - 1]!.some((z) => z.layer === r.layer_id && z.id === r.id);
    if (inside && !covers) continue;
    const cur = want[r.i - 1]!.get(r.layer_id);
    if (!cur || (inside ? r.m > -cur.m : r.m < cur.m)) want[r.i - 1]!.set(r.layer_id, { m: inside ? -r.m : r.m, id: r.id });
  }
  const off: string[] = [];
  let compared = 0;
  let negative = 0;
  for (const [k, p] of points.entries()) {
    expect(Object.keys(ours[k]!).sort()).toEqual([...want[k]!.keys()].sort());
    for (const [layer, w] of want[k]!) {
      const m = ours[k]![layer]!;
      compared++;
      if (w.m < 0) negative++;
      if (Math.abs(m - w.m) <= 0.5) continue;
      // PostGIS's edge distance is never short of the truth: ours may only be below it, and then near the referee's
      const dense = Math.sign(w.m) * (await referee(db, p, w.id));
      if (Math.abs(m) > Math.abs(w.m) || Math.abs(m - dense) > 0.5) off.push(`${p.join(',')} ${layer}: ours ${m}, geography ${w.m}, dense ${dense}`);
    }
  }
  return { off, compared, negative };
}

/** Vertices and edge midpoints of every ring of the zones. */
const onBoundaries = (zones: Poly[][]): Point[] =>
  zones.flatMap((parts) =>
    parts.flatMap((rings) =>
      rings.flatMap((ring) =>
        ring.slice(0, -1).flatMap(([ax, ay], i): Point[] => {
          const [bx, by] = ring[i + 1]!;
          return [
            [ax!, ay!],
            [(ax! + bx!) / 2, (ay! + by!) / 2],
          ];
        }),
      ),
    ),
  );

const LAYER = 'coal_ban_zones';
const unit = fc.double({ min: 0, max: 1, noNaN: true });

onEachDatabase(({ kind, db }) => {
  it(`measures random zones within 0.5 m of PostGIS geography: boundaries, near and far points (${kind})`, async () => {
    let compared = 0;
    let negative = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(zoneArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(unit, unit), { minLength: 30, maxLength: 30 }),
        fc.array(fc.tuple(unit, unit), { minLength: 10, maxLength: 10 }),
        async (zones, near, far) => {
          await replaceZones(db(), LAYER, zones);
          const boundary = onBoundaries(zones);
          const xs = boundary.map((p) => p[0]);
          const ys = boundary.map((p) => p[1]);
          const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
          const points: Point[] = [
            ...boundary.filter((_, k) => k % 3 === 0),
            // near: the zones' box; far: up to 0.15° beyond it on every side
            ...near.map(([u, v]): Point => [x0 + u * (x1 - x0), y0 + v * (y1 - y0)]),
            ...far.map(([u, v]): Point => [x0 - 0.15 + u * (x1 - x0 + 0.3), y0 - 0.15 + v * (y1 - y0 + 0.3)]),
          ];
          const r = await compare(db(), points, [LAYER]);
          expect(r.off.slice(0, 5)).toEqual([]);
          compared += r.compared;
          negative += r.negative;
        },
      ),
      { numRuns: kind === 'pg' ? 25 : 10 },
    );
    // both sides of the boundaries were measured
    expect(negative).toBeGreaterThan(compared / 10);
    expect(negative).toBeLessThan((compared * 9) / 10);
    await replaceZones(db(), LAYER);
  }, 600_000);

  describe('the demo zones', () => {
    beforeAll(async () => {
      await seedDemo(db(), PATHS.demoSeeds);
    }, 120_000);

    it(`measures random points across and around the district within 0.5 m of PostGIS geography (${kind})`, async () => {
      const points = fc.sample(fc.tuple(fc.double({ min: 113.1, max: 113.6, noNaN: true }), fc.double({ min: 39.9, max: 40.3, noNaN: true })), {
        numRuns: 300,
        seed: 18,
      });
      const r = await compare(db(), points, DISTANCE_LAYER_IDS);
      expect(r.off.slice(0, 5)).toEqual([]);
      expect(r.negative).toBeGreaterThan(0);
      expect(r.compared).toBeGreaterThan(points.length * 3);
    }, 300_000);
  });
});
