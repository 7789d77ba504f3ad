/**
 * Export "violations only" (`/api/layers/{id}/export.*?violations=only[&rule=]`) on both databases.
 * Expected ids come from two places: the fixtures' own `violates` lists (written by hand, no SQL)
 * and GET /api/violations?layer= (the rules feature's endpoint). With a bbox, the fixture side is
 * filtered by turf. A layer no rule applies to is a 400 (documented in io.routes.ts).
 */
import { bbox as turfBbox, bboxPolygon, booleanIntersects } from '@turf/turf';
import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import request from 'supertest';
import { RULES } from '../../server/features/rules/catalogue/index.ts';
import { ANALYTICS_ZONES } from '../fixtures/analytics-zones.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { FIXTURE_AS_OF, SITES } from '../fixtures/analytics-sites.ts';
import { getBuffer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const RULE_LAYERS = [...new Set(RULES.map((r) => r.siteLayer))];
const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  /** fixture name → id in this database */
  const idOf = new Map<string, number>();

  beforeAll(async () => {
    app = testApp(db());
    for (const z of ANALYTICS_ZONES) await insertFixture(db(), z.layer, z.feature);
    for (const s of SITES) idOf.set(String(s.feature.properties!.name), await insertFixture(db(), s.layer, s.feature));
  });

  /** The ids the fixtures say violate (any rule, or `rule`), optionally only those meeting `bbox`. */
  const fixtureIds = (layer: string, rule?: string, bbox?: [number, number, number, number], withUnverified = false) =>
    sorted(
      SITES.filter((s) => {
        const flagged = withUnverified ? [...s.violates, ...s.unverified] : s.violates;
        return s.layer === layer && (rule ? flagged.includes(rule) : flagged.length > 0);
      })
        .filter((s) => !bbox || booleanIntersects(s.feature, bboxPolygon(bbox)))
        .map((s) => idOf.get(String(s.feature.properties!.name))!),
    );
  const apiIds = async (query: Record<string, string>) => {
    const res = await request(app)
      .get('/api/violations')
      .query({ outcome: 'violation', asOf: FIXTURE_AS_OF, ...query })
      .expect(200);
    return sorted(new Set((res.body as { violations: { featureId: string }[] }).violations.map((v) => Number(v.featureId))));
  };
  /** Rule evaluation pinned to FIXTURE_AS_OF (asOf only goes with violations=only). */
  const withAsOf = (qs: string) => (qs.includes('violations=only') ? `${qs}&asOf=${FIXTURE_AS_OF}` : qs);
  const exportGeojson = async (layer: string, qs: string) => {
    const res = await getBuffer(app, `/api/layers/${layer}/export.geojson?${withAsOf(qs)}`);
    expect(res.status, (res.body as Buffer).toString('utf8')).toBe(200);
    return JSON.parse((res.body as Buffer).toString('utf8')) as { features: { id: number; properties: Record<string, unknown> }[] };
  };
  const exportCsvIds = async (layer: string, qs: string) => {
    const res = await getBuffer(app, `/api/layers/${layer}/export.csv?${withAsOf(qs)}`).expect(200);
    const rows = parse((res.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as { id: string }[];
    return sorted(rows.map((r) => Number(r.id)));
  };

  it.each(RULE_LAYERS)('%s: GeoJSON and CSV hold exactly the violating features', async (layer) => {
    const want = fixtureIds(layer);
    expect(want.length).toBeGreaterThan(0);
    // the fixtures have compliant sites on every rule layer too, so the filter really filters
    expect(SITES.filter((s) => s.layer === layer).length).toBeGreaterThan(want.length);
    expect(await apiIds({ layer })).toEqual(want);
    const fc = await exportGeojson(layer, 'violations=only');
    expect(sorted(fc.features.map((f) => f.id))).toEqual(want);
    expect(await exportCsvIds(layer, 'violations=only')).toEqual(want);
  });

  it('keeps outcome 违规 only unless outcome=all (待核查 too) or outcome=unverified', async () => {
    for (const layer of RULE_LAYERS) {
      const all = fixtureIds(layer, undefined, undefined, true);
      expect(await exportCsvIds(layer, 'violations=only&outcome=all'), layer).toEqual(all);
      expect(all.length, layer).toBeGreaterThanOrEqual(fixtureIds(layer).length);
      const unverified = sorted(SITES.filter((s) => s.layer === layer && s.unverified.length).map((s) => idOf.get(String(s.feature.properties!.name))!));
      expect(await exportCsvIds(layer, 'violations=only&outcome=unverified'), layer).toEqual(unverified);
    }
    // art. 13's window: outside it the coating enterprise is not exported
    const out = await getBuffer(app, '/api/layers/voc_enterprises/export.csv?violations=only&rule=voc.summer_stagger&asOf=2024-12-01T11:00').expect(200);
    expect((out.body as Buffer).toString('utf8').trim().split('\n')).toHaveLength(1);
  });

  it('combines with a bbox (the same answer as /api/violations?bbox=, and as turf)', async () => {
    // the west half of the test area: cuts through the zones and the site clusters
    const box: [number, number, number, number] = [113.2, 39.95, 113.3, 40.2];
    const qs = `violations=only&bbox=${box.join(',')}`;
    let nonEmpty = 0;
    let cut = 0;
    for (const layer of RULE_LAYERS) {
      const want = fixtureIds(layer, undefined, box);
      expect(await apiIds({ layer, bbox: box.join(',') }), layer).toEqual(want);
      expect(sorted((await exportGeojson(layer, qs)).features.map((f) => f.id)), layer).toEqual(want);
      expect(await exportCsvIds(layer, qs), layer).toEqual(want);
      if (want.length) nonEmpty++;
      if (want.length < fixtureIds(layer).length) cut++;
    }
    // the box is neither empty nor everything
    expect(nonEmpty).toBeGreaterThan(0);
    expect(cut).toBeGreaterThan(0);
    // sanity: the bbox used by turf is the one sent
    expect(turfBbox(bboxPolygon(box))).toEqual(box);
  });

  it('narrows to one rule with rule=, and combines with attribute filters', async () => {
    for (const rule of RULES) {
      const want = fixtureIds(rule.siteLayer, rule.id);
      expect(await apiIds({ layer: rule.siteLayer, rule: rule.id }), rule.id).toEqual(want);
      expect(await exportCsvIds(rule.siteLayer, `violations=only&rule=${rule.id}`), rule.id).toEqual(want);
    }
    const fc = await exportGeojson('construction_sites', 'violations=only&status=active');
    const active = fixtureIds('construction_sites').filter((id) => {
      const s = SITES.find((x) => idOf.get(String(x.feature.properties!.name)) === id)!;
      return s.feature.properties!.status === 'active';
    });
    expect(sorted(fc.features.map((f) => f.id))).toEqual(active);
    expect(fc.features.every((f) => f.properties.status === 'active')).toBe(true);
  });

  it('KML and Shapefile exports take the filter too', async () => {
    const want = fixtureIds('boilers');
    const kml = ((await getBuffer(app, `/api/layers/boilers/export.kml?violations=only&asOf=${FIXTURE_AS_OF}`).expect(200)).body as Buffer).toString('utf8');
    expect(kml.match(/<Placemark/g) ?? []).toHaveLength(want.length);
    await getBuffer(app, '/api/layers/boilers/export.shp.zip?violations=only').expect(200);
  });

  it('answers 400 for a layer no rule applies to, a rule of another layer, and malformed parameters', async () => {
    const zone = await getBuffer(app, '/api/layers/coal_ban_zones/export.geojson?violations=only').expect(400);
    expect(JSON.parse((zone.body as Buffer).toString('utf8')).error.code).toBe('NO_RULES_FOR_LAYER');
    const other = await getBuffer(app, `/api/layers/boilers/export.csv?violations=only&rule=${RULES.find((r) => r.siteLayer !== 'boilers')!.id}`).expect(400);
    expect(JSON.parse((other.body as Buffer).toString('utf8')).error.code).toBe('RULE_NOT_FOR_LAYER');
    await getBuffer(app, '/api/layers/boilers/export.csv?violations=all').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?rule=coal.boiler').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?outcome=all').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?violations=only&outcome=maybe').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?violations=only&asOf=2023-13-01').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?violations=only&violations=only').expect(400);
    // without the parameter the whole layer comes out, compliant sites included
    const all = await exportGeojson('boilers', '');
    expect(all.features.length).toBe(SITES.filter((s) => s.layer === 'boilers').length);
  });
});
