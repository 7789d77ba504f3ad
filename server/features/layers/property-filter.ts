/**
 * Equality filters on feature attributes, compiled to parameterised SQL. Keys are checked against the
 * layer's attribute list before they get here and are still passed as parameters, never spliced in.
 * Values are compared in the attribute's own type so `annual_sales_t=5000` matches 5000.0.
 */
import type { AttributeDef } from './catalogue/index.ts';

export interface PropertyFilter {
  def: AttributeDef | { key: 'name'; type: 'name' };
  value: string | number | boolean;
}

/** Returns `AND …` clauses numbered from `firstParam`, and the values to append. */
export function compileFilters(filters: readonly PropertyFilter[], firstParam: number) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  let n = firstParam;
  for (const { def, value } of filters) {
    if (def.type === 'name') {
      clauses.push(`name = $${n++}`);
      params.push(value);
    } else if (def.type === 'number' || def.type === 'integer') {
      // jsonb_typeof guard: a malformed stored value must not make the cast fail the whole query
      clauses.push(`(jsonb_typeof(properties -> $${n}) = 'number' AND (properties ->> $${n})::numeric = $${n + 1}::numeric)`);
      n += 2;
      params.push(def.key, value);
    } else {
      clauses.push(`properties ->> $${n} = $${n + 1}`);
      n += 2;
      params.push(def.key, String(value));
    }
  }
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

/** Parses a query-string value in the attribute's type; a reason string when it does not fit. */
export function parseFilterValue(def: PropertyFilter['def'], raw: string): string | number | boolean | { reason: string } {
  switch (def.type) {
    case 'number':
    case 'integer': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { reason: `${def.key} expects a number` };
      if (def.type === 'integer' && !Number.isInteger(n)) return { reason: `${def.key} expects an integer` };
      return n;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'false') return raw;
      return { reason: `${def.key} expects true or false` };
    case 'enum':
      if (def.options.some((o) => o.value === raw)) return raw;
      return { reason: `${def.key} expects one of ${def.options.map((o) => o.value).join(', ')}` };
    default:
      return raw;
  }
}
