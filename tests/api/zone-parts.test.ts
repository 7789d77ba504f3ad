/**
 * The violation scan joins sites with the zones' ST_Subdivide'd parts (migration 005). The parts
 * must follow every write of a zone, and the scan over them must say exactly what a point-in-polygon
 * test over the whole zone says (checked independently with turf).
 */
import { booleanPointInPolygon } from '@turf/turf';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { blob, machineProperties, rng } from '../../bench/synthetic.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const r = rng(21);
const RING = blob(r, [113.3, 40.08], 0.03, 3000);
const SITES = Array.from({ length: 400 }, (_, i) => ({
  type: 'Feature',
  properties: { ...machineProperties(r, i), emission_stage: 'I', exempt_use: false },
  geometry: { type: 'Point', coordinates: [113.26 + r() * 0.08, 40.05 + r() * 0.06] },
}));
// sites exactly on two of the zone's vertices: the boundary counts as inside
SITES.push({
  type: 'Feature',
  properties: { ...machineProperties(r, 400), emission_stage: 'I', exempt_use: false },
  geometry: { type: 'Point', coordinates: RING[100]! },
});
SITES.push({
  type: 'Feature',
  properties: { ...machineProperties(r, 401), emission_stage: 'I', exempt_use: false },
  geometry: { type: 'Point', coordinates: RING[2000]! },
});

const valid = (layer: string, f: unknown) => {
  const v = validateFeature(findLayer(layer)!, f);
  if (!v.valid) throw new Error(v.reason);
  return v.feature;
};

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let zoneId: number;
  let siteIds: number[];
  beforeAll(async () => {
    app = testApp(db());
    [zoneId] = (await writeFeatures(db(), 'nrmm_control_zones', [
      valid('nrmm_control_zones', { type: 'Feature', properties: { name: '大区' }, geometry: { type: 'Polygon', coordinates: [RING] } }),
    ])) as [number];
    siteIds = await writeFeatures(
      db(),
      'nrmm_machines',
      SITES.map((f) => valid('nrmm_machines', f)),
    );
  });

  const flagged = async () => {
    const res = await request(app).get('/api/violations?rule=nrmm.low_stage').expect(200);
    return new Set(
      (res.body.violations as { featureId: string; zoneIds: string[] }[]).map((v) => {
        expect(v.zoneIds).toEqual([String(zoneId)]);
        return Number(v.featureId);
      }),
    );
  };
  const expected = (ring: [number, number][]) =>
    new Set(SITES.flatMap((s, i) => (booleanPointInPolygon(s.geometry.coordinates, { type: 'Polygon', coordinates: [ring] }) ? [siteIds[i]!] : [])));

  it('cuts a big zone into small parts that cover exactly the zone', async () => {
    const [row] = await db().query<{ n: number; max: number; same: boolean }>(
      `SELECT count(*)::int AS n, max(ST_NPoints(p.geom))::int AS max,
              ST_Area(ST_SymDifference(ST_Union(p.geom), z.geom)) / ST_Area(z.geom) < 1e-9 AS same
         FROM zone_parts p, features z
        WHERE p.layer_id = 'nrmm_control_zones' AND p.feature_id = $1 AND z.layer_id = 'nrmm_control_zones' AND z.id = $1
        GROUP BY z.geom`,
      [zoneId],
    );
    expect(row!.n).toBeGreaterThan(10);
    expect(row!.max).toBeLessThanOrEqual(256 + 10);
    expect(row!.same).toBe(true);
  });

  it('flags exactly the sites a point-in-polygon test puts in the zone, boundary included', async () => {
    const want = expected(RING);
    expect(want.size).toBeGreaterThan(50);
    expect(want.size).toBeLessThan(SITES.length - 50);
    expect(want.has(siteIds[400]!)).toBe(true);
    expect(await flagged()).toEqual(want);
  });

  it("carries the zone's attributes on every part and follows an edit of them alone, without cutting the zone again", async () => {
    const parts = () =>
      db().query<{ geom: string; properties: Record<string, unknown>; zone: Record<string, unknown> }>(
        `SELECT ST_AsText(p.geom) AS geom, p.properties, z.properties AS zone
           FROM zone_parts p JOIN features z ON z.layer_id = p.layer_id AND z.id = p.feature_id
          WHERE p.layer_id = 'nrmm_control_zones' AND p.feature_id = $1 ORDER BY 1`,
        [zoneId],
      );
    const before = await parts();
    expect(before.length).toBeGreaterThan(10);
    expect(before.every((p) => JSON.stringify(p.properties) === JSON.stringify(p.zone) && !('min_stage' in p.properties))).toBe(true);
    await db().query(`UPDATE features SET properties = properties || '{"min_stage":"IV"}'::jsonb WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zoneId]);
    const after = await parts();
    expect(after.map((p) => p.geom)).toEqual(before.map((p) => p.geom));
    expect(after.every((p) => p.properties.min_stage === 'IV' && JSON.stringify(p.properties) === JSON.stringify(p.zone))).toBe(true);
    await db().query(`UPDATE features SET properties = properties - 'min_stage' WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zoneId]);
    expect((await parts()).every((p) => !('min_stage' in p.properties))).toBe(true);
  });

  it('follows the zone when it moves and when it is deleted', async () => {
    await db().query(`UPDATE features SET geom = ST_Translate(geom, 0.01, 0) WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zoneId]);
    const moved = RING.map(([x, y]) => [x + 0.01, y] as [number, number]);
    // translation in floating point may move a vertex by an ulp: compare away from the boundary sites
    const got = await flagged();
    const want = expected(moved);
    for (const id of [siteIds[400]!, siteIds[401]!]) {
      got.delete(id);
      want.delete(id);
    }
    expect(got).toEqual(want);
    await db().query(`DELETE FROM features WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zoneId]);
    expect((await flagged()).size).toBe(0);
    const [left] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM zone_parts WHERE feature_id = $1`, [zoneId]);
    expect(left!.n).toBe(0);
  });
});
