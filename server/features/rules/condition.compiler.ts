/**
 * Compiles a rule's attribute condition to a SQL boolean over `<alias>.properties` (jsonb).
 * Every value and every attribute key is a bound parameter; the only text spliced in is the
 * table alias, which comes from our own code. Keys are checked against the layer catalogue first,
 * and each test against the attribute's type, so a rule that names a field the layer does not have
 * (or compares a boolean with a number) fails loudly when the rule is compiled, not silently at
 * query time by matching nothing.
 *
 * Three-valued on purpose (see rule.ts): a compiled test is TRUE, FALSE, or NULL when the attribute
 * is unrecorded, and SQL's AND/OR are Kleene's, so `all`/`any` propagate "unknown" exactly as an
 * inspector would: one FALSE part clears an `all`, one TRUE part convicts an `any`, else unknown.
 */
import type { AttributeDef, Layer } from '../layers/catalogue/index.ts';
import { recordedType, type AttributeTest, type Condition } from './rule.ts';
import type { SqlParams } from './sql-params.ts';

export class RuleDefinitionError extends Error {
  override name = 'RuleDefinitionError';
}

const TEXTUAL = new Set(['text', 'enum', 'date']);
const NUMERIC = new Set(['number', 'integer']);

function checkTest(layer: Layer, test: AttributeTest): AttributeDef {
  const def = layer.attributes.find((a) => a.key === test.attr);
  const where = `${layer.id}.${test.attr} (${test.op})`;
  if (!def) throw new RuleDefinitionError(`${layer.id} has no attribute ${test.attr}`);
  const enumOk = (v: string) => def.type !== 'enum' || def.options.some((o) => o.value === v);
  switch (test.op) {
    case 'eq':
    case 'ne': {
      const v = test.value;
      const ok =
        typeof v === 'string'
          ? TEXTUAL.has(def.type) && enumOk(v)
          : typeof v === 'number'
            ? NUMERIC.has(def.type) && Number.isFinite(v)
            : def.type === 'boolean';
      if (!ok) throw new RuleDefinitionError(`${where}: value ${JSON.stringify(v)} does not fit type ${def.type}`);
      break;
    }
    case 'in':
      if (!TEXTUAL.has(def.type) || test.value.length === 0 || !test.value.every(enumOk))
        throw new RuleDefinitionError(`${where}: needs a non-empty list of valid ${def.type} values`);
      break;
    case 'gte':
    case 'lt':
      if (!NUMERIC.has(def.type) || !Number.isFinite(test.value)) throw new RuleDefinitionError(`${where}: needs a numeric attribute and a finite number`);
      break;
    case 'isTrue':
    case 'notTrue':
      if (def.type !== 'boolean') throw new RuleDefinitionError(`${where}: needs a boolean attribute`);
      break;
    case 'missing':
      break;
  }
  return def;
}

/** Enumerations whose value `unknown` means "not recorded" (e.g. emission stage 不明). */
const hasUnknownOption = (def: AttributeDef) => def.type === 'enum' && def.options.some((o) => o.value === 'unknown');

function compileTest(test: AttributeTest, def: AttributeDef, props: string, p: SqlParams): string {
  const field = `(${props} -> ${p.key(test.attr)})`;
  // \S: blank includes tabs and the ideographic space U+3000 that Chinese input methods type
  if (test.op === 'missing') return `coalesce(${props} ->> ${p.key(test.attr)}, '') !~ '\\S'`;
  const core = (() => {
    switch (test.op) {
      // jsonb equality compares numbers numerically (5000 = 5000.0)
      case 'eq':
        return `${field} = ${p.bind(JSON.stringify(test.value), 'jsonb')}`;
      case 'ne':
        return `${field} <> ${p.bind(JSON.stringify(test.value), 'jsonb')}`;
      // ["a","b"] @> [x] holds when x is one of the scalars
      case 'in':
        return `${p.bind(JSON.stringify(test.value), 'jsonb')} @> jsonb_build_array(${field})`;
      case 'gte':
      case 'lt':
        return `(${props} ->> ${p.key(test.attr)})::numeric ${test.op === 'gte' ? '>=' : '<'} ${p.bind(test.value, 'numeric')}`;
      case 'isTrue':
        return `${field} = 'true'::jsonb`;
      case 'notTrue':
        return `${field} = 'false'::jsonb`;
    }
  })();
  // CASE, not AND: the cast in `core` must only ever see a recorded value of the right type
  const recorded = [`jsonb_typeof(${field}) = '${recordedType(test)}'`];
  if (hasUnknownOption(def)) recorded.push(`${field} <> '"unknown"'::jsonb`);
  const otherwise = test.ifUnrecorded === undefined ? 'NULL::boolean' : String(test.ifUnrecorded);
  return `CASE WHEN ${recorded.join(' AND ')} THEN ${core} ELSE ${otherwise} END`;
}

/** Where `of: 'zone'` tests read from: the zone layers and the SQL alias of a row holding the zone's `properties` (its feature, or one of its parts: zone_parts carries a copy). */
export interface ZoneSide {
  layers: readonly Layer[];
  alias: string;
}

/**
 * SQL for `condition` on rows of `layer` aliased `alias`, binding values into `params`.
 * Throws RuleDefinitionError for a condition that does not fit the layer (a programming error).
 *
 * `zone: 'unknown'` reads every zone attribute test as unknown (NULL): a condition on the site
 * alone that is FALSE only where the full condition is FALSE for every zone (Kleene's AND and OR
 * are monotone: a known value in place of an unknown can turn unknown into TRUE or FALSE, never
 * FALSE into anything else). The scan filters sites by it before the spatial join.
 */
export function compileCondition(condition: Condition, layer: Layer, alias: string, params: SqlParams, zone?: ZoneSide | 'unknown'): string {
  for (const a of [alias, ...(zone && zone !== 'unknown' ? [zone.alias] : [])])
    if (!/^[a-z_][a-z0-9_]*$/.test(a)) throw new RuleDefinitionError(`bad alias ${a}`);
  const walk = (c: Condition): string => {
    if ('all' in c || 'any' in c) {
      const parts = 'all' in c ? c.all : c.any;
      if (parts.length === 0) throw new RuleDefinitionError(`${layer.id}: empty ${'all' in c ? 'all' : 'any'}`);
      const joined = parts.map(walk).join('all' in c ? ' AND ' : ' OR ');
      return parts.length === 1 ? joined : `(${joined})`;
    }
    if (c.of === 'zone') {
      if (zone === 'unknown') return 'NULL::boolean';
      if (!zone?.layers.length) throw new RuleDefinitionError(`${layer.id}: a zone attribute test (${c.attr}) in a rule without zones`);
      for (const z of zone.layers) checkTest(z, c);
      return compileTest(c, zone.layers[0]!.attributes.find((a) => a.key === c.attr)!, `${zone.alias}.properties`, params);
    }
    const def = checkTest(layer, c);
    return compileTest(c, def, `${alias}.properties`, params);
  };
  return walk(condition);
}
