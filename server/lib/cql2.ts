/**
 * CQL2 (OGC Common Query Language, OGC 21-065) parsers for the filters of OGC API – Features Part 3:
 * the text encoding (`filter-lang=cql2-text`) by recursive descent, and the JSON encoding
 * (`cql2-json`). Both give the same syntax tree; it names properties but knows nothing of layers:
 * the layers feature checks the names and types against its queryables and compiles the tree to
 * parameterised SQL (features/layers/cql2-filter.sql.ts).
 *
 * Covered: Basic CQL2 (comparison, AND/OR/NOT, IS NULL), the advanced comparison operators
 * (LIKE, BETWEEN, IN), DATE literals, and the spatial functions S_INTERSECTS, S_EQUALS,
 * S_DISJOINT, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES and S_CONTAINS over 2-D WKT / GeoJSON
 * geometries and BBOX literals. Keywords are case-insensitive.
 *
 * Every error is a Cql2Error with where it happened: the 1-based character for text, a JSON
 * pointer for JSON.
 */
import type { Geometry, Position } from 'geojson';

export type Cql2Position = number | string;

export class Cql2Error extends Error {
  override name = 'Cql2Error';
  constructor(
    readonly position: Cql2Position,
    readonly reason: string,
  ) {
    super(`${typeof position === 'number' ? `at character ${position}` : `at ${position || '/'}`}: ${reason}`);
  }
}

export type Scalar =
  | { kind: 'property'; name: string; at: Cql2Position }
  | { kind: 'string'; value: string; at: Cql2Position }
  | { kind: 'number'; value: number; at: Cql2Position }
  | { kind: 'boolean'; value: boolean; at: Cql2Position }
  | { kind: 'date'; value: string; at: Cql2Position };

export type GeometryOperand = { kind: 'property'; name: string; at: Cql2Position } | { kind: 'geometry'; geometry: Geometry; at: Cql2Position };

export const COMPARISONS = ['=', '<>', '<', '<=', '>', '>='] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const SPATIAL_FUNCTIONS = ['s_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains'] as const;
export type SpatialFunction = (typeof SPATIAL_FUNCTIONS)[number];

export type Cql2Filter =
  | { op: 'and' | 'or'; args: Cql2Filter[]; at: Cql2Position }
  | { op: 'not'; arg: Cql2Filter; at: Cql2Position }
  | { op: 'compare'; cmp: Comparison; left: Scalar; right: Scalar; at: Cql2Position }
  | { op: 'like'; value: Scalar; pattern: Scalar; at: Cql2Position }
  | { op: 'between'; value: Scalar; low: Scalar; high: Scalar; at: Cql2Position }
  | { op: 'in'; value: Scalar; list: Scalar[]; at: Cql2Position }
  | { op: 'isNull'; value: Scalar; at: Cql2Position }
  | { op: 'spatial'; fn: SpatialFunction; left: GeometryOperand; right: GeometryOperand; at: Cql2Position };

/** Nesting deeper than this (parentheses, NOT, JSON operators) is refused rather than recursed into. */
export const MAX_DEPTH = 64;

// ---------------------------------------------------------------------------------------------
// Geometry literals, shared by both encodings

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkPosition(p: unknown, at: Cql2Position): Position {
  if (!Array.isArray(p) || p.length !== 2 || !isNum(p[0]) || !isNum(p[1])) throw new Cql2Error(at, 'a position is two finite numbers (2-D only)');
  return [p[0], p[1]];
}

function checkLine(line: unknown, at: Cql2Position, ring: boolean): Position[] {
  if (!Array.isArray(line)) throw new Cql2Error(at, 'expected a list of positions');
  const ps = line.map((p) => checkPosition(p, at));
  if (ring) {
    const [a, z] = [ps[0], ps[ps.length - 1]];
    if (ps.length < 4 || !a || !z || a[0] !== z[0] || a[1] !== z[1]) throw new Cql2Error(at, 'a polygon ring needs at least 4 positions and must be closed');
  } else if (ps.length < 2) throw new Cql2Error(at, 'a line needs at least 2 positions');
  return ps;
}

const list = (v: unknown, at: Cql2Position, what: string): unknown[] => {
  if (!Array.isArray(v) || v.length === 0) throw new Cql2Error(at, `expected a non-empty list of ${what}`);
  return v;
};

/** A GeoJSON geometry checked for shape: finite 2-D positions, lines of 2+, closed rings of 4+. */
export function checkGeometry(g: unknown, at: Cql2Position, depth = 0): Geometry {
  if (depth > 4) throw new Cql2Error(at, 'geometry collections nest too deep');
  if (typeof g !== 'object' || g === null) throw new Cql2Error(at, 'expected a geometry');
  const { type, coordinates: c } = g as { type?: unknown; coordinates?: unknown };
  switch (type) {
    case 'Point':
      return { type, coordinates: checkPosition(c, at) };
    case 'MultiPoint':
      return { type, coordinates: list(c, at, 'positions').map((p) => checkPosition(p, at)) };
    case 'LineString':
      return { type, coordinates: checkLine(c, at, false) };
    case 'MultiLineString':
      return { type, coordinates: list(c, at, 'lines').map((l) => checkLine(l, at, false)) };
    case 'Polygon':
      return { type, coordinates: list(c, at, 'rings').map((r) => checkLine(r, at, true)) };
    case 'MultiPolygon':
      return { type, coordinates: list(c, at, 'polygons').map((p) => list(p, at, 'rings').map((r) => checkLine(r, at, true))) };
    case 'GeometryCollection': {
      const parts = list((g as { geometries?: unknown }).geometries, at, 'geometries');
      return { type, geometries: parts.map((p) => checkGeometry(p, at, depth + 1)) };
    }
    default:
      throw new Cql2Error(at, 'unknown geometry type');
  }
}

/** BBOX(w, s, e, n) as the polygon it covers (6 numbers: the 3-D form, whose heights are dropped). */
function bboxPolygon(nums: unknown, at: Cql2Position): Geometry {
  if (!Array.isArray(nums) || (nums.length !== 4 && nums.length !== 6) || !nums.every(isNum)) throw new Cql2Error(at, 'BBOX takes 4 (or 6) finite numbers');
  const [w, s, e, n] = nums.length === 4 ? nums : [nums[0], nums[1], nums[3], nums[4]];
  if (w! > e! || s! > n!) throw new Cql2Error(at, 'BBOX is west, south, east, north with west ≤ east and south ≤ north');
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w!, s!],
        [e!, s!],
        [e!, n!],
        [w!, n!],
        [w!, s!],
      ],
    ],
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function checkDate(s: unknown, at: Cql2Position): string {
  if (typeof s !== 'string' || !DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || !new Date(`${s}T00:00:00Z`).toISOString().startsWith(s))
    throw new Cql2Error(at, 'DATE takes a calendar date YYYY-MM-DD');
  return s;
}

// ---------------------------------------------------------------------------------------------
// cql2-text

type Token =
  | { t: 'ident'; v: string; at: number }
  | { t: 'qident'; v: string; at: number }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'punct'; v: string; at: number }
  | { t: 'eof'; v: ''; at: number };

const IDENT = /[\p{L}_][\p{L}\p{N}_:.]*/uy;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const PUNCT = /<>|<=|>=|[=<>(),]/y;
const SPACE = /\s*/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(text)?.[0];
  };
  for (;;) {
    i += at(SPACE)?.length ?? 0;
    const pos = i + 1;
    if (i >= text.length) {
      tokens.push({ t: 'eof', v: '', at: pos });
      return tokens;
    }
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      // a doubled quote is the quote itself, in both string literals and quoted identifiers
      let v = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Cql2Error(pos, ch === "'" ? 'string literal not closed' : 'quoted property name not closed');
        if (text[j] === ch) {
          if (text[j + 1] === ch) {
            v += ch;
            j += 2;
            continue;
          }
          break;
        }
        v += text[j];
        j++;
      }
      tokens.push(ch === "'" ? { t: 'string', v, at: pos } : { t: 'qident', v, at: pos });
      i = j + 1;
      continue;
    }
    const num = at(NUMBER);
    if (num) {
      const v = Number(num);
      if (!Number.isFinite(v)) throw new Cql2Error(pos, `number ${num.slice(0, 32)} is out of range`);
      tokens.push({ t: 'number', v, at: pos });
      i += num.length;
      continue;
    }
    const id = at(IDENT);
    if (id) {
      tokens.push({ t: 'ident', v: id, at: pos });
      i += id.length;
      continue;
    }
    const p = at(PUNCT);
    if (p) {
      tokens.push({ t: 'punct', v: p, at: pos });
      i += p.length;
      continue;
    }
    throw new Cql2Error(pos, `unexpected character ${JSON.stringify(ch)}`);
  }
}

const RESERVED = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'DATE', 'TIMESTAMP', 'INTERVAL', 'BBOX']);
const WKT_TYPES: Record<string, Geometry['type']> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
  GEOMETRYCOLLECTION: 'GeometryCollection',
};

class TextParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    const t = this.tok;
    if (t.t !== 'eof') this.i++;
    return t;
  }
  private isKw(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t?.t === 'ident' && t.v.toUpperCase() === word;
  }
  private isPunct(p: string): boolean {
    return this.tok.t === 'punct' && this.tok.v === p;
  }
  private fail(expected: string): never {
    const t = this.tok;
    const got = t.t === 'eof' ? 'the end of the filter' : t.t === 'string' ? `'${t.v.slice(0, 32)}'` : String(t.v).slice(0, 32);
    throw new Cql2Error(t.at, `expected ${expected}, found ${got}`);
  }
  private expectPunct(p: string): void {
    if (!this.isPunct(p)) this.fail(`"${p}"`);
    this.next();
  }
  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new Cql2Error(at, `the filter nests deeper than ${MAX_DEPTH} levels`);
  }

  parse(): Cql2Filter {
    const f = this.or();
    if (this.tok.t !== 'eof') this.fail('AND, OR or the end of the filter');
    return f;
  }

  private or(): Cql2Filter {
    return this.chain('OR', () => this.and());
  }

  private and(): Cql2Filter {
    return this.chain('AND', () => this.not());
  }

  /** `operand { word operand }`, one node for the whole chain. */
  private chain(word: 'AND' | 'OR', operand: () => Cql2Filter): Cql2Filter {
    const at = this.tok.at;
    const args = [operand()];
    while (this.isKw(word)) {
      this.next();
      args.push(operand());
    }
    return args.length === 1 ? args[0]! : { op: word === 'AND' ? 'and' : 'or', args, at };
  }

  private not(): Cql2Filter {
    const at = this.tok.at;
    if (!this.isKw('NOT')) return this.primary();
    this.next();
    this.enter(at);
    const arg = this.not();
    this.depth--;
    return { op: 'not', arg, at };
  }

  private primary(): Cql2Filter {
    const at = this.tok.at;
    if (this.isPunct('(')) {
      this.next();
      this.enter(at);
      const inner = this.or();
      this.expectPunct(')');
      this.depth--;
      return inner;
    }
    const t = this.tok;
    if (t.t === 'ident' && (SPATIAL_FUNCTIONS as readonly string[]).includes(t.v.toLowerCase())) {
      this.next();
      this.expectPunct('(');
      const left = this.geometryOperand();
      this.expectPunct(',');
      const right = this.geometryOperand();
      this.expectPunct(')');
      return { op: 'spatial', fn: t.v.toLowerCase() as SpatialFunction, left, right, at };
    }
    const value = this.scalar();
    const op = this.tok;
    if (op.t === 'punct' && (COMPARISONS as readonly string[]).includes(op.v)) {
      this.next();
      return { op: 'compare', cmp: op.v as Comparison, left: value, right: this.scalar(), at };
    }
    if (this.isKw('IS')) {
      this.next();
      const negated = this.isKw('NOT');
      if (negated) this.next();
      if (!this.isKw('NULL')) this.fail('NULL');
      this.next();
      const test: Cql2Filter = { op: 'isNull', value, at };
      return negated ? { op: 'not', arg: test, at } : test;
    }
    const negated = this.isKw('NOT');
    if (negated) this.next();
    let test: Cql2Filter;
    if (this.isKw('LIKE')) {
      this.next();
      test = { op: 'like', value, pattern: this.scalar(), at };
    } else if (this.isKw('BETWEEN')) {
      this.next();
      const low = this.scalar();
      if (!this.isKw('AND')) this.fail('AND (BETWEEN low AND high)');
      this.next();
      test = { op: 'between', value, low, high: this.scalar(), at };
    } else if (this.isKw('IN')) {
      this.next();
      this.expectPunct('(');
      const items = [this.scalar()];
      while (this.isPunct(',')) {
        this.next();
        items.push(this.scalar());
      }
      this.expectPunct(')');
      test = { op: 'in', value, list: items, at };
    } else {
      return this.fail(negated ? 'LIKE, BETWEEN or IN' : 'a comparison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL');
    }
    return negated ? { op: 'not', arg: test, at } : test;
  }

  private scalar(): Scalar {
    const t = this.tok;
    switch (t.t) {
      case 'number':
        this.next();
        return { kind: 'number', value: t.v, at: t.at };
      case 'string':
        this.next();
        return { kind: 'string', value: t.v, at: t.at };
      case 'qident':
        this.next();
        return { kind: 'property', name: t.v, at: t.at };
      case 'ident': {
        const word = t.v.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') {
          this.next();
          return { kind: 'boolean', value: word === 'TRUE', at: t.at };
        }
        if (word === 'DATE') {
          this.next();
          this.expectPunct('(');
          const s = this.tok;
          if (s.t !== 'string') this.fail("a date in quotes, DATE('2023-10-01')");
          this.next();
          this.expectPunct(')');
          return { kind: 'date', value: checkDate(s.v, s.at), at: t.at };
        }
        if (word === 'TIMESTAMP' || word === 'INTERVAL')
          throw new Cql2Error(t.at, `${word} literals are not offered: the layers record dates (DATE('YYYY-MM-DD'))`);
        if (RESERVED.has(word)) this.fail('a property name or a value');
        if (this.tokens[this.i + 1]?.t === 'punct' && this.tokens[this.i + 1]?.v === '(') throw new Cql2Error(t.at, `unknown function ${t.v.slice(0, 32)}`);
        this.next();
        return { kind: 'property', name: t.v, at: t.at };
      }
      default:
        return this.fail('a property name or a value');
    }
  }

  private geometryOperand(): GeometryOperand {
    const t = this.tok;
    if (t.t === 'qident') {
      this.next();
      return { kind: 'property', name: t.v, at: t.at };
    }
    if (t.t !== 'ident') this.fail('a geometry property, a WKT geometry or BBOX(…)');
    const word = t.v.toUpperCase();
    if (word === 'BBOX') {
      this.next();
      this.expectPunct('(');
      const nums = [this.number()];
      while (this.isPunct(',')) {
        this.next();
        nums.push(this.number());
      }
      this.expectPunct(')');
      return { kind: 'geometry', geometry: bboxPolygon(nums, t.at), at: t.at };
    }
    if (WKT_TYPES[word]) return { kind: 'geometry', geometry: this.wkt(), at: t.at };
    if (RESERVED.has(word)) this.fail('a geometry property, a WKT geometry or BBOX(…)');
    this.next();
    return { kind: 'property', name: t.v, at: t.at };
  }

  private number(): number {
    const t = this.tok;
    if (t.t !== 'number') this.fail('a number');
    this.next();
    return t.v;
  }

  private position(): Position {
    return [this.number(), this.number()];
  }

  /** `( item, item … )` */
  private parenList<T>(item: () => T): T[] {
    this.expectPunct('(');
    const out = [item()];
    while (this.isPunct(',')) {
      this.next();
      out.push(item());
    }
    this.expectPunct(')');
    return out;
  }

  private wkt(): Geometry {
    const kw = this.next();
    const type = WKT_TYPES[String(kw.v).toUpperCase()]!;
    if (this.isKw('Z') || this.isKw('M') || this.isKw('ZM')) throw new Cql2Error(this.tok.at, 'only 2-D geometries are offered');
    if (this.isKw('EMPTY')) throw new Cql2Error(this.tok.at, 'an empty geometry matches nothing; leave the predicate out');
    this.enter(kw.at);
    const line = () => this.parenList(() => this.position());
    let g: unknown;
    switch (type) {
      case 'Point':
        this.expectPunct('(');
        g = { type, coordinates: this.position() };
        this.expectPunct(')');
        break;
      case 'LineString':
        g = { type, coordinates: line() };
        break;
      case 'Polygon':
        g = { type, coordinates: this.parenList(line) };
        break;
      case 'MultiPoint':
        // both MULTIPOINT(1 2, 3 4) and MULTIPOINT((1 2), (3 4))
        g = { type, coordinates: this.parenList(() => (this.isPunct('(') ? this.parenList(() => this.position())[0]! : this.position())) };
        break;
      case 'MultiLineString':
        g = { type, coordinates: this.parenList(line) };
        break;
      case 'MultiPolygon':
        g = { type, coordinates: this.parenList(() => this.parenList(line)) };
        break;
      case 'GeometryCollection':
        g = {
          type,
          geometries: this.parenList(() => {
            const t = this.tok;
            if (t.t !== 'ident' || !WKT_TYPES[t.v.toUpperCase()]) this.fail('a WKT geometry');
            return this.wkt();
          }),
        };
        break;
    }
    this.depth--;
    return checkGeometry(g, kw.at);
  }
}

/** Parses a cql2-text filter; throws Cql2Error with the 1-based character of the problem. */
export function parseCql2Text(text: string): Cql2Filter {
  return new TextParser(tokenize(text)).parse();
}

// ---------------------------------------------------------------------------------------------
// cql2-json

const pointer = (path: string, key: string | number) => `${path}/${key}`;

function jsonScalar(v: unknown, at: string): Scalar {
  if (typeof v === 'string') return { kind: 'string', value: v, at };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, at };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Cql2Error(at, 'numbers must be finite');
    return { kind: 'number', value: v, at };
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.property === 'string') return { kind: 'property', name: o.property, at };
    if ('date' in o) return { kind: 'date', value: checkDate(o.date, pointer(at, 'date')), at };
    if ('timestamp' in o || 'interval' in o)
      throw new Cql2Error(at, 'timestamp and interval literals are not offered: the layers record dates ({"date": "YYYY-MM-DD"})');
  }
  throw new Cql2Error(at, 'expected a property ({"property": name}), a string, a number, a boolean or {"date": …}');
}

function jsonGeometry(v: unknown, at: string): GeometryOperand {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.property === 'string') return { kind: 'property', name: o.property, at };
    if ('bbox' in o) return { kind: 'geometry', geometry: bboxPolygon(o.bbox, pointer(at, 'bbox')), at };
    if ('type' in o) return { kind: 'geometry', geometry: checkGeometry(o, at), at };
  }
  throw new Cql2Error(at, 'expected a geometry property, a GeoJSON geometry or {"bbox": […]}');
}

function jsonFilter(v: unknown, at: string, depth: number): Cql2Filter {
  if (depth > MAX_DEPTH) throw new Cql2Error(at, `the filter nests deeper than ${MAX_DEPTH} levels`);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Cql2Error(at, 'expected an expression {"op": …, "args": […]}');
  const { op, args } = v as { op?: unknown; args?: unknown };
  if (typeof op !== 'string') throw new Cql2Error(pointer(at, 'op'), 'expected an operator name');
  if (!Array.isArray(args)) throw new Cql2Error(pointer(at, 'args'), 'expected an array of arguments');
  const arg = (i: number) => pointer(pointer(at, 'args'), i);
  const arity = (n: number) => {
    if (args.length !== n) throw new Cql2Error(pointer(at, 'args'), `${op} takes ${n} argument${n === 1 ? '' : 's'}`);
  };
  const name = op.toLowerCase();
  if (name === 'and' || name === 'or') {
    if (args.length < 2) throw new Cql2Error(pointer(at, 'args'), `${op} takes at least 2 arguments`);
    return { op: name, args: args.map((a, i) => jsonFilter(a, arg(i), depth + 1)), at };
  }
  if (name === 'not') {
    arity(1);
    return { op: 'not', arg: jsonFilter(args[0], arg(0), depth + 1), at };
  }
  if ((COMPARISONS as readonly string[]).includes(op)) {
    arity(2);
    return { op: 'compare', cmp: op as Comparison, left: jsonScalar(args[0], arg(0)), right: jsonScalar(args[1], arg(1)), at };
  }
  if (name === 'like') {
    arity(2);
    return { op: 'like', value: jsonScalar(args[0], arg(0)), pattern: jsonScalar(args[1], arg(1)), at };
  }
  if (name === 'between') {
    arity(3);
    return { op: 'between', value: jsonScalar(args[0], arg(0)), low: jsonScalar(args[1], arg(1)), high: jsonScalar(args[2], arg(2)), at };
  }
  if (name === 'in') {
    arity(2);
    const items = list(args[1], arg(1), 'values');
    return { op: 'in', value: jsonScalar(args[0], arg(0)), list: items.map((x, i) => jsonScalar(x, pointer(arg(1), i))), at };
  }
  if (name === 'isnull') {
    arity(1);
    return { op: 'isNull', value: jsonScalar(args[0], arg(0)), at };
  }
  if ((SPATIAL_FUNCTIONS as readonly string[]).includes(name)) {
    arity(2);
    return { op: 'spatial', fn: name as SpatialFunction, left: jsonGeometry(args[0], arg(0)), right: jsonGeometry(args[1], arg(1)), at };
  }
  throw new Cql2Error(pointer(at, 'op'), `unknown operator ${op.slice(0, 32)}`);
}

/** Parses a cql2-json filter; throws Cql2Error with a JSON pointer to the problem ("" for the text as a whole). */
export function parseCql2Json(text: string): Cql2Filter {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    throw new Cql2Error(m ? Number(m[1]) + 1 : '', 'not valid JSON');
  }
  return jsonFilter(doc, '', 0);
}
