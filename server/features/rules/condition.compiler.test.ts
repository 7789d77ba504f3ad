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
    expect(sql).toBe(`coalesce((s.properties -> $1::text) = $2::jsonb, false)`);
    expect(params).toEqual(['site_type', '"demolition"']);
    expect(sql).not.toMatch(/site_type|demolition/);
  });

  it('compiles each operator to a NULL-free test', () => {
    const g = (c: Condition, id = 'gas_stations') => compile(c, id).sql;
    expect(g({ attr: 'operator', op: 'ne', value: 'x' })).toBe(`(s.properties -> $1::text) IS DISTINCT FROM $2::jsonb`);
    expect(g({ attr: 'annual_sales_t', op: 'gte', value: 5000 })).toBe(
      `CASE WHEN jsonb_typeof((s.properties -> $1::text)) = 'number' THEN (s.properties ->> $1::text)::numeric >= $2::numeric ELSE false END`,
    );
    expect(g({ attr: 'annual_sales_t', op: 'lt', value: 5000 })).toContain('::numeric < $2::numeric');
    expect(g({ attr: 'online_monitoring', op: 'isTrue' })).toBe(`coalesce((s.properties -> $1::text) = 'true'::jsonb, false)`);
    expect(g({ attr: 'online_monitoring', op: 'notTrue' })).toBe(`(s.properties -> $1::text) IS DISTINCT FROM 'true'::jsonb`);
    expect(g({ attr: 'operator', op: 'missing' })).toBe(`coalesce(s.properties ->> $1::text, '') !~ '\\S'`);
    const inList = compile({ attr: 'status', op: 'in', value: ['operating', 'suspected'] }, 'coal_sales_points');
    expect(inList.sql).toBe(`$2::jsonb @> jsonb_build_array((s.properties -> $1::text))`);
    expect(inList.params).toEqual(['status', '["operating","suspected"]']);
  });

  it('nests all/any with parentheses and binds a repeated key once', () => {
    const { sql, params } = compile({
      all: [
        { attr: 'status', op: 'eq', value: 'active' },
        { any: [{ attr: 'hoarding', op: 'notTrue' }, { attr: 'video', op: 'notTrue' }, { attr: 'hoarding', op: 'isTrue' }] },
      ],
    });
    expect(sql).toBe(
      `(coalesce((s.properties -> $1::text) = $2::jsonb, false) AND ((s.properties -> $3::text) IS DISTINCT FROM 'true'::jsonb OR (s.properties -> $4::text) IS DISTINCT FROM 'true'::jsonb OR coalesce((s.properties -> $3::text) = 'true'::jsonb, false)))`,
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
    expect(RULES.map((r) => r.id)).toEqual([
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
    ]);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s compiles against its layer and names real zone layers', (_id, rule) => {
    const site = findLayer(rule.siteLayer);
    expect(site?.group).toBe('sites');
    for (const z of rule.zoneLayers) expect(findLayer(z)?.geometryType).toBe('Polygon');
    expect(rule.predicate).toBe(rule.zoneLayers.length > 0 ? 'covers' : null);
    expect(() => compile(rule.condition, rule.siteLayer)).not.toThrow();
    expect(rule.article).toMatch(/^\d+(, \d+)*$/);
    expect(rule.title.zh && rule.title.en && rule.explanation.zh && rule.explanation.en).toBeTruthy();
  });
});
