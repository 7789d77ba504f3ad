import { describe, expect, it } from 'vitest';
import { findLayer, type Layer } from '../layers/catalogue/index.ts';
import { RULES } from './catalogue/index.ts';
import { compileCondition, RuleDefinitionError } from './condition.compiler.ts';
import type { Condition } from './rule.ts';
import { SqlParams } from './sql-params.ts';

const layer = (id: string): Layer => findLayer(id)!;

function compile(c: Condition, layerId = 'construction_sites') {
  const p = new SqlParams();
  const sql = compileCondition(c, layer(layerId), 's', p);
  return { sql, params: p.values };
}

describe('compileCondition', () => {
  it('binds keys and values as parameters and never splices them into the text', () => {
    const { sql, params } = compile({ attr: 'site_type', op: 'eq', value: 'demolition' });
    expect(sql).toBe(`CASE WHEN jsonb_typeof((s.properties -> $1::text)) = 'string' THEN (s.properties -> $1::text) = $2::jsonb ELSE NULL::boolean END`);
    expect(params).toEqual(['site_type', '"demolition"']);
    expect(sql).not.toMatch(/site_type|demolition/);
  });

  it('compiles each operator to a test that is NULL (unknown) exactly when the value is unrecorded', () => {
    const g = (c: Condition, id = 'gas_stations') => compile(c, id).sql;
    const when = (type: string, core: string, otherwise = 'NULL::boolean') =>
      `CASE WHEN jsonb_typeof((s.properties -> $1::text)) = '${type}' THEN ${core} ELSE ${otherwise} END`;
    expect(g({ attr: 'operator', op: 'ne', value: 'x' })).toBe(when('string', `(s.properties -> $1::text) <> $2::jsonb`));
    expect(g({ attr: 'annual_sales_t', op: 'gte', value: 5000 })).toBe(when('number', `(s.properties ->> $1::text)::numeric >= $2::numeric`));
    expect(g({ attr: 'annual_sales_t', op: 'lt', value: 5000 })).toContain('::numeric < $2::numeric');
    expect(g({ attr: 'online_monitoring', op: 'isTrue' })).toBe(when('boolean', `(s.properties -> $1::text) = 'true'::jsonb`));
    expect(g({ attr: 'online_monitoring', op: 'notTrue' })).toBe(when('boolean', `(s.properties -> $1::text) = 'false'::jsonb`));
    expect(g({ attr: 'online_monitoring', op: 'notTrue', ifUnrecorded: true })).toBe(when('boolean', `(s.properties -> $1::text) = 'false'::jsonb`, 'true'));
    expect(g({ attr: 'operator', op: 'missing' })).toBe(`coalesce(s.properties ->> $1::text, '') !~ '\\S'`);
    const inList = compile({ attr: 'status', op: 'in', value: ['operating', 'suspected'] }, 'coal_sales_points');
    expect(inList.sql).toBe(when('string', `$2::jsonb @> jsonb_build_array((s.properties -> $1::text))`));
    expect(inList.params).toEqual(['status', '["operating","suspected"]']);
    // an enumeration with the value `unknown` treats it as unrecorded
    expect(compile({ attr: 'emission_stage', op: 'in', value: ['I'] }, 'nrmm_machines').sql).toContain(
      `AND (s.properties -> $1::text) <> '"unknown"'::jsonb THEN`,
    );
  });

  it('reads `of: zone` tests from the zone alias, checked against the zone layers', () => {
    const p = new SqlParams();
    const zone = { layers: [layer('nrmm_control_zones')], alias: 'zf' };
    const sql = compileCondition({ attr: 'min_stage', of: 'zone', op: 'eq', value: 'IV', ifUnrecorded: false }, layer('nrmm_machines'), 's', p, zone);
    expect(sql).toContain('zf.properties -> $1::text');
    expect(() => compileCondition({ attr: 'min_stage', of: 'zone', op: 'eq', value: 'V' }, layer('nrmm_machines'), 's', new SqlParams(), zone)).toThrow(
      'does not fit',
    );
    expect(() => compileCondition({ attr: 'min_stage', of: 'zone', op: 'eq', value: 'IV' }, layer('nrmm_machines'), 's', new SqlParams())).toThrow(
      'without zones',
    );
  });

  it('reads every `of: zone` test as unknown with zone `unknown`, leaving the site tests as they are', () => {
    const stage = { attr: 'emission_stage', op: 'eq', value: 'III' } as const;
    const c: Condition = {
      any: [{ attr: 'emission_stage', op: 'in', value: ['I', 'II'] }, { all: [{ attr: 'min_stage', of: 'zone', op: 'eq', value: 'IV' }, stage] }],
    };
    const sql = compileCondition(c, layer('nrmm_machines'), 's', new SqlParams(), 'unknown');
    expect(sql).not.toContain('zf.');
    expect(sql).toContain('NULL::boolean AND CASE WHEN');
    expect(sql.endsWith(' END))')).toBe(true);
  });

  it('nests all/any with parentheses and binds a repeated key once', () => {
    const { sql, params } = compile({
      all: [
        { attr: 'status', op: 'eq', value: 'active' },
        {
          any: [
            { attr: 'hoarding', op: 'notTrue' },
            { attr: 'video', op: 'notTrue' },
            { attr: 'hoarding', op: 'isTrue' },
          ],
        },
      ],
    });
    const b = (n: number, v: string) =>
      `CASE WHEN jsonb_typeof((s.properties -> $${n}::text)) = 'boolean' THEN (s.properties -> $${n}::text) = '${v}'::jsonb ELSE NULL::boolean END`;
    expect(sql).toBe(
      `(CASE WHEN jsonb_typeof((s.properties -> $1::text)) = 'string' THEN (s.properties -> $1::text) = $2::jsonb ELSE NULL::boolean END AND (${b(3, 'false')} OR ${b(4, 'false')} OR ${b(3, 'true')}))`,
    );
    expect(params).toEqual(['status', '"active"', 'hoarding', 'video']);
  });

  it('numbers parameters after those already bound', () => {
    const p = new SqlParams();
    p.bind('construction_sites', 'text');
    expect(compileCondition({ attr: 'above_scale', op: 'isTrue' }, layer('construction_sites'), 's', p)).toContain('$2::text');
  });

  describe('rejects conditions that do not fit the layer', () => {
    const bad: [string, Condition, string][] = [
      ['unknown attribute', { attr: 'nope', op: 'isTrue' }, 'no attribute nope'],
      ['SQL as an attribute name', { attr: "x') OR true --", op: 'missing' }, 'no attribute'],
      ['enum value not in the options', { attr: 'status', op: 'eq', value: 'open' }, 'does not fit'],
      ['number compared with text', { attr: 'status', op: 'eq', value: 3 }, 'does not fit'],
      ['gte on a text attribute', { attr: 'permit_no', op: 'gte', value: 3 }, 'numeric'],
      ['isTrue on an enum', { attr: 'status', op: 'isTrue' }, 'boolean'],
      ['in with an unknown option', { attr: 'site_type', op: 'in', value: ['building', 'castle'] }, 'valid'],
      ['empty in', { attr: 'site_type', op: 'in', value: [] }, 'non-empty'],
      ['empty any', { any: [] }, 'empty any'],
      ['NaN threshold', { attr: 'above_scale', op: 'eq', value: Number.NaN }, 'does not fit'],
    ];
    it.each(bad)('%s', (_name, c, message) => {
      expect(() => compile(c)).toThrow(RuleDefinitionError);
      expect(() => compile(c)).toThrow(message);
    });
    it('rejects an alias that is not a plain identifier', () => {
      expect(() => compileCondition({ attr: 'video', op: 'isTrue' }, layer('construction_sites'), 's; DROP', new SqlParams())).toThrow('alias');
    });
  });
});

describe('the rule catalogue', () => {
  it('has the ids the demo manifest and the UI use, once each', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // the ids clients and the demo manifest have used since the first release stay
    expect(ids).toEqual(
      expect.arrayContaining([
        'coal_ban.sales_point',
        'coal_ban.boiler',
        'nrmm.low_stage',
        'nrmm.unregistered',
        'nrmm.black_smoke',
        'site.video',
        'site.six_measures',
        'site.demolition_wet',
        'ash_yard.uncovered',
        'ash_yard.unrestored',
        'gas_station.online',
        'truck_unit.gate',
      ]),
    );
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s compiles against its layer and names real zone layers', (_id, rule) => {
    const site = findLayer(rule.siteLayer);
    expect(site?.group).toBe('sites');
    for (const z of rule.zoneLayers) expect(findLayer(z)?.geometryType).toBe('Polygon');
    expect(rule.predicate).toBe(rule.zoneLayers.length > 0 ? 'covers' : null);
    const p = new SqlParams();
    const zone = { layers: rule.zoneLayers.map((z) => layer(z)), alias: 'zf' };
    expect(() => compileCondition(rule.condition, layer(rule.siteLayer), 's', p, rule.zoneLayers.length ? zone : undefined)).not.toThrow();
    if (rule.exemptOutside) {
      expect(() => compile(rule.exemptOutside!.condition, rule.siteLayer)).not.toThrow();
      for (const z of rule.exemptOutside.layers) expect(findLayer(z)?.geometryType).toBe('Polygon');
    }
    expect(rule.units.lead.length).toBeGreaterThan(0);
    expect(rule.units.responsible.length).toBeGreaterThan(0);
    expect(rule.article).toMatch(/^\d+(, \d+)*$/);
    expect(rule.title.zh && rule.title.en && rule.explanation.zh && rule.explanation.en).toBeTruthy();
  });
});
