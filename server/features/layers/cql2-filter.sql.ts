/**
 * Compiles a checked CQL2 filter (queryables.ts) to a SQL boolean over the `features` row. Every
 * value, attribute key and geometry is a bound parameter; the only SQL text is fixed here: column
 * names (`name`, `is_demo`, `geom`, `properties`), operators from the checked tree's closed sets,
 * and casts. An attribute of the wrong JSON type in a stored row reads as NULL (unknown), never as
 * a failed cast.
 */
import type { Comparison, SpatialFunction } from '../../lib/cql2.ts';
import type { TypedFilter, TypedGeometry, TypedOperand, ValueType } from './queryables.ts';

/** Appends a value to the statement's parameters and returns its placeholder with the cast. */
export type Bind = (value: unknown, cast: 'text' | 'numeric' | 'boolean' | 'int' | 'text[]' | 'numeric[]' | 'boolean[]' | 'bigint[]' | 'float8') => string;

const CAST = { text: 'text', date: 'text', number: 'numeric', boolean: 'boolean' } as const satisfies Record<ValueType, string>;
const OPERATORS: Record<Comparison, string> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const FUNCTIONS: Record<SpatialFunction, string> = {
  s_intersects: 'ST_Intersects',
  s_equals: 'ST_Equals',
  s_disjoint: 'ST_Disjoint',
  s_touches: 'ST_Touches',
  s_within: 'ST_Within',
  s_overlaps: 'ST_Overlaps',
  s_crosses: 'ST_Crosses',
  s_contains: 'ST_Contains',
};

/** A property or a value as a SQL expression of its type (filters, and `sortby` keys). */
export function operand(o: TypedOperand, bind: Bind): string {
  switch (o.kind) {
    case 'column':
      return o.column === 'name' ? 'name' : 'is_demo';
    case 'value':
      return bind(o.value, CAST[o.type]);
    case 'attribute': {
      const key = bind(o.key, 'text');
      if (o.type === 'number') return `(CASE WHEN jsonb_typeof(properties -> ${key}) = 'number' THEN (properties ->> ${key})::numeric END)`;
      if (o.type === 'boolean') return `(CASE WHEN jsonb_typeof(properties -> ${key}) = 'boolean' THEN (properties ->> ${key})::boolean END)`;
      // text, enumerations and dates (stored as YYYY-MM-DD, which orders as text does)
      return `(CASE WHEN jsonb_typeof(properties -> ${key}) = 'string' THEN properties ->> ${key} END)`;
    }
  }
}

function geometry(g: TypedGeometry, bind: Bind): string {
  if (g.kind === 'geometry') return 'geom';
  const literal = `ST_SetSRID(ST_GeomFromGeoJSON(${bind(g.geojson, 'text')}), ${bind(g.srid, 'int')})`;
  return g.srid === 4326 ? literal : `ST_Transform(${literal}, 4326)`;
}

export function compileCql2(f: TypedFilter, bind: Bind): string {
  const walk = (x: TypedFilter): string => {
    switch (x.op) {
      case 'and':
      case 'or':
        return `(${x.args.map(walk).join(x.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${walk(x.arg)})`;
      case 'compare':
        return `(${operand(x.left, bind)} ${OPERATORS[x.cmp]} ${operand(x.right, bind)})`;
      case 'like':
        return `(${operand(x.value, bind)} LIKE ${bind(x.pattern, 'text')})`;
      case 'between':
        return `(${operand(x.value, bind)} BETWEEN ${operand(x.low, bind)} AND ${operand(x.high, bind)})`;
      case 'in':
        return `(${operand(x.value, bind)} = ANY(${bind(
          x.list.map((i) => (i.kind === 'value' ? i.value : null)),
          `${CAST[x.value.type]}[]` as 'text[]',
        )}))`;
      case 'isNull':
        return `(${operand(x.value, bind)} IS NULL)`;
      case 'spatial':
        return `${FUNCTIONS[x.fn]}(${geometry(x.left, bind)}, ${geometry(x.right, bind)})`;
    }
  };
  return walk(f);
}
