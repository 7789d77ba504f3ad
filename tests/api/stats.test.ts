/**
 * Zone statistics against independent answers: zone areas against ellipsoidal SQL (geography,
 * within 0.02 %: the EPSG:4547 scale error here is ≈ 0.009 %) and turf (within 0.3 %: turf's sphere
 * of radius 6378137 m is ≈ 0.12 % larger in area at 40°N); site counts against turf's
 * point-in-polygon with boundaries inside.
 */
import { area, booleanPointInPolygon, centroid, featureCollection, intersect, point, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { statsResponseSchema, type StatsResponse } from '../../server/features/stats/stats.contract.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { SITES } from '../fixtures/analytics-sites.ts';
import { ANALYTICS_ZONES, STREET_GUCHENG, STREET_YINGBIN, type ZoneFixture } from '../fixtures/analytics-zones.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

type Area = Feature<Polygon | MultiPolygon>;
const rect = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** Extra zones so that layers overlap: a built-up square across the coal-ban zone and its hole, an NRMM square across the built-up area and NRMM part B. */
const EXTRA: ZoneFixture[] = [
  {
    layer: 'built_up_areas',
    feature: { type: 'Feature', properties: { name: 'A建成区2' }, geometry: { type: 'Polygon', coordinates: [rect(113.27, 40.06, 113.31, 40.1)] } },
  },
  {
    layer: 'nrmm_control_zones',
    feature: { type: 'Feature', properties: { name: 'A控制区2' }, geometry: { type: 'Polygon', coordinates: [rect(113.38, 40.1, 113.42, 40.13)] } },
  },
];
const ZONES = [...ANALYTICS_ZONES, ...EXTRA];
const ZONE_LAYERS = ['coal_ban_zones', 'built_up_areas', 'nrmm_control_zones'] as const;

const layerUnion = (layer: string): Area => {
  const fs = ZONES.filter((z) => z.layer === layer).map((z) => z.feature);
  return fs.length === 1 ? fs[0]! : (union(featureCollection(fs)) as Area);
};
const sitePoint = (f: Feature) => (f.geometry.type === 'Point' ? f.geometry.coordinates : centroid(f).geometry.coordinates) as [number, number];
const inside = (zone: Area, xy: [number, number]) => booleanPointInPolygon(point(xy), zone, { ignoreBoundary: false });
const relClose = (got: number, want: number, rel: number) => expect(Math.abs(got - want) / want, `${got} vs ${want}`).toBeLessThan(rel);

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    for (const z of ZONES) await insertFixture(db(), z.layer, z.feature);
    for (const s of SITES) await insertFixture(db(), s.layer, s.feature);
  });
  const get = async (): Promise<StatsResponse> => statsResponseSchema.parse((await request(app).get('/api/stats').expect(200)).body);

  it('measures each zone layer as the area of its union, agreeing with geography and turf', async () => {
    const s = await get();
    expect(s.zoneLayers.map((z) => z.layer)).toEqual([...ZONE_LAYERS]);
    const geog = await db().query<{ layer_id: string; m2: number }>(
      `SELECT layer_id, ST_Area(ST_Union(geom)::geography) AS m2 FROM features WHERE layer_id = ANY($1::text[]) GROUP BY layer_id`,
      [ZONE_LAYERS],
    );
    for (const z of s.zoneLayers) {
      expect(z.featureCount).toBe(ZONES.filter((f) => f.layer === z.layer).length);
      relClose(z.areaM2, geog.find((g) => g.layer_id === z.layer)!.m2, 0.0002);
      relClose(z.areaM2, area(layerUnion(z.layer)), 0.003);
    }
  });

  it('gives the share of the built-up area inside the coal-ban zone and inside the NRMM zone (and every other pair)', async () => {
    const s = await get();
    expect(s.overlaps).toHaveLength(6);
    for (const o of s.overlaps) {
      const a = layerUnion(o.layer);
      const shared = intersect(featureCollection([a, layerUnion(o.within)])) as Area | null;
      const want = shared ? area(shared) : 0;
      if (want === 0) expect(o.areaM2).toBeLessThan(1);
      else relClose(o.areaM2, want, 0.003);
      expect(Math.abs(o.sharePct! - (100 * want) / area(a)), `${o.layer} in ${o.within}`).toBeLessThan(0.02);
    }
    const builtInCoalBan = s.overlaps.find((o) => o.layer === 'built_up_areas' && o.within === 'coal_ban_zones')!;
    const builtInNrmm = s.overlaps.find((o) => o.layer === 'built_up_areas' && o.within === 'nrmm_control_zones')!;
    expect(builtInCoalBan.sharePct).toBeGreaterThan(5);
    expect(builtInNrmm.sharePct).toBeGreaterThan(1);
    // symmetric pairs share one area
    const back = s.overlaps.find((o) => o.layer === 'coal_ban_zones' && o.within === 'built_up_areas')!;
    expect(back.areaM2).toBe(builtInCoalBan.areaM2);
  });

  it('counts the sites of each layer per zone layer (boundaries inside, holes outside), agreeing with turf', async () => {
    const s = await get();
    for (const { zoneLayer, counts } of s.sitesByZoneLayer) {
      const zone = layerUnion(zoneLayer);
      for (const [siteLayer, n] of Object.entries(counts)) {
        const want = SITES.filter((x) => x.layer === siteLayer && inside(zone, sitePoint(x.feature))).length;
        expect(n, `${siteLayer} in ${zoneLayer}`).toBe(want);
      }
    }
    for (const [layer, n] of Object.entries(s.siteTotals)) expect(n).toBe(SITES.filter((x) => x.layer === layer).length);
    expect(s.sitesByZoneLayer.find((z) => z.zoneLayer === 'coal_ban_zones')!.counts.coal_sales_points).toBe(4);
  });

  it('counts sites per street office with the same assignment as the violations list', async () => {
    const s = await get();
    expect(s.sitesByStreet.map((x) => x.code)).toEqual(['140213051', '140213053']);
    const streetOf = (xy: [number, number]) =>
      [STREET_GUCHENG, STREET_YINGBIN]
        .filter((st) => inside(st.feature, xy))
        .map((st) => String(st.feature.properties!.code))
        .sort()[0];
    for (const st of s.sitesByStreet)
      for (const [layer, n] of Object.entries(st.counts))
        expect(n, `${layer} in ${st.code}`).toBe(SITES.filter((x) => x.layer === layer && streetOf(sitePoint(x.feature)) === st.code).length);
    expect(s.sitesOutsideStreets).toMatchObject({ gas_stations: 1, ash_yards: 1, boilers: 0 });
    // a street's violations never exceed what the stats say lies there
    const v = (await request(app).get('/api/violations?street=140213051&layer=truck_units').expect(200)).body;
    expect(v.violations.length).toBeLessThanOrEqual(s.sitesByStreet[0]!.counts.truck_units!);
  });

  it('follows edits at once', async () => {
    const before = await get();
    const id = await insertFixture(db(), 'gas_stations', {
      type: 'Feature',
      properties: { name: 'new station' },
      geometry: { type: 'Point', coordinates: [113.26, 40.06] },
    });
    const after = await get();
    expect(after.siteTotals.gas_stations).toBe(before.siteTotals.gas_stations! + 1);
    expect(after.sitesByZoneLayer.find((z) => z.zoneLayer === 'coal_ban_zones')!.counts.gas_stations).toBe(1);
    await db().query(`UPDATE features SET geom = ST_MakeEnvelope(113.25, 40.05, 113.36, 40.12, 4326) WHERE layer_id = 'built_up_areas' AND name = 'A建成区2'`);
    expect((await get()).overlaps.find((o) => o.layer === 'coal_ban_zones' && o.within === 'built_up_areas')!.sharePct).toBe(100);
    await db().query(`DELETE FROM features WHERE layer_id = 'gas_stations' AND id = $1`, [id]);
    expect((await get()).siteTotals).toEqual(before.siteTotals);
  });

  it('rejects parameters it does not take', async () => {
    expect((await request(app).get('/api/stats?layer=x').expect(400)).body.error.code).toBe('INVALID_PARAMETER');
  });
});
