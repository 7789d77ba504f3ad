/**
 * What a layer's features can be filtered on (OGC API – Features Part 3 "queryables"), from the
 * layer catalogue: the geometry, `name`, `is_demo` and every attribute, with its type and, for
 * enumerations, its values. A CQL2 syntax tree (server/lib/cql2.ts) is checked here against them —
 * names from this list only, operators and values that fit each type — and comes out typed, ready
 * for the SQL compiler (cql2-filter.sql.ts). Nothing here builds SQL.
 */
import type { Geometry, Position } from 'geojson';
import type { Comparison, Cql2Filter, Cql2Position, GeometryOperand, Scalar, SpatialFunction } from '../../lib/cql2.ts';
import { Cql2Error } from '../../lib/cql2.ts';
import { CRS84, findOgcCrs, insideBounds, type OgcCrs, toXY } from '../../lib/ogc-crs.ts';
import type { AttributeDef, Layer } from './catalogue/index.ts';

/** The value families a filter compares: text (text, enum, name), number (number, integer), boolean, date. */
export type ValueType = 'text' | 'number' | 'boolean' | 'date';

export type Queryable =
  | { key: 'geometry'; source: 'geometry' }
  | { key: 'name' | 'is_demo'; source: 'column'; type: ValueType }
  | { key: string; source: 'attribute'; type: ValueType; def: AttributeDef };

const family = (def: AttributeDef): ValueType =>
  def.type === 'number' || def.type === 'integer' ? 'number' : def.type === 'boolean' ? 'boolean' : def.type === 'date' ? 'date' : 'text';

export function queryables(layer: Layer): Queryable[] {
  return [
    { key: 'geometry', source: 'geometry' },
    { key: 'name', source: 'column', type: 'text' },
    { key: 'is_demo', source: 'column', type: 'boolean' },
    ...layer.attributes.map((def) => ({ key: def.key, source: 'attribute' as const, type: family(def), def })),
  ];
}

/** The queryables as a JSON Schema (Part 3 /req/queryables), titles in Chinese and English. */
export function queryablesSchema(layer: Layer, id: string) {
  const properties: Record<string, object> = {
    geometry:
      layer.geometryType === 'Point'
        ? { title: '位置 Location', format: 'geometry-point', 'x-ogc-role': 'primary-geometry' }
        : {
            title: '范围 Geometry',
            oneOf: [{ format: 'geometry-polygon' }, { format: 'geometry-multipolygon' }],
            'x-ogc-role': 'primary-geometry',
          },
    name: { title: '名称 Name', type: 'string' },
    is_demo: { title: '示意数据 Illustrative demo data', type: 'boolean' },
  };
  for (const def of layer.attributes) {
    const title = `${def.label.zh} ${def.label.en}`;
    const description = def.help ? `${def.help.zh} ${def.help.en}` : undefined;
    const base = { title, ...(description ? { description } : {}) };
    switch (def.type) {
      case 'text':
        properties[def.key] = { ...base, type: 'string' };
        break;
      case 'date':
        properties[def.key] = { ...base, type: 'string', format: 'date' };
        break;
      case 'boolean':
        properties[def.key] = { ...base, type: 'boolean' };
        break;
      case 'number':
      case 'integer':
        properties[def.key] = { ...base, type: def.type, ...(def.min !== undefined ? { minimum: def.min } : {}), ...(def.unit ? { 'x-unit': def.unit } : {}) };
        break;
      case 'enum':
        properties[def.key] = {
          ...base,
          type: 'string',
          enum: def.options.map((o) => o.value),
          'x-enum-titles': def.options.map((o) => `${o.label.zh} ${o.label.en}`),
        };
        break;
    }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    type: 'object' as const,
    title: `${layer.title.zh} ${layer.title.en}`,
    properties,
    additionalProperties: false,
  };
}

// ---------------------------------------------------------------------------------------------
// The checked (typed) filter the SQL compiler takes

export type TypedOperand =
  | { kind: 'column'; column: 'name' | 'is_demo'; type: ValueType }
  | { kind: 'attribute'; key: string; type: ValueType }
  | { kind: 'value'; value: string | number | boolean; type: ValueType };

/** A geometry: the feature's own, or a literal as GeoJSON in x/y order of `srid`. */
export type TypedGeometry = { kind: 'geometry' } | { kind: 'literal'; geojson: string; srid: number };

export type TypedFilter =
  | { op: 'and' | 'or'; args: TypedFilter[] }
  | { op: 'not'; arg: TypedFilter }
  | { op: 'compare'; cmp: Comparison; left: TypedOperand; right: TypedOperand }
  | { op: 'like'; value: TypedOperand; pattern: string }
  | { op: 'between'; value: TypedOperand; low: TypedOperand; high: TypedOperand }
  | { op: 'in'; value: TypedOperand; list: TypedOperand[] }
  | { op: 'isNull'; value: TypedOperand }
  | { op: 'spatial'; fn: SpatialFunction; left: TypedGeometry; right: TypedGeometry };

/** One `sortby` key: a property of the queryables (not the geometry), ascending or descending. */
export interface SortKey {
  operand: Exclude<TypedOperand, { kind: 'value' }>;
  desc: boolean;
}

const MAX_SORT_KEYS = 5;

/** `sortby=name,-capacity_t_h` (a leading + or - per key; `+` arrives as a space): the keys, or why not. */
export function checkSortby(layer: Layer, text: string): SortKey[] | { reason: string } {
  const known = new Map(queryables(layer).map((q) => [q.key, q]));
  const parts = text.split(',');
  if (parts.length > MAX_SORT_KEYS) return { reason: `at most ${MAX_SORT_KEYS} keys` };
  const keys: SortKey[] = [];
  for (const part of parts) {
    const m = /^\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(part);
    const q = m ? known.get(m[2]!) : undefined;
    if (!m || !q || q.source === 'geometry')
      return {
        reason: `${part.trim().slice(0, 64) || '(empty)'} is not a property to sort by; use [+|-]name, is_demo or ${layer.attributes.map((a) => a.key).join(', ')}`,
      };
    keys.push({
      operand: q.source === 'column' ? { kind: 'column', column: q.key, type: q.type } : { kind: 'attribute', key: q.key, type: q.type },
      desc: m[1] === '-',
    });
  }
  return keys;
}

/** `properties=name,status`: which properties the features carry (the geometry always comes). */
export function checkProperties(layer: Layer, text: string): string[] | { reason: string } {
  const known = new Set(queryables(layer).map((q) => q.key));
  known.delete('geometry');
  const keys = text === '' ? [] : text.split(',').map((k) => k.trim());
  const unknown = keys.find((k) => !known.has(k));
  if (unknown !== undefined) return { reason: `${unknown.slice(0, 64) || '(empty)'} is not a property of this layer; properties: ${[...known].join(', ')}` };
  return [...new Set(keys)];
}

const LITERAL_TYPE = { string: 'text', number: 'number', boolean: 'boolean', date: 'date' } as const;

/**
 * Checks a parsed filter against the layer's queryables; geometry literals are read in `crs`
 * (filter-crs, default CRS84). Throws Cql2Error (position + reason) for anything that does not fit.
 */
export function checkFilter(layer: Layer, filter: Cql2Filter, crs: OgcCrs = findOgcCrs(CRS84)!): TypedFilter {
  const known = new Map(queryables(layer).map((q) => [q.key, q]));
  const names = () => [...known.keys()].join(', ');
  const enumValues = (o: TypedOperand, against: TypedOperand[], at: Cql2Position) => {
    if (o.kind !== 'attribute') return;
    const q = known.get(o.key);
    if (q?.source !== 'attribute' || q.def.type !== 'enum') return;
    const values = q.def.options.map((x) => x.value);
    for (const a of against)
      if (a.kind === 'value' && !values.includes(String(a.value)))
        throw new Cql2Error(at, `${o.key} is one of ${values.join(', ')}; ${String(a.value).slice(0, 40)} is not`);
  };

  const scalar = (s: Scalar): TypedOperand => {
    if (s.kind !== 'property') return { kind: 'value', value: s.value, type: LITERAL_TYPE[s.kind] };
    const q = known.get(s.name);
    if (!q) throw new Cql2Error(s.at, `unknown property ${s.name.slice(0, 64)}; queryables: ${names()}`);
    if (q.source === 'geometry') throw new Cql2Error(s.at, 'geometry is compared with the spatial functions (S_INTERSECTS …)');
    return q.source === 'column' ? { kind: 'column', column: q.key, type: q.type } : { kind: 'attribute', key: q.key, type: q.type };
  };
  const sameType = (at: Cql2Position, what: string, ...ops: TypedOperand[]) => {
    const t = ops[0]!.type;
    if (ops.some((o) => o.type !== t))
      throw new Cql2Error(
        at,
        `${what} needs values of one type, got ${ops.map((o) => o.type).join(' and ')}${t === 'date' || ops.some((o) => o.type === 'date') ? " (write dates as DATE('YYYY-MM-DD'))" : ''}`,
      );
    return t;
  };

  const geometry = (g: GeometryOperand): TypedGeometry => {
    if (g.kind === 'property') {
      if (g.name !== 'geometry')
        throw new Cql2Error(g.at, `the spatial functions take the property geometry or a geometry literal, not ${g.name.slice(0, 64)}`);
      return { kind: 'geometry' };
    }
    const flip = (p: Position): Position => {
      const [x, y] = toXY(crs, p[0]!, p[1]!);
      if (!insideBounds(crs, x, y)) throw new Cql2Error(g.at, `coordinates ${p.join(' ')} lie outside where ${crs.uri} is offered (check the axis order)`);
      return [x, y];
    };
    return { kind: 'literal', geojson: JSON.stringify(mapPositions(g.geometry, flip)), srid: crs.srid };
  };

  const walk = (f: Cql2Filter): TypedFilter => {
    switch (f.op) {
      case 'and':
      case 'or':
        return { op: f.op, args: f.args.map(walk) };
      case 'not':
        return { op: 'not', arg: walk(f.arg) };
      case 'compare': {
        const left = scalar(f.left);
        const right = scalar(f.right);
        const t = sameType(f.at, f.cmp, left, right);
        if (t === 'boolean' && f.cmp !== '=' && f.cmp !== '<>') throw new Cql2Error(f.at, `booleans are compared with = or <>, not ${f.cmp}`);
        enumValues(left, [right], f.at);
        enumValues(right, [left], f.at);
        return { op: 'compare', cmp: f.cmp, left, right };
      }
      case 'like': {
        const value = scalar(f.value);
        if (value.type !== 'text' && value.type !== 'date') throw new Cql2Error(f.at, `LIKE compares text; this is a ${value.type}`);
        if (f.pattern.kind !== 'string') throw new Cql2Error(f.pattern.at, "LIKE takes a pattern in quotes, e.g. '大同%'");
        // a trailing lone escape character would be an error in the database: refuse it here
        if (/(^|[^\\])(\\\\)*\\$/.test(f.pattern.value)) throw new Cql2Error(f.pattern.at, 'the pattern ends with a lone escape character \\');
        return { op: 'like', value, pattern: f.pattern.value };
      }
      case 'between': {
        const value = scalar(f.value);
        const low = scalar(f.low);
        const high = scalar(f.high);
        const t = sameType(f.at, 'BETWEEN', value, low, high);
        if (t !== 'number' && t !== 'date') throw new Cql2Error(f.at, `BETWEEN takes numbers or dates, not ${t}`);
        return { op: 'between', value, low, high };
      }
      case 'in': {
        const value = scalar(f.value);
        const items = f.list.map(scalar);
        if (items.some((i) => i.kind !== 'value')) throw new Cql2Error(f.at, 'IN takes a list of values');
        sameType(f.at, 'IN', value, ...items);
        enumValues(value, items, f.at);
        return { op: 'in', value, list: items };
      }
      case 'isNull': {
        const value = scalar(f.value);
        if (value.kind === 'value') throw new Cql2Error(f.at, 'IS NULL takes a property');
        return { op: 'isNull', value };
      }
      case 'spatial':
        return { op: 'spatial', fn: f.fn, left: geometry(f.left), right: geometry(f.right) };
    }
  };
  return walk(filter);
}

function mapPositions(g: Geometry, fn: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: g.type, coordinates: fn(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(fn) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((l) => l.map(fn)) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((p) => p.map((l) => l.map(fn))) };
    case 'GeometryCollection':
      return { type: g.type, geometries: g.geometries.map((x) => mapPositions(x, fn)) };
  }
}
