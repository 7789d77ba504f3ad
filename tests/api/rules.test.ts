import { booleanPointInPolygon, centroid, point } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { RULES } from '../../server/features/rules/catalogue/index.ts';
import { compileCondition } from '../../server/features/rules/condition.compiler.ts';
import type { Condition } from '../../server/features/rules/rule.ts';
import {
  featureViolationsResponseSchema,
  rulesResponseSchema,
  violationsResponseSchema,
  type Violation,
} from '../../server/features/rules/rules.contract.ts';
import { SqlParams } from '../../server/features/rules/sql-params.ts';
import { ANALYTICS_ZONES, BUILT_UP, COAL_BAN, NRMM, STREET_GUCHENG, STREET_YINGBIN } from '../fixtures/analytics-zones.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { SITES } from '../fixtures/analytics-sites.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const key = (rule: string, name: string) => `${rule} | ${name}`;
const expectedPairs = SITES.flatMap((s) => s.violates.map((r) => key(r, String(s.feature.properties!.name)))).sort();

/** Where the site is, for the independent (turf) answers: the point, or a polygon's centroid. */
const sitePoint = (f: Feature) => (f.geometry.type === 'Point' ? f.geometry.coordinates : centroid(f).geometry.coordinates) as [number, number];
const inside = (zone: Feature<Polygon | MultiPolygon>, xy: [number, number]) => booleanPointInPolygon(point(xy), zone, { ignoreBoundary: false });
/** The street a site counts for: the covering street with the lowest code (the API's tie-break). */
function expectedStreet(xy: [number, number]): string | undefined {
  return [STREET_GUCHENG, STREET_YINGBIN]
    .filter((s) => inside(s.feature, xy))
    .map((s) => String(s.feature.properties!.code))
    .sort()[0];
}

describe('the site fixtures', () => {
  it('give every rule at least one positive and one negative case', () => {
    for (const rule of RULES) {
      expect(SITES.some((s) => s.violates.includes(rule.id)), `${rule.id} positive`).toBe(true);
      expect(SITES.some((s) => s.clears.includes(rule.id) && !s.violates.includes(rule.id)), `${rule.id} negative`).toBe(true);
    }
  });
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  const ids = new Map<string, number>();
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`no fixture ${name}`);
    return id;
  };
  const nameOf = new Map<string, string>();

  beforeAll(async () => {
    app = testApp(db());
    for (const z of ANALYTICS_ZONES) ids.set(String(z.feature.properties!.name), await insertFixture(db(), z.layer, z.feature));
    for (const s of SITES) {
      const name = String(s.feature.properties!.name);
      const id = await insertFixture(db(), s.layer, s.feature);
      ids.set(name, id);
      nameOf.set(String(id), name);
    }
  });

  const list = async (query: Record<string, string> = {}) => {
    const res = await request(app).get('/api/violations').query(query);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return violationsResponseSchema.parse(res.body);
  };
  const pairs = (vs: readonly Violation[]) => vs.map((v) => key(v.rule, v.name)).sort();

  it('flags exactly the marked cases: boundaries inside, holes outside, both multipolygon parts', async () => {
    const body = await list();
    expect(pairs(body.violations)).toEqual(expectedPairs);
  });

  it('reports each violation with its article, layer, point and the zones it lies in (agreeing with turf)', async () => {
    const { violations } = await list();
    const zones = [COAL_BAN, BUILT_UP, NRMM];
    for (const v of violations) {
      const rule = RULES.find((r) => r.id === v.rule)!;
      const fixture = SITES.find((s) => s.feature.properties!.name === v.name)!;
      expect(v).toMatchObject({ article: rule.article, layer: rule.siteLayer, featureId: String(idOf(v.name)) });
      const xy = sitePoint(fixture.feature);
      if (fixture.feature.geometry.type === 'Point') {
        expect(v.lng).toBeCloseTo(xy[0], 9);
        expect(v.lat).toBeCloseTo(xy[1], 9);
      }
      const wantZones = zones
        .filter((z) => rule.zoneLayers.includes(z.layer) && inside(z.feature, xy))
        .map((z) => String(idOf(String(z.feature.properties!.name))))
        .sort();
      expect([...v.zoneIds].sort(), v.name).toEqual(wantZones);
    }
    const edge = violations.find((v) => v.name === 'BOI coal on shared edge')!;
    expect(edge.zoneIds.sort()).toEqual([String(idOf('A禁煤区（带洞）')), String(idOf('A建成区'))].sort());
  });

  it('assigns each violation to the street office covering it (lowest code on a shared edge)', async () => {
    const { violations, counts } = await list();
    for (const v of violations) {
      const fixture = SITES.find((s) => s.feature.properties!.name === v.name)!;
      expect(v.streetCode, v.name).toBe(expectedStreet(sitePoint(fixture.feature)));
      if (v.streetCode) expect(v.streetName).toBe(v.streetCode === '140213051' ? '古城街道' : '迎宾街道');
    }
    expect(violations.find((v) => v.name === 'TRUCK 10 no gate')?.streetCode).toBe('140213051');
    const outside = violations.filter((v) => v.streetCode === undefined).map((v) => v.name).sort();
    expect(outside).toEqual(['ASH closed not restored', 'GAS 8000.5 t unrecorded, outside streets']);
    expect(counts.noStreet).toBe(2);
  });

  it('counts by rule (every rule, zeros included) and by street', async () => {
    const { violations, counts } = await list();
    expect(Object.keys(counts.byRule)).toEqual(RULES.map((r) => r.id));
    for (const r of RULES) expect(counts.byRule[r.id]).toBe(expectedPairs.filter((p) => p.startsWith(`${r.id} |`)).length);
    expect(counts.total).toBe(violations.length);
    const streets = Object.values(counts.byStreet).reduce((a, b) => a + b, 0);
    expect(streets + counts.noStreet).toBe(counts.total);
    expect(counts.byStreet['140213051']).toBe(violations.filter((v) => v.streetCode === '140213051').length);
  });

  describe('filters', () => {
    it('by rule and by layer', async () => {
      const byRule = await list({ rule: 'coal_ban.sales_point' });
      expect(pairs(byRule.violations)).toEqual(expectedPairs.filter((p) => p.startsWith('coal_ban.sales_point |')));
      expect(Object.keys(byRule.counts.byRule)).toEqual(['coal_ban.sales_point']);
      const byLayer = await list({ layer: 'nrmm_machines' });
      expect(new Set(byLayer.violations.map((v) => v.rule))).toEqual(new Set(['nrmm.low_stage', 'nrmm.unregistered', 'nrmm.black_smoke']));
      expect(byLayer.violations).toHaveLength(expectedPairs.filter((p) => p.startsWith('nrmm.')).length);
      expect((await list({ layer: 'streets' })).violations).toEqual([]);
      expect((await list({ layer: 'gas_stations', rule: 'coal_ban.boiler' })).violations).toEqual([]);
    });

    it('by street office, given its code or its feature id', async () => {
      const all = await list();
      const byCode = await list({ street: '140213053' });
      expect(byCode.violations).toEqual(all.violations.filter((v) => v.streetCode === '140213053'));
      const byId = await list({ street: String(idOf('迎宾街道')) });
      expect(byId.violations).toEqual(byCode.violations);
      expect(byCode.counts.byStreet).toEqual({ '140213053': byCode.violations.length });
    });

    it('by zone: sites lying in that zone feature, for spatial and non-spatial rules alike', async () => {
      const body = await list({ zone: String(idOf('A禁煤区（带洞）')) });
      expect(pairs(body.violations)).toEqual(
        [
          key('coal_ban.sales_point', 'CSP operating inside'),
          key('coal_ban.sales_point', 'CSP suspected on outer edge'),
          key('coal_ban.sales_point', 'CSP operating on hole edge'),
          key('coal_ban.boiler', 'BOI coal in coal-ban'),
          key('coal_ban.boiler', 'BOI coal on shared edge'),
          key('site.video', 'SITE above scale not linked'),
        ].sort(),
      );
      const nrmm = await list({ zone: String(idOf('A非道路机械控制区（两块）')), rule: 'nrmm.unregistered' });
      expect(pairs(nrmm.violations)).toEqual([key('nrmm.unregistered', 'NRMM all three'), key('nrmm.unregistered', 'NRMM blank code part B'), key('nrmm.unregistered', 'NRMM no code')].sort());
    });

    it('by bbox (edges included)', async () => {
      const body = await list({ bbox: '113.25,40.05,113.28,40.12' });
      expect(pairs(body.violations)).toEqual(
        [
          key('coal_ban.sales_point', 'CSP operating inside'),
          key('coal_ban.sales_point', 'CSP suspected on outer edge'),
          key('coal_ban.sales_point', 'CSP operating on hole edge'),
          key('coal_ban.boiler', 'BOI coal in coal-ban'),
          key('site.video', 'SITE above scale not linked'),
        ].sort(),
      );
    });
  });

  it('exports the violating features as a GeoJSON download, one feature per site with all its rules', async () => {
    const res = await request(app).get('/api/violations.geojson').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?violations-\d{4}-\d{2}-\d{2}\.geojson"?$/);
    const fc = JSON.parse(res.text) as { type: string; features: { id: number; geometry: unknown; properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    const flagged = SITES.filter((s) => s.violates.length > 0);
    expect(fc.features).toHaveLength(flagged.length);
    for (const s of flagged) {
      const f = fc.features.find((x) => x.properties.name === s.feature.properties!.name)!;
      expect(f.id).toBe(idOf(String(s.feature.properties!.name)));
      expect(f.geometry).toEqual(s.feature.geometry);
      expect([...(f.properties.rules as string[])].sort()).toEqual([...s.violates].sort());
      expect(f.properties.layer).toBe(s.layer);
      expect(f.properties.is_demo).toBe(false);
    }
    const three = fc.features.find((f) => f.properties.name === 'SITE breaks three')!;
    expect(three.properties).toMatchObject({ site_type: 'demolition', articles: ['10'], street_code: '140213053', street_name: '迎宾街道' });
    const filtered = JSON.parse((await request(app).get('/api/violations.geojson?rule=gas_station.online').expect(200)).text);
    expect(filtered.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(['GAS 5000 t not linked', 'GAS 8000.5 t unrecorded, outside streets']);
  });

  it('lists the violations of one feature', async () => {
    const get = async (layer: string, name: string) => {
      const res = await request(app).get(`/api/features/${layer}/${idOf(name)}/violations`).expect(200);
      return featureViolationsResponseSchema.parse(res.body);
    };
    const three = await get('construction_sites', 'SITE breaks three');
    expect(three).toMatchObject({ layer: 'construction_sites', featureId: String(idOf('SITE breaks three')), name: 'SITE breaks three' });
    expect(three.violations.map((v) => v.rule)).toEqual(['site.video', 'site.six_measures', 'site.demolition_wet']);
    expect((await get('construction_sites', 'SITE all six')).violations).toEqual([]);
    expect((await get('coal_ban_zones', 'A禁煤区（带洞）')).violations).toEqual([]);
    const edge = await get('boilers', 'BOI coal on shared edge');
    expect(edge.violations).toEqual((await list({ rule: 'coal_ban.boiler' })).violations.filter((v) => v.name === 'BOI coal on shared edge'));
  });

  it('serves the rule catalogue with articles, both languages and the layers involved', async () => {
    const body = rulesResponseSchema.parse((await request(app).get('/api/rules').expect(200)).body);
    expect(body.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(body.rules.find((r) => r.id === 'coal_ban.boiler')).toMatchObject({
      article: '4, 6',
      siteLayer: 'boilers',
      zoneLayers: ['coal_ban_zones', 'built_up_areas'],
      predicate: 'covers',
    });
    expect(body.rules.find((r) => r.id === 'site.video')).toMatchObject({ zoneLayers: [], predicate: null });
  });

  it('follows edits at once: new features, changed attributes, moved geometry', async () => {
    const rule = { rule: 'coal_ban.sales_point' };
    const before = (await list(rule)).violations.length;
    const id = await insertFixture(db(), 'coal_sales_points', {
      type: 'Feature',
      properties: { name: 'CSP added later', status: 'operating' },
      geometry: { type: 'Point', coordinates: [113.33, 40.11] },
    });
    expect((await list(rule)).violations.map((v) => v.name)).toContain('CSP added later');
    await db().query(`UPDATE features SET properties = properties || '{"status":"closed"}'::jsonb WHERE layer_id = 'coal_sales_points' AND id = $1`, [id]);
    expect((await list(rule)).violations).toHaveLength(before);
    await db().query(`UPDATE features SET properties = properties || '{"status":"suspected"}'::jsonb WHERE layer_id = 'coal_sales_points' AND id = $1`, [id]);
    expect((await list(rule)).violations).toHaveLength(before + 1);
    await db().query(`UPDATE features SET geom = ST_SetSRID(ST_MakePoint(113.29, 40.08), 4326) WHERE layer_id = 'coal_sales_points' AND id = $1`, [id]);
    expect((await list(rule)).violations).toHaveLength(before);
    await db().query(`DELETE FROM features WHERE layer_id = 'coal_sales_points' AND id = $1`, [id]);
    expect((await list(rule)).violations).toHaveLength(before);
    // an edited zone moves the answer too: filling the coal-ban zone's hole swallows the point in it
    const zone = idOf('A禁煤区（带洞）');
    const [{ old } = { old: '' }] = await db().query<{ old: string }>(`SELECT ST_AsEWKT(geom) AS old FROM features WHERE layer_id = 'coal_ban_zones' AND id = $1`, [zone]);
    await db().query(`UPDATE features SET geom = ST_MakePolygon(ST_ExteriorRing(geom)) WHERE layer_id = 'coal_ban_zones' AND id = $1`, [zone]);
    expect((await list(rule)).violations.map((v) => v.name)).toContain('CSP operating in hole');
    await db().query(`UPDATE features SET geom = ST_GeomFromEWKT($2) WHERE layer_id = 'coal_ban_zones' AND id = $1`, [zone, old]);
    expect((await list(rule)).violations).toHaveLength(before);
  });

  describe('bad requests get a JSON 400/404, never a 500', () => {
    const cases: [string, string, number, string][] = [
      ['unknown rule', '/api/violations?rule=coal_ban.nope', 400, 'UNKNOWN_RULE'],
      ['unknown layer', '/api/violations?layer=nope', 400, 'UNKNOWN_LAYER'],
      ['bad bbox', '/api/violations?bbox=1,2,3', 400, 'INVALID_BBOX'],
      ['swapped bbox', '/api/violations?bbox=40,113,41,114', 400, 'INVALID_BBOX'],
      ['unknown street', '/api/violations?street=999999999', 404, 'NOT_FOUND'],
      ['zone that is not an id', '/api/violations?zone=abc', 400, 'INVALID_ZONE'],
      ['unknown zone', '/api/violations?zone=987654321', 404, 'NOT_FOUND'],
      ['unknown parameter', '/api/violations?sql=1', 400, 'INVALID_PARAMETER'],
      ['repeated rule', '/api/violations?rule=a&rule=b', 400, 'INVALID_PARAMETER'],
      ['export with unknown rule', '/api/violations.geojson?rule=x', 400, 'UNKNOWN_RULE'],
      ['feature of unknown layer', '/api/features/nope/1/violations', 404, 'NOT_FOUND'],
      ['feature id not a number', '/api/features/boilers/1e3/violations', 400, 'INVALID_ID'],
      ['feature that does not exist', '/api/features/boilers/987654321/violations', 404, 'NOT_FOUND'],
    ];
    it.each(cases)('%s', async (_name, url, status, code) => {
      const res = await request(app).get(url);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.messageZh.length).toBeGreaterThan(2);
    });
    it('rejects a zone id that belongs to a site layer', async () => {
      await request(app).get(`/api/violations?zone=${idOf('CSP operating inside')}`).expect(404);
    });
  });

  describe('attribute tests decide odd stored values on purpose', () => {
    const evalCondition = async (layerId: string, c: Condition, propsJson: string) => {
      const p = new SqlParams();
      const sql = compileCondition(c, findLayer(layerId)!, 's', p);
      const props = p.bind(propsJson, 'jsonb');
      const [row] = await db().query<{ v: boolean }>(`SELECT ${sql} AS v FROM (SELECT ${props} AS properties) s`, p.values);
      return row!.v;
    };
    const cases: [string, Condition, string, boolean][] = [
      ['gte at the threshold', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": 5000}', true],
      ['gte with a decimal point', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": 5000.0}', true],
      ['gte just below', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": 4999.99}', false],
      ['gte on a number stored as text', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": "6000"}', false],
      ['gte when missing', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{}', false],
      ['gte when null', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": null}', false],
      ['lt when missing', { attr: 'annual_sales_t', op: 'lt', value: 5000 }, '{}', false],
      ['lt below', { attr: 'annual_sales_t', op: 'lt', value: 5000 }, '{"annual_sales_t": 10}', true],
      ['eq number vs decimal', { attr: 'annual_sales_t', op: 'eq', value: 5000 }, '{"annual_sales_t": 5000.00}', true],
      ['isTrue on true', { attr: 'online_monitoring', op: 'isTrue' }, '{"online_monitoring": true}', true],
      ['isTrue on the text "true"', { attr: 'online_monitoring', op: 'isTrue' }, '{"online_monitoring": "true"}', false],
      ['isTrue when missing', { attr: 'online_monitoring', op: 'isTrue' }, '{}', false],
      ['notTrue on false', { attr: 'online_monitoring', op: 'notTrue' }, '{"online_monitoring": false}', true],
      ['notTrue when missing', { attr: 'online_monitoring', op: 'notTrue' }, '{}', true],
      ['notTrue when null', { attr: 'online_monitoring', op: 'notTrue' }, '{"online_monitoring": null}', true],
      ['notTrue on true', { attr: 'online_monitoring', op: 'notTrue' }, '{"online_monitoring": true}', false],
      ['missing when absent', { attr: 'operator', op: 'missing' }, '{}', true],
      ['missing when blank', { attr: 'operator', op: 'missing' }, '{"operator": " \\t"}', true],
      ['missing when an ideographic space', { attr: 'operator', op: 'missing' }, '{"operator": "\u3000"}', true],
      ['missing when null', { attr: 'operator', op: 'missing' }, '{"operator": null}', true],
      ['missing when present', { attr: 'operator', op: 'missing' }, '{"operator": "中石化"}', false],
      ['eq when missing', { attr: 'operator', op: 'eq', value: 'x' }, '{}', false],
      ['ne when missing', { attr: 'operator', op: 'ne', value: 'x' }, '{}', true],
      ['ne when equal', { attr: 'operator', op: 'ne', value: 'x' }, '{"operator": "x"}', false],
      ['any with one missing part', { any: [{ attr: 'operator', op: 'eq', value: 'x' }, { attr: 'online_monitoring', op: 'notTrue' }] }, '{}', true],
      ['all with one missing part', { all: [{ attr: 'operator', op: 'eq', value: 'x' }, { attr: 'online_monitoring', op: 'notTrue' }] }, '{}', false],
    ];
    it.each(cases)('%s', async (_name, c, props, want) => {
      expect(await evalCondition('gas_stations', c, props)).toBe(want);
    });
    it.each([
      ['"operating"', true],
      ['"closed"', false],
      ['null', false],
      ['["operating"]', false],
    ])('in on status %s', async (value, want) => {
      expect(await evalCondition('coal_sales_points', { attr: 'status', op: 'in', value: ['operating', 'suspected'] }, `{"status": ${value}}`)).toBe(want);
    });
  });
});
