/**
 * Coverage is checked against two independent computations:
 *  - turf (union/difference/intersect/area on a sphere of radius 6378137 m). Turf's sphere is
 *    ≈0.12 % larger in area than the WGS84 ellipsoid at 40°N (R² vs M·N), and the API measures in
 *    EPSG:4547 whose scale error here is < 0.01 %: areas must agree within 0.3 %. The coverage
 *    *percentage* is a ratio, so that scale cancels: it must agree within 0.02 points.
 *  - direct SQL on geography (ellipsoidal ST_Area), on the same database: areas within 0.02 %,
 *    the Gauss–Krüger scale error at 0.7° from the central meridian (≈ 0.009 %) plus margin.
 */
import { area, booleanPointInPolygon, difference, featureCollection, intersect, point, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { coverageResponseSchema, gapFeaturePropertiesSchema, type CoverageResponse } from '../../server/features/coverage/coverage.contract.ts';
import { coveragePct } from '../../server/features/coverage/coverage.service.ts';
import { BUILT_UP, CLEAN_HEATING, STREETS } from '../fixtures/analytics-coverage.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

type Area = Feature<Polygon | MultiPolygon>;
const unionAll = (fs: Area[]): Area => (fs.length === 1 ? fs[0]! : (union(featureCollection(fs)) as Area));
const minus = (a: Area, b: Area): Area | null => difference(featureCollection([a, b])) as Area | null;
const meet = (a: Area, b: Area): Area | null => intersect(featureCollection([a, b])) as Area | null;
const m2 = (f: Area | null) => (f ? area(f) : 0);

const builtTurf = unionAll(BUILT_UP);
const heatedTurf = unionAll(CLEAN_HEATING);
const gapTurf = minus(builtTurf, heatedTurf);
const TURF = { built: m2(builtTurf), gap: m2(gapTurf), pct: (100 * (m2(builtTurf) - m2(gapTurf))) / m2(builtTurf) };

const relClose = (got: number, want: number, rel: number) => expect(Math.abs(got - want) / want, `${got} vs ${want}`).toBeLessThan(rel);

it('the fixtures really have a gap, holes and rural coverage (sanity of the independent side)', () => {
  expect(TURF.pct).toBeGreaterThan(20);
  expect(TURF.pct).toBeLessThan(80);
  expect(m2(minus(heatedTurf, builtTurf))).toBeGreaterThan(1e6);
});

it('never shows 100 % while a real gap remains, and 100 % once it is gone', () => {
  expect(coveragePct(1e6, 0)).toBe(100);
  expect(coveragePct(1e6, 0.5)).toBe(100);
  expect(coveragePct(1e6, 2)).toBe(99.99);
  expect(coveragePct(1e6, 5e5)).toBe(50);
  expect(coveragePct(0, 0)).toBeNull();
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let empty: CoverageResponse;
  beforeAll(async () => {
    app = testApp(db());
    empty = coverageResponseSchema.parse((await request(app).get('/api/coverage').expect(200)).body);
    for (const f of BUILT_UP) await insertFixture(db(), 'built_up_areas', f);
    for (const f of CLEAN_HEATING) await insertFixture(db(), 'clean_heating_areas', f);
    for (const f of STREETS) await insertFixture(db(), 'streets', f);
  });

  /** Raw SQL here stands for an edit; the app's write paths bump the layer's revision, which the coverage cache keys on. */
  const bumpRevision = (layer: string) => db().query('UPDATE layers SET revision = revision + 1 WHERE id = $1', [layer]);
  const get = async () => coverageResponseSchema.parse((await request(app).get('/api/coverage').expect(200)).body);
  const gaps = async () => {
    const res = await request(app).get('/api/coverage/gaps.geojson').expect(200);
    return { res, fc: JSON.parse(res.text) as { features: (Area & { properties: Record<string, unknown> })[] } };
  };

  it('reports no coverage (not 0 %, not 100 %) when there is no built-up land', () => {
    expect(empty).toMatchObject({ builtUpAreaM2: 0, gapM2: 0, coveragePct: null, targetMet: false, uncovered: [], byStreet: [] });
  });

  it('agrees with turf on built-up area, gap and coverage % (holes, multipolygons, overlaps)', async () => {
    const c = await get();
    relClose(c.builtUpAreaM2, TURF.built, 0.003);
    relClose(c.gapM2, TURF.gap, 0.003);
    expect(Math.abs(c.coveragePct! - TURF.pct)).toBeLessThan(0.02);
    expect(c.coveredM2 + c.gapM2).toBeCloseTo(c.builtUpAreaM2, 6);
    expect(c.target).toBe(100);
    expect(c.targetMet).toBe(false);
    relClose(c.cleanHeatingOutsideM2, m2(minus(heatedTurf, builtTurf)), 0.003);
  });

  it('agrees with ellipsoidal areas computed directly in SQL on geography', async () => {
    const [row] = await db().query<{ built: number; gap: number }>(`
      WITH b AS (SELECT ST_Union(geom) g FROM features WHERE layer_id = 'built_up_areas'),
           h AS (SELECT ST_Union(geom) g FROM features WHERE layer_id = 'clean_heating_areas')
      SELECT ST_Area(b.g::geography) AS built, ST_Area(ST_Difference(b.g, h.g)::geography) AS gap FROM b, h`);
    const c = await get();
    relClose(c.builtUpAreaM2, row!.built, 0.0002);
    relClose(c.gapM2, row!.gap, 0.0002);
  });

  it('breaks coverage down by street office, agreeing with turf', async () => {
    const c = await get();
    expect(c.byStreet.map((s) => s.code)).toEqual(['140213051', '140213053']);
    for (const s of c.byStreet) {
      const street = STREETS.find((f) => f.properties!.code === s.code)! as Area;
      const built = meet(builtTurf, street);
      const gap = gapTurf && meet(gapTurf, street);
      relClose(s.builtUpM2, m2(built), 0.003);
      relClose(s.gapM2, m2(gap), 0.003);
      expect(Math.abs(s.coveragePct! - (100 * (m2(built) - m2(gap))) / m2(built))).toBeLessThan(0.02);
      expect(s.coveredM2 + s.gapM2).toBeCloseTo(s.builtUpM2, 6);
    }
    // BU3–BU5 lie outside both streets: the street totals fall short of the whole by exactly them
    const outside = m2(unionAll(BUILT_UP.filter((f) => ['BU3', 'BU4', 'BU5'].includes(String(f.properties!.name)))));
    relClose(c.builtUpAreaM2 - c.byStreet.reduce((a, s) => a + s.builtUpM2, 0), outside, 0.003);
  });

  it('lists the gap pieces (uncovered) and serves the same pieces as GeoJSON with area and street', async () => {
    const c = await get();
    const { res, fc } = await gaps();
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?clean-heating-gaps-\d{4}-\d{2}-\d{2}\.geojson"?$/);
    expect(fc.features).toHaveLength(c.uncovered.length);
    fc.features.forEach((f, i) => {
      const p = gapFeaturePropertiesSchema.parse(f.properties);
      const u = c.uncovered[i]!;
      expect(p).toEqual({ id: u.id, area_m2: u.gapM2, street_code: u.streetCode, street_name: u.streetName });
      expect(f.geometry.type).toBe('Polygon');
      relClose(p.area_m2, area(f), 0.003);
      // a piece lies in the built-up area, outside every clean-heating area, within its street
      const inner = point([u.lng, u.lat]);
      expect(booleanPointInPolygon(inner, builtTurf)).toBe(true);
      expect(booleanPointInPolygon(inner, heatedTurf)).toBe(false);
      const street = STREETS.find((s) => s.properties!.code === p.street_code);
      if (street) expect(booleanPointInPolygon(inner, street)).toBe(true);
      else expect(STREETS.some((s) => booleanPointInPolygon(inner, s))).toBe(false);
    });
    // the pieces add up to the gap (to rounding: noise is left out of both)
    expect(Math.abs(c.uncovered.reduce((a, u) => a + u.gapM2, 0) - c.gapM2)).toBeLessThan(0.1 + 0.05 * c.uncovered.length);
    // the village hole in CH1 that lies in built-up land is one of them, in the western street
    const village = c.uncovered.filter((u) => u.lng > 113.3 && u.lng < 113.305 && u.lat > 40.05 && u.lat < 40.055);
    expect(village).toHaveLength(1);
    expect(village[0]!.streetCode).toBe('140213051');
    // BU3 is a gap outside every street; BU4, covered exactly by CH4 drawn differently, leaves none
    const noStreet = c.uncovered.filter((u) => u.streetCode === null);
    expect(noStreet).toHaveLength(1);
    expect(booleanPointInPolygon(point([noStreet[0]!.lng, noStreet[0]!.lat]), BUILT_UP.find((f) => f.properties!.name === 'BU3')!)).toBe(true);
    expect(c.uncovered.some((u) => u.lng > 113.44 && u.lng < 113.45 && u.lat > 40.07 && u.lat < 40.08)).toBe(false);
  });

  it('leaves a kilometres-long, millimetres-wide overlay sliver out of the gap, and says how much it left out', async () => {
    const c = await get();
    expect(c.uncovered.some((u) => u.lng > 113.46 && u.lng < 113.5 && u.lat >= 40.07 && u.lat < 40.0701)).toBe(false);
    // 3.4 km × 3.3 mm ≈ 11 m²: above the 1 m² floor, so only the width rule catches it
    expect(c.gapNoiseM2).toBeGreaterThan(5);
    expect(c.gapNoiseM2).toBeLessThan(20);
    const sliver = BUILT_UP.find((f) => f.properties!.name === 'BU5')!;
    const withSliver = minus(sliver, CLEAN_HEATING.find((f) => f.properties!.name === 'CH5')!);
    expect(Math.abs(m2(withSliver) - c.gapNoiseM2)).toBeLessThan(1);
  });

  it('follows edits at once: a new clean-heating area closes the gap, its removal reopens it', async () => {
    const before = await get();
    const id = await insertFixture(db(), 'clean_heating_areas', {
      type: 'Feature',
      properties: { name: 'covers everything', method: 'electricity' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [113.2, 39.9],
            [113.5, 39.9],
            [113.5, 40.2],
            [113.2, 40.2],
            [113.2, 39.9],
          ],
        ],
      },
    });
    const after = await get();
    expect(after).toMatchObject({ gapM2: 0, coveragePct: 100, targetMet: true, uncovered: [] });
    expect(after.byStreet.every((s) => s.coveragePct === 100 && s.gapM2 === 0)).toBe(true);
    expect((await gaps()).fc.features).toEqual([]);
    await db().query(
      `UPDATE features SET properties = properties || '{"households": 10}'::jsonb, geom = ST_Translate(geom, 1, 0) WHERE layer_id = 'clean_heating_areas' AND id = $1`,
      [id],
    );
    await bumpRevision('clean_heating_areas');
    expect((await get()).gapM2).toBe(before.gapM2);
    await db().query(`DELETE FROM features WHERE layer_id = 'clean_heating_areas' AND id = $1`, [id]);
    await bumpRevision('clean_heating_areas');
    expect(await get()).toEqual(before);
  });

  it('lists household and village coal boilers outside every clean-heating area as places needing a replacement plan (agreeing with turf)', async () => {
    const [w, south, e, n] = [113.28, 40.03, 113.4, 40.11];
    const uses = ['household', 'village', 'commercial', undefined] as const;
    const placed: { id: number; name: string; xy: [number, number]; use: string | undefined; status: string }[] = [];
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        const xy: [number, number] = [w + ((e - w) * (i + 0.5)) / 8, south + ((n - south) * (j + 0.5)) / 8];
        const use = uses[(i + j) % 4];
        const status = (i * 6 + j) % 7 === 0 ? 'removed' : 'in_use';
        const name = `T锅炉${i}-${j}`;
        const id = await insertFixture(db(), 'boilers', {
          type: 'Feature',
          properties: { name, kind: 'boiler', fuel: 'coal', status, ...(use ? { use } : {}) },
          geometry: { type: 'Point', coordinates: xy },
        });
        placed.push({ id, name, xy, use, status });
      }
    try {
      const heated = (xy: [number, number]) => CLEAN_HEATING.some((f) => booleanPointInPolygon(point(xy), f, { ignoreBoundary: false }));
      const want = placed.filter((b) => (b.use === 'household' || b.use === 'village') && b.status === 'in_use' && !heated(b.xy));
      const got = (await get()).replacementPlanSites;
      expect(got.map((b) => b.name).sort()).toEqual(want.map((b) => b.name).sort());
      expect(want.length).toBeGreaterThan(2);
      expect(placed.some((b) => (b.use === 'household' || b.use === 'village') && b.status === 'in_use' && heated(b.xy))).toBe(true);
      for (const b of got) {
        const p = placed.find((x) => x.name === b.name)!;
        expect(b).toMatchObject({ featureId: String(p.id), use: p.use, inCoalBanZone: false, lng: p.xy[0], lat: p.xy[1] });
        expect(b.inBuiltUpArea).toBe(BUILT_UP.some((f) => booleanPointInPolygon(point(p.xy), f, { ignoreBoundary: false })));
      }
    } finally {
      await db().query(`DELETE FROM features WHERE layer_id = 'boilers' AND id = ANY($1::bigint[])`, [placed.map((b) => b.id)]);
      await bumpRevision('boilers');
    }
    expect((await get()).replacementPlanSites).toEqual([]);
  });

  it('rejects parameters it does not take', async () => {
    const res = await request(app).get('/api/coverage?street=1').expect(400);
    expect(res.body.error.code).toBe('INVALID_PARAMETER');
    await request(app).get('/api/coverage/gaps.geojson?x=1').expect(400);
  });
});
