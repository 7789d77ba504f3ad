/**
 * Compiles a rule's attribute condition to a SQL boolean over `<alias>.properties` (jsonb).
 * Every value and every attribute key is a bound parameter; the only text spliced in is the
 * table alias, which comes from our own code. Keys are checked against the layer catalogue first,
 * and each test against the attribute's type, so a rule that names a field the layer does not have
 * (or compares a boolean with a number) fails loudly when the rule is compiled, not silently at
 * query time by matching nothing.
 *
 * Each compiled test yields true or false, never NULL, so `all`/`any` behave as plain AND/OR
 * (see rule.ts for how missing values are decided).
 */
import type { Layer } from '../layers/catalogue/index.ts';
import type { AttributeTest, Condition } from './rule.ts';
import type { SqlParams } from './sql-params.ts';

export class RuleDefinitionError extends Error {
  override name = 'RuleDefinitionError';
}

const TEXTUAL = new Set(['text', 'enum', 'date']);
const NUMERIC = new Set(['number', 'integer']);

function checkTest(layer: Layer, test: AttributeTest): void {
  const def = layer.attributes.find((a) => a.key === test.attr);
  const where = `${layer.id}.${test.attr} (${test.op})`;
  if (!def) throw new RuleDefinitionError(`${layer.id} has no attribute ${test.attr}`);
  const enumOk = (v: string) => def.type !== 'enum' || def.options.some((o) => o.value === v);
  switch (test.op) {
    case 'eq':
    case 'ne': {
      const v = test.value;
      const ok =
        typeof v === 'string' ? TEXTUAL.has(def.type) && enumOk(v)
        : typeof v === 'number' ? NUMERIC.has(def.type) && Number.isFinite(v)
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
      if (!NUMERIC.has(def.type) || !Number.isFinite(test.value))
        throw new RuleDefinitionError(`${where}: needs a numeric attribute and a finite number`);
      break;
    case 'isTrue':
    case 'notTrue':
      if (def.type !== 'boolean') throw new RuleDefinitionError(`${where}: needs a boolean attribute`);
      break;
    case 'missing':
      break;
  }
}

function compileTest(test: AttributeTest, props: string, p: SqlParams): string {
  const field = `(${props} -> ${p.key(test.attr)})`;
  switch (test.op) {
    // jsonb equality compares numbers numerically (5000 = 5000.0) and never equates "true" with true
    case 'eq':
      return `coalesce(${field} = ${p.bind(JSON.stringify(test.value), 'jsonb')}, false)`;
    case 'ne':
      return `${field} IS DISTINCT FROM ${p.bind(JSON.stringify(test.value), 'jsonb')}`;
    // ["a","b"] @> [x] holds when x is one of the scalars; [null] (key absent) is contained in nothing here
    case 'in':
      return `${p.bind(JSON.stringify(test.value), 'jsonb')} @> jsonb_build_array(${field})`;
    // CASE, not AND: PostgreSQL may evaluate AND operands in any order, and the cast must only see numbers
    case 'gte':
    case 'lt':
      return `CASE WHEN jsonb_typeof(${field}) = 'number' THEN (${props} ->> ${p.key(test.attr)})::numeric ${test.op === 'gte' ? '>=' : '<'} ${p.bind(test.value, 'numeric')} ELSE false END`;
    case 'isTrue':
      return `coalesce(${field} = 'true'::jsonb, false)`;
    case 'notTrue':
      return `${field} IS DISTINCT FROM 'true'::jsonb`;
    // \S: blank includes tabs and the ideographic space U+3000 that Chinese input methods type
    case 'missing':
      return `coalesce(${props} ->> ${p.key(test.attr)}, '') !~ '\\S'`;
  }
}

/**
 * SQL for `condition` on rows of `layer` aliased `alias`, binding values into `params`.
 * Throws RuleDefinitionError for a condition that does not fit the layer (a programming error).
 */
export function compileCondition(condition: Condition, layer: Layer, alias: string, params: SqlParams): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new RuleDefinitionError(`bad alias ${alias}`);
  const walk = (c: Condition): string => {
    if ('all' in c || 'any' in c) {
      const parts = 'all' in c ? c.all : c.any;
      if (parts.length === 0) throw new RuleDefinitionError(`${layer.id}: empty ${'all' in c ? 'all' : 'any'}`);
      const joined = parts.map(walk).join('all' in c ? ' AND ' : ' OR ');
      return parts.length === 1 ? joined : `(${joined})`;
    }
    checkTest(layer, c);
    return compileTest(c, `${alias}.properties`, params);
  };
  return walk(condition);
}
