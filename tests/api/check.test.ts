import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { booleanPointInPolygon, point } from '@turf/turf';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkResponseSchema } from '../../server/features/check/check.contract.ts';
import { checkInputFrom } from '../../server/features/check/check.routes.ts';
import { checkPointWithDistances } from '../../server/features/check/check.service.ts';
import { fromWgs84 } from '../../server/lib/crs.ts';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { BUILT_UP, COAL_BAN, NRMM } from '../fixtures/check-zones.ts';

const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string(), messageZh: z.string() }) });

const FIXTURES = [
  { layer: 'coal_ban_zones', feature: COAL_BAN },
  { layer: 'nrmm_control_zones', feature: NRMM },
  { layer: 'built_up_areas', feature: BUILT_UP },
] as const;

/** Independent answer: turf's point-in-polygon with boundaries counting as inside. */
function expectedLayers(lng: number, lat: number): string[] {
  return FIXTURES.filter((f) => booleanPointInPolygon(point([lng, lat]), f.feature as Feature<Polygon | MultiPolygon>, { ignoreBoundary: false }))
    .map((f) => f.layer)
    .sort();
}

/** Deterministic pseudo-random points over the fixtures' extent, plus the tricky ones. */
function probePoints(): [number, number][] {
  let s = 42;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const pts: [number, number][] = [];
  for (let i = 0; i < 150; i++) pts.push([113.2 + rnd() * 0.22, 39.98 + rnd() * 0.2]);
  return [
    ...pts,
    [113.25, 40.05], // outer vertex
    [113.3, 40.05], // on an outer edge
    [113.29, 40.08], // inside the hole
    [113.28, 40.08], // on the hole's edge (boundary of the zone → inside)
    [113.35, 40.1], // on the edge shared by coal-ban and built-up
    [113.24, 40.02], // first part of the multipolygon
    [113.34, 40.11], // second part of the multipolygon
    [113.3, 40.03], // between the parts
  ];
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    for (const { layer, feature } of FIXTURES) {
      const v = validateFeature(findLayer(layer)!, feature);
      if (!v.valid) throw new Error(v.reason);
      await writeFeatures(db(), layer, [v.feature]);
    }
  });

  const check = async (query: Record<string, string | number>) => {
    const res = await request(app).get('/api/check').query(query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return checkResponseSchema.parse(res.body);
  };

  it('agrees with turf on every probe point, including holes, multipolygon parts and boundaries', async () => {
    const mismatches: string[] = [];
    for (const [lng, lat] of probePoints()) {
      const body = await check({ lng, lat });
      const got = [...new Set(body.zones.map((z) => z.layer))].sort();
      const want = expectedLayers(lng, lat);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${lng},${lat}: got ${got} want ${want}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('gives signed boundary distances: negative inside, positive outside, ≈ 0 on a boundary', async () => {
    const distances = z.record(z.string(), z.number());
    const problems: string[] = [];
    for (const [lng, lat] of probePoints()) {
      const res = await request(app).get('/api/check').query({ lng, lat }).expect(200);
      const d = distances.parse(res.body.distances);
      const inside = expectedLayers(lng, lat);
      for (const f of FIXTURES) {
        const m = d[f.layer];
        if (m === undefined) problems.push(`${lng},${lat} ${f.layer}: missing`);
        else if (inside.includes(f.layer) ? m > 0 : m <= 0 && Math.abs(m) > 0.05) problems.push(`${lng},${lat} ${f.layer}: ${m}`);
      }
    }
    expect(problems).toEqual([]);
    const edge = distances.parse((await request(app).get('/api/check').query({ lng: 113.3, lat: 40.05 }).expect(200)).body.distances);
    expect(Math.abs(edge.coal_ban_zones!)).toBeLessThan(0.05); // on an outer edge
  });

  it('lists the plan restrictions of each covering zone with its article', async () => {
    const body = await check({ lng: 113.26, lat: 40.06 });
    expect(body.zones.map((z) => z.layer)).toEqual(['coal_ban_zones']);
    const ids = body.rules.map((r) => r.id);
    expect(ids).toContain('coal_ban.no_sales');
    expect(body.rules.every((r) => r.layer === 'coal_ban_zones' && r.article.length > 0 && r.zh.length > 0)).toBe(true);
    expect(body.rules.find((r) => r.id === 'coal_ban.no_sales')?.zoneIds).toEqual([body.zones[0]!.id]);
  });

  it('says which dated rules and time windows are in force at asOf (Asia/Shanghai)', async () => {
    const at = async (asOf: string) => {
      const body = await check({ lng: 113.37, lat: 40.08, asOf });
      const inForce = (id: string) => body.windows.find((w) => w.rule === id)?.inForce;
      return {
        asOf: body.asOf,
        ozone: body.rules.find((r) => r.id === 'built_up.ozone_outdoor_works')?.inForce,
        stagger: inForce('voc.summer_stagger'),
        boilers: inForce('boiler.ultra_low'),
        fumes: inForce('restaurant.fume_purifier'),
      };
    };
    expect(await at('2023-07-01T11:00')).toEqual({ asOf: '2023-07-01T11:00', ozone: true, stagger: true, boilers: false, fumes: false });
    expect(await at('2023-07-01T17:00')).toEqual({ asOf: '2023-07-01T17:00', ozone: false, stagger: false, boilers: false, fumes: false });
    expect(await at('2023-11-01T12:00')).toEqual({ asOf: '2023-11-01T12:00', ozone: false, stagger: false, boilers: true, fumes: true });
    const body = await check({ lng: 113.37, lat: 40.08, asOf: '2024-06-01' });
    expect(body.rules.filter((r) => r.id !== 'built_up.ozone_outdoor_works').every((r) => r.inForce)).toBe(true);
    expect(body.windows.find((w) => w.rule === 'voc.summer_stagger')).toMatchObject({ article: '13', text: { zh: '5月—9月每日10时—17时' } });
    const bad = await request(app).get('/api/check').query({ lng: 113.37, lat: 40.08, asOf: '2023-7-1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_AS_OF');
  });

  it("answers with the bytes of JSON.stringify of the service's verdict (check.json.ts writes them from kept pieces)", async () => {
    // an explicit asOf each time: the service call below must give its verdict for the same moment
    const asOfs = ['2023-07-01T11:00', '2023-11-01T12:00', '2024-06-01'];
    const queries: Record<string, string | number>[] = probePoints().map(([lng, lat], k) => ({ lng, lat, asOf: asOfs[k % asOfs.length]! }));
    const [x, y] = fromWgs84('epsg4547', 113.26, 40.06);
    queries.push({ x, y, crs: 'epsg4547', asOf: asOfs[0]! }, { lng: 10, lat: 10, asOf: asOfs[1]! });
    let warned = 0;
    for (const q of queries) {
      const res = await request(app).get('/api/check').query(q).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const verdict = await checkPointWithDistances(db(), checkInputFrom(Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)]))));
      expect(res.text).toBe(JSON.stringify(verdict));
      if (verdict.warnings.length > 0) warned++;
    }
    expect(warned).toBeGreaterThan(2); // among them answers with warnings (outside the district, the clean-heating gap)
  });

  it('treats a point on the hole boundary as inside and a point in the hole as outside', async () => {
    expect((await check({ lng: 113.28, lat: 40.08 })).zones.map((z) => z.layer)).toContain('coal_ban_zones');
    expect((await check({ lng: 113.29, lat: 40.08 })).zones.map((z) => z.layer)).not.toContain('coal_ban_zones');
  });

  it('converts GCJ-02 input (AMap) back to WGS84 before the check', async () => {
    // A site just inside the hole's east edge in WGS84; its GCJ-02 numbers, read as WGS84, land ~600 m east, outside the hole.
    const wgs: [number, number] = [113.2995, 40.08];
    const [gLng, gLat] = fromWgs84('gcj02', ...wgs);
    expect(gLng - wgs[0]).toBeGreaterThan(0.005); // the offset is real here
    const asGcj = await check({ lng: gLng, lat: gLat, crs: 'gcj02' });
    expect(asGcj.point.lng).toBeCloseTo(wgs[0], 5);
    expect(asGcj.point.lat).toBeCloseTo(wgs[1], 5);
    expect(asGcj.zones.map((z) => z.layer)).toEqual(expectedLayers(...wgs));
    const misread = await check({ lng: gLng, lat: gLat });
    expect(misread.zones.map((z) => z.layer)).toEqual(expectedLayers(gLng, gLat));
    expect(expectedLayers(gLng, gLat)).not.toEqual(expectedLayers(...wgs));
  });

  it('accepts EPSG:4547 x/y and BD-09 with the same answer as WGS84', async () => {
    const wgs: [number, number] = [113.26, 40.06];
    const [x, y] = fromWgs84('epsg4547', ...wgs);
    const gk = await check({ x, y, crs: 'epsg4547' });
    expect(gk.point.lng).toBeCloseTo(wgs[0], 7);
    expect(gk.point.lat).toBeCloseTo(wgs[1], 7);
    const [bLng, bLat] = fromWgs84('bd09', ...wgs);
    const bd = await check({ lng: bLng, lat: bLat, crs: 'bd09' });
    expect(bd.point.lng).toBeCloseTo(wgs[0], 5);
    expect(gk.zones).toEqual((await check({ lng: wgs[0], lat: wgs[1] })).zones);
    expect(bd.zones).toEqual(gk.zones);
  });

  it('warns about likely swapped axes and points outside the district', async () => {
    expect((await check({ lng: 40.08, lat: 89.9 })).warnings.map((w) => w.code)).toContain('OUTSIDE_DISTRICT');
    expect((await check({ lng: 10, lat: 10 })).warnings.map((w) => w.code)).toEqual(['OUTSIDE_DISTRICT']);
    expect((await check({ lng: 113.3, lat: 40.08 })).warnings).toEqual([]);
  });

  describe('bad input gets a clear 400', () => {
    const cases: [string, Record<string, string>][] = [
      ['missing coordinates', {}],
      ['text', { lng: 'abc', lat: '40' }],
      ['swapped lat/lng', { lng: '40.08', lat: '113.3' }],
      ['latitude beyond 90', { lng: '10', lat: '91' }],
      ['infinite', { lng: '1e309', lat: '40' }],
      ['hex', { lng: '0x10', lat: '40' }],
      ['unknown crs', { lng: '113', lat: '40', crs: 'epsg3857' }],
      ['unknown parameter', { lng: '113', lat: '40', sql: '1;DROP TABLE features' }],
      ['x/y swapped for EPSG:4547', { x: '4436000', y: '437000', crs: 'epsg4547' }],
      ['EPSG:4547 without x/y', { lng: '113', lat: '40', crs: 'epsg4547' }],
    ];
    it.each(cases)('%s', async (_name, query) => {
      const res = await request(app).get('/api/check').query(query);
      expect(res.status).toBe(400);
      const body = errorResponse.parse(res.body);
      expect(body.error.message.length).toBeGreaterThan(5);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack|SELECT/i);
    });
    it('says the axes look swapped', async () => {
      const res = await request(app).get('/api/check').query({ lng: '40.08', lat: '113.3' });
      expect(res.body.error.message).toMatch(/swapped/);
    });
  });
});
