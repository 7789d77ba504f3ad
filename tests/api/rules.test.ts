import { booleanPointInPolygon, centroid, point } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { RULES } from '../../server/features/rules/catalogue/index.ts';
import { compileCondition } from '../../server/features/rules/condition.compiler.ts';
import type { Condition, Rule } from '../../server/features/rules/rule.ts';
import { featureViolationsResponseSchema, rulesResponseSchema, violationsResponseSchema, type Violation } from '../../server/features/rules/rules.contract.ts';
import { SqlParams } from '../../server/features/rules/sql-params.ts';
import { ANALYTICS_ZONES, BUILT_UP, COAL_BAN, NRMM, STREET_GUCHENG, STREET_YINGBIN } from '../fixtures/analytics-zones.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { FIXTURE_AS_OF, SITES } from '../fixtures/analytics-sites.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const key = (rule: string, name: string, outcome = 'violation') => `${rule} | ${name} | ${outcome}`;
const nameOfSite = (s: (typeof SITES)[number]) => String(s.feature.properties!.name);
const expectedPairs = SITES.flatMap((s) => [
  ...s.violates.map((r) => key(r, nameOfSite(s))),
  ...s.unverified.map((r) => key(r, nameOfSite(s), 'unverified')),
]).sort();
/**
 * A condition can come out unknown unless every test decides unrecorded values on purpose or reads
 * a required site attribute (validation keeps those recorded) without an `unknown` option.
 */
const canBeUnknown = (layer: string, c: Condition): boolean => {
  if ('all' in c || 'any' in c) return ('all' in c ? c.all : c.any).some((x) => canBeUnknown(layer, x));
  const def = findLayer(layer)!.attributes.find((a) => a.key === c.attr);
  const alwaysRecorded = c.of !== 'zone' && def?.required === true && !(def.type === 'enum' && def.options.some((o) => o.value === 'unknown'));
  return c.op !== 'missing' && c.ifUnrecorded === undefined && !alwaysRecorded;
};
const unknowable = (r: Rule) =>
  canBeUnknown(r.siteLayer, r.condition) || (r.exemptOutside !== undefined && canBeUnknown(r.siteLayer, r.exemptOutside.condition));

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
  it('give every rule a positive, a negative and (where its data can be missing) a 待核查 case', () => {
    for (const rule of RULES) {
      expect(
        SITES.some((s) => s.violates.includes(rule.id)),
        `${rule.id} positive`,
      ).toBe(true);
      expect(
        SITES.some((s) => s.clears.includes(rule.id) && !s.violates.includes(rule.id) && !s.unverified.includes(rule.id)),
        `${rule.id} negative`,
      ).toBe(true);
      if (unknowable(rule))
        expect(
          SITES.some((s) => s.unverified.includes(rule.id)),
          `${rule.id} unverified`,
        ).toBe(true);
    }
    for (const s of SITES)
      expect(
        s.violates.filter((r) => s.unverified.includes(r)),
        nameOfSite(s),
      ).toEqual([]);
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
    const res = await request(app)
      .get('/api/violations')
      .query({ asOf: FIXTURE_AS_OF, ...query });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return violationsResponseSchema.parse(res.body);
  };
  const pairs = (vs: readonly Violation[]) => vs.map((v) => key(v.rule, v.name, v.outcome)).sort();
  /** The fixture pairs whose site lies in `zone` (turf, boundary included). */
  const pairsWhere = (where: (xy: [number, number]) => boolean) =>
    SITES.filter((s) => where(sitePoint(s.feature)))
      .flatMap((s) => [...s.violates.map((r) => key(r, nameOfSite(s))), ...s.unverified.map((r) => key(r, nameOfSite(s), 'unverified'))])
      .sort();

  it('flags exactly the marked cases: boundaries inside, holes outside, both multipolygon parts; unrecorded data as 待核查', async () => {
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
    const edge = violations.find((v) => v.name === 'BOI coal on shared edge' && v.rule === 'coal_ban.boiler')!;
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
    const outside = violations
      .filter((v) => v.streetCode === undefined)
      .map((v) => v.name)
      .sort();
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
      expect(pairs(body.violations)).toEqual(pairsWhere((xy) => inside(COAL_BAN.feature, xy)));
      expect(pairs(body.violations)).toContain(key('coal_ban.boiler', 'BOI use unrecorded in coal-ban, no clean heating', 'unverified'));
      const nrmm = await list({ zone: String(idOf('A非道路机械控制区（两块）')), rule: 'nrmm.unregistered' });
      expect(pairs(nrmm.violations)).toEqual(
        [key('nrmm.unregistered', 'NRMM all three'), key('nrmm.unregistered', 'NRMM blank code part B'), key('nrmm.unregistered', 'NRMM no code')].sort(),
      );
    });

    it('by bbox (edges included)', async () => {
      const body = await list({ bbox: '113.25,40.05,113.28,40.12' });
      const want = pairsWhere(([x, y]) => x >= 113.25 && x <= 113.28 && y >= 40.05 && y <= 40.12);
      expect(want).toContain(key('coal_ban.sales_point', 'CSP suspected on outer edge'));
      expect(pairs(body.violations)).toEqual(want);
    });

    it('by outcome, with counts by outcome', async () => {
      const all = await list();
      expect(all.counts.byOutcome).toEqual({
        violation: expectedPairs.filter((p) => p.endsWith('| violation')).length,
        unverified: expectedPairs.filter((p) => p.endsWith('| unverified')).length,
      });
      expect(all.counts.byOutcome.violation + all.counts.byOutcome.unverified).toBe(all.counts.total);
      for (const outcome of ['violation', 'unverified'] as const) {
        const body = await list({ outcome });
        expect(pairs(body.violations)).toEqual(expectedPairs.filter((p) => p.endsWith(`| ${outcome}`)));
        expect(body.counts.total).toBe(body.violations.length);
        expect(body.counts.byOutcome[outcome]).toBe(body.counts.total);
      }
    });

    it('by unit: the rules naming that lead, supporting or responsible unit', async () => {
      const streets = await list({ unit: '各街道办事处' });
      const ruleIds = RULES.filter((r) => [...r.units.lead, ...(r.units.support ?? []), ...r.units.responsible].includes('各街道办事处')).map((r) => r.id);
      expect(ruleIds).toEqual(expect.arrayContaining(['site.video', 'site.six_measures', 'site.bare_soil', 'site.demolition_wet', 'truck_unit.gate']));
      expect(Object.keys(streets.counts.byRule)).toEqual(ruleIds);
      expect(pairs(streets.violations)).toEqual(expectedPairs.filter((p) => ruleIds.includes(p.split(' | ')[0]!)));
      const kegongju = await list({ unit: '区科工局' });
      expect(Object.keys(kegongju.counts.byRule)).toEqual(expect.arrayContaining(['boiler.ultra_low', 'furnace.coal', 'nrmm.low_stage', 'voc.summer_stagger']));
      expect(Object.keys(kegongju.counts.byRule)).not.toContain('site.video');
    });
  });

  it('exports the violating features as a GeoJSON download, one feature per site with all its rules', async () => {
    const res = await request(app).get(`/api/violations.geojson?asOf=${FIXTURE_AS_OF}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?violations-\d{4}-\d{2}-\d{2}\.geojson"?$/);
    const fc = JSON.parse(res.text) as { type: string; features: { id: number; geometry: unknown; properties: Record<string, unknown> }[] };
    expect(fc.type).toBe('FeatureCollection');
    const flagged = SITES.filter((s) => s.violates.length + s.unverified.length > 0);
    expect(fc.features).toHaveLength(flagged.length);
    for (const s of flagged) {
      const f = fc.features.find((x) => x.properties.name === s.feature.properties!.name)!;
      expect(f.id).toBe(idOf(String(s.feature.properties!.name)));
      expect(f.geometry).toEqual(s.feature.geometry);
      expect([...(f.properties.rules as string[])].sort()).toEqual([...s.violates, ...s.unverified].sort());
      expect(f.properties.outcome).toBe(s.violates.length ? 'violation' : 'unverified');
      expect(f.properties.layer).toBe(s.layer);
      expect(f.properties.is_demo).toBe(false);
    }
    const three = fc.features.find((f) => f.properties.name === 'SITE breaks three')!;
    expect(three.properties).toMatchObject({ site_type: 'demolition', articles: ['10'], street_code: '140213053', street_name: '迎宾街道' });
    const filtered = JSON.parse((await request(app).get('/api/violations.geojson?rule=gas_station.online&outcome=violation').expect(200)).text);
    expect(filtered.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(['GAS 5000 t not linked']);
  });

  it('lists the violations of one feature', async () => {
    const get = async (layer: string, name: string) => {
      const res = await request(app)
        .get(`/api/features/${layer}/${idOf(name)}/violations?asOf=${FIXTURE_AS_OF}`)
        .expect(200);
      return featureViolationsResponseSchema.parse(res.body);
    };
    const three = await get('construction_sites', 'SITE breaks three');
    expect(three).toMatchObject({ layer: 'construction_sites', featureId: String(idOf('SITE breaks three')), name: 'SITE breaks three' });
    expect(three.violations.map((v) => v.rule)).toEqual(['site.video', 'site.six_measures', 'site.demolition_wet']);
    expect(three.violations.find((v) => v.rule === 'site.demolition_wet')).toMatchObject({
      outcome: 'violation',
      evidence: { site_type: 'demolition', status: 'active', wet_demolition: false, fog_cannon: null },
    });
    expect(three.rules?.map((r) => r.id)).toEqual(['site.video', 'site.six_measures', 'site.demolition_wet']);
    expect(three.rules?.[2]).toMatchObject({ article: '10', title: { zh: '拆迁工地未采取湿式作业、雾炮车降尘措施' } });
    const unknown = await get('construction_sites', 'SITE nothing recorded');
    expect(unknown.violations.map((v) => [v.rule, v.outcome])).toEqual([
      ['site.video', 'unverified'],
      ['site.six_measures', 'unverified'],
      ['site.demolition_wet', 'unverified'],
    ]);
    expect((await get('construction_sites', 'SITE all six')).violations).toEqual([]);
    expect((await get('coal_ban_zones', 'A禁煤区（带洞）')).violations).toEqual([]);
    const edge = await get('boilers', 'BOI coal on shared edge');
    expect(edge.violations.filter((v) => v.rule === 'coal_ban.boiler')).toEqual(
      (await list({ rule: 'coal_ban.boiler' })).violations.filter((v) => v.name === 'BOI coal on shared edge'),
    );
  });

  it('serves the rule catalogue with articles, both languages and the layers involved', async () => {
    const body = rulesResponseSchema.parse((await request(app).get('/api/rules').expect(200)).body);
    expect(body.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(body.rules.find((r) => r.id === 'coal_ban.boiler')).toMatchObject({
      article: '6',
      siteLayer: 'boilers',
      zoneLayers: ['coal_ban_zones', 'built_up_areas'],
      predicate: 'covers',
    });
    expect(body.rules.find((r) => r.id === 'site.video')).toMatchObject({ zoneLayers: [], predicate: null, units: { responsible: ['各街道办事处'] } });
    expect(body.rules.find((r) => r.id === 'boiler.ultra_low')).toMatchObject({
      article: '4',
      zoneLayers: [],
      inForce: { from: '2023-11-01' },
      units: { lead: ['区科工局'] },
    });
    expect(body.rules.find((r) => r.id === 'voc.summer_stagger')).toMatchObject({ article: '13', inForce: { months: [5, 9], hours: [10, 17] } });
    expect(body.rules.find((r) => r.id === 'furnace.new_coal')?.explanation.zh).toMatch(/^第7条：新、改、扩建加热炉、热处理炉、干燥炉、熔化炉/);
    expect(body.rules.every((r) => r.units.lead.length > 0 && r.units.responsible.length > 0)).toBe(true);
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
    const [{ old } = { old: '' }] = await db().query<{ old: string }>(
      `SELECT ST_AsEWKT(geom) AS old FROM features WHERE layer_id = 'coal_ban_zones' AND id = $1`,
      [zone],
    );
    await db().query(`UPDATE features SET geom = ST_MakePolygon(ST_ExteriorRing(geom)) WHERE layer_id = 'coal_ban_zones' AND id = $1`, [zone]);
    expect((await list(rule)).violations.map((v) => v.name)).toContain('CSP operating in hole');
    await db().query(`UPDATE features SET geom = ST_GeomFromEWKT($2) WHERE layer_id = 'coal_ban_zones' AND id = $1`, [zone, old]);
    expect((await list(rule)).violations).toHaveLength(before);
  });

  describe('the plan’s words, case by case', () => {
    it('art. 9: honours the zone’s own min_stage (国四 zones flag 国三 machines), with the zone value as evidence', async () => {
      const zone = idOf('A非道路机械控制区（两块）');
      const stageIII = () => list({ rule: 'nrmm.low_stage' }).then((b) => b.violations.filter((v) => v.name === 'NRMM stage III'));
      expect(await stageIII()).toEqual([]);
      await db().query(`UPDATE features SET properties = properties || '{"min_stage":"IV"}'::jsonb WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zone]);
      try {
        const [v] = await stageIII();
        expect(v).toMatchObject({
          outcome: 'violation',
          zoneIds: [String(zone)],
          evidence: { emission_stage: 'III', exempt_use: null, 'zone.min_stage': 'IV' },
        });
        // the exemption still holds in a 国四 zone
        const all = await list({ rule: 'nrmm.low_stage' });
        expect(all.violations.map((x) => x.name)).not.toContain('NRMM stage II exempt');
        await db().query(`UPDATE features SET properties = properties - 'min_stage' WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zone]);
        expect(await stageIII()).toEqual([]);
        expect((await list({ rule: 'nrmm.low_stage' })).violations.find((x) => x.name === 'NRMM stage II part A')?.evidence).toMatchObject({
          'zone.min_stage': null,
        });
      } finally {
        await db().query(`UPDATE features SET properties = properties || '{"min_stage":"III"}'::jsonb WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [
          zone,
        ]);
      }
    });

    it('art. 6: a household boiler is a violation only where clean heating has arrived; unrecorded use there is 待核查 only in the gap', async () => {
      const names = ['BOI household in coal-ban, no clean heating', 'BOI use unrecorded in coal-ban, no clean heating'];
      const outcomes = async () =>
        Object.fromEntries((await list({ rule: 'coal_ban.boiler' })).violations.filter((v) => names.includes(v.name)).map((v) => [v.name, v.outcome]));
      expect(await outcomes()).toEqual({ [names[1]!]: 'unverified' });
      const heated = await insertFixture(db(), 'clean_heating_areas', {
        type: 'Feature',
        properties: { name: 'T清洁取暖区', method: 'district_heating' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [113.255, 40.055],
              [113.275, 40.055],
              [113.275, 40.065],
              [113.255, 40.065],
              [113.255, 40.055],
            ],
          ],
        },
      });
      try {
        expect(await outcomes()).toEqual({ [names[0]!]: 'violation', [names[1]!]: 'violation' });
      } finally {
        await db().query(`DELETE FROM features WHERE layer_id = 'clean_heating_areas' AND id = $1`, [heated]);
      }
      expect(await outcomes()).toEqual({ [names[1]!]: 'unverified' });
    });

    it('dates and windows: art. 4 after 2023-10-31, art. 12 purifiers after 8月30日, art. 13 only 5月—9月 10时—17时', async () => {
      const count = async (asOf: string, rule: string) => {
        const body = await list({ asOf, rule });
        return { n: body.counts.byRule[rule], off: body.notInForce.includes(rule), asOf: body.asOf };
      };
      expect(await count('2023-10-31', 'boiler.ultra_low')).toEqual({ n: 0, off: true, asOf: '2023-10-31' });
      expect((await count('2023-11-01', 'boiler.ultra_low')).n).toBeGreaterThan(0);
      expect(await count('2023-08-30T23:59', 'restaurant.fume_purifier')).toMatchObject({ n: 0, off: true });
      expect(await count('2023-08-31T00:00', 'restaurant.fume_purifier')).toMatchObject({ off: false });
      const stagger = 'voc.summer_stagger';
      for (const [asOf, inForce] of [
        ['2024-07-15T09:59', false],
        ['2024-07-15T10:00', true],
        ['2024-07-15T16:59', true],
        ['2024-07-15T17:00', false],
        ['2024-05-01T12:00', true],
        ['2024-04-30T12:00', false],
        ['2024-10-01T12:00', false],
        ['2024-09-30', true],
      ] as const) {
        const c = await count(asOf, stagger);
        expect({ asOf, off: c.off, some: (c.n ?? 0) > 0 }).toEqual({ asOf, off: !inForce, some: inForce });
      }
      // without asOf: now in Asia/Shanghai, to the minute
      const now = await request(app).get('/api/violations?rule=site.video').expect(200);
      expect(now.body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    });
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
      ['asOf not a date', '/api/violations?asOf=yesterday', 400, 'INVALID_AS_OF'],
      ['asOf not a calendar date', '/api/violations?asOf=2023-02-30', 400, 'INVALID_AS_OF'],
      ['asOf hour 24', '/api/violations?asOf=2023-07-01T24:00', 400, 'INVALID_AS_OF'],
      ['feature asOf bad', '/api/features/boilers/1/violations?asOf=2023', 400, 'INVALID_AS_OF'],
      ['unknown outcome', '/api/violations?outcome=guilty', 400, 'INVALID_PARAMETER'],
      ['unknown unit', '/api/violations?unit=区不存在局', 400, 'UNKNOWN_UNIT'],
    ];
    it.each(cases)('%s', async (_name, url, status, code) => {
      const res = await request(app).get(url);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.messageZh.length).toBeGreaterThan(2);
    });
    it('rejects a zone id that belongs to a site layer', async () => {
      await request(app)
        .get(`/api/violations?zone=${idOf('CSP operating inside')}`)
        .expect(404);
    });
  });

  describe('attribute tests decide odd stored values on purpose', () => {
    const evalCondition = async (layerId: string, c: Condition, propsJson: string) => {
      const p = new SqlParams();
      const sql = compileCondition(c, findLayer(layerId)!, 's', p);
      const props = p.bind(propsJson, 'jsonb');
      const [row] = await db().query<{ v: boolean | null }>(`SELECT ${sql} AS v FROM (SELECT ${props} AS properties) s`, p.values);
      return row!.v;
    };
    it.each([
      ['"I"', true],
      ['"III"', false],
      ['"unknown"', null],
      ['null', null],
    ])('the enumeration value unknown is unrecorded: emission stage %s', async (value, want: boolean | null) => {
      expect(await evalCondition('nrmm_machines', { attr: 'emission_stage', op: 'in', value: ['I', 'II'] }, `{"emission_stage": ${value}}`)).toBe(want);
    });
    // null = unknown (待核查): unrecorded, null, or of the wrong type, unless ifUnrecorded decides it
    const cases: [string, Condition, string, boolean | null][] = [
      ['gte at the threshold', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": 5000}', true],
      ['gte with a decimal point', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": 5000.0}', true],
      ['gte just below', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": 4999.99}', false],
      ['gte on a number stored as text', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": "6000"}', null],
      ['gte when missing', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{}', null],
      ['gte when null', { attr: 'annual_sales_t', op: 'gte', value: 5000 }, '{"annual_sales_t": null}', null],
      ['gte when missing, decided false', { attr: 'annual_sales_t', op: 'gte', value: 5000, ifUnrecorded: false }, '{}', false],
      ['lt when missing', { attr: 'annual_sales_t', op: 'lt', value: 5000 }, '{}', null],
      ['lt below', { attr: 'annual_sales_t', op: 'lt', value: 5000 }, '{"annual_sales_t": 10}', true],
      ['eq number vs decimal', { attr: 'annual_sales_t', op: 'eq', value: 5000 }, '{"annual_sales_t": 5000.00}', true],
      ['isTrue on true', { attr: 'online_monitoring', op: 'isTrue' }, '{"online_monitoring": true}', true],
      ['isTrue on false', { attr: 'online_monitoring', op: 'isTrue' }, '{"online_monitoring": false}', false],
      ['isTrue on the text "true"', { attr: 'online_monitoring', op: 'isTrue' }, '{"online_monitoring": "true"}', null],
      ['isTrue when missing', { attr: 'online_monitoring', op: 'isTrue' }, '{}', null],
      ['notTrue on false', { attr: 'online_monitoring', op: 'notTrue' }, '{"online_monitoring": false}', true],
      ['notTrue when missing', { attr: 'online_monitoring', op: 'notTrue' }, '{}', null],
      ['notTrue when null', { attr: 'online_monitoring', op: 'notTrue' }, '{"online_monitoring": null}', null],
      ['notTrue when missing, decided true', { attr: 'online_monitoring', op: 'notTrue', ifUnrecorded: true }, '{}', true],
      ['notTrue on true', { attr: 'online_monitoring', op: 'notTrue' }, '{"online_monitoring": true}', false],
      ['missing when absent', { attr: 'operator', op: 'missing' }, '{}', true],
      ['missing when blank', { attr: 'operator', op: 'missing' }, '{"operator": " \\t"}', true],
      ['missing when an ideographic space', { attr: 'operator', op: 'missing' }, '{"operator": "\u3000"}', true],
      ['missing when null', { attr: 'operator', op: 'missing' }, '{"operator": null}', true],
      ['missing when present', { attr: 'operator', op: 'missing' }, '{"operator": "中石化"}', false],
      ['eq when missing', { attr: 'operator', op: 'eq', value: 'x' }, '{}', null],
      ['ne when missing', { attr: 'operator', op: 'ne', value: 'x' }, '{}', null],
      ['ne when equal', { attr: 'operator', op: 'ne', value: 'x' }, '{"operator": "x"}', false],
      ['ne when different', { attr: 'operator', op: 'ne', value: 'x' }, '{"operator": "y"}', true],
      [
        'any: one true part convicts',
        {
          any: [
            { attr: 'operator', op: 'eq', value: 'x' },
            { attr: 'online_monitoring', op: 'notTrue' },
          ],
        },
        '{"online_monitoring": false}',
        true,
      ],
      [
        'any: unknown and false is unknown',
        {
          any: [
            { attr: 'operator', op: 'eq', value: 'x' },
            { attr: 'online_monitoring', op: 'notTrue' },
          ],
        },
        '{"operator": "y"}',
        null,
      ],
      [
        'all: one false part clears',
        {
          all: [
            { attr: 'operator', op: 'eq', value: 'x' },
            { attr: 'online_monitoring', op: 'notTrue' },
          ],
        },
        '{"online_monitoring": true}',
        false,
      ],
      [
        'all: unknown and true is unknown',
        {
          all: [
            { attr: 'operator', op: 'eq', value: 'x' },
            { attr: 'online_monitoring', op: 'notTrue' },
          ],
        },
        '{"operator": "x"}',
        null,
      ],
    ];
    it.each(cases)('%s', async (_name, c, props, want) => {
      expect(await evalCondition('gas_stations', c, props)).toBe(want);
    });
    it.each([
      ['"operating"', true],
      ['"closed"', false],
      ['null', null],
      ['["operating"]', null],
    ])('in on status %s', async (value, want: boolean | null) => {
      expect(await evalCondition('coal_sales_points', { attr: 'status', op: 'in', value: ['operating', 'suspected'] }, `{"status": ${value}}`)).toBe(want);
    });
  });
});
