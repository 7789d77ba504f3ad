import { describe, expect, it } from 'vitest';
import { Cql2Error, type Cql2Filter, MAX_DEPTH, parseCql2Json, parseCql2Text } from './cql2.ts';

/** The tree without positions, for comparing what the two encodings give. */
const shape = (f: unknown): unknown => JSON.parse(JSON.stringify(f, (k, v) => (k === 'at' ? undefined : v)));

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof Cql2Error) return { position: e.position, reason: e.reason };
    throw e;
  }
  throw new Error('no error');
};

describe('cql2-text', () => {
  it('parses comparison, logic and precedence (NOT > AND > OR), case-insensitive keywords', () => {
    const f = parseCql2Text("status = 'active' and not area_m2 >= 5000 OR \"name\" <> 'x'");
    expect(shape(f)).toEqual({
      op: 'or',
      args: [
        {
          op: 'and',
          args: [
            { op: 'compare', cmp: '=', left: { kind: 'property', name: 'status' }, right: { kind: 'string', value: 'active' } },
            {
              op: 'not',
              arg: { op: 'compare', cmp: '>=', left: { kind: 'property', name: 'area_m2' }, right: { kind: 'number', value: 5000 } },
            },
          ],
        },
        { op: 'compare', cmp: '<>', left: { kind: 'property', name: 'name' }, right: { kind: 'string', value: 'x' } },
      ],
    });
  });

  it('parses LIKE, BETWEEN, IN, IS [NOT] NULL, DATE, booleans and quoted quotes', () => {
    expect(shape(parseCql2Text("name NOT LIKE '大同%'"))).toEqual({
      op: 'not',
      arg: { op: 'like', value: { kind: 'property', name: 'name' }, pattern: { kind: 'string', value: '大同%' } },
    });
    expect(shape(parseCql2Text('x BETWEEN -1.5 AND 2e3'))).toMatchObject({ op: 'between', low: { value: -1.5 }, high: { value: 2000 } });
    expect(shape(parseCql2Text("s IN ('a', 'it''s')"))).toMatchObject({ op: 'in', list: [{ value: 'a' }, { value: "it's" }] });
    expect(shape(parseCql2Text('s IS NOT NULL'))).toEqual({ op: 'not', arg: { op: 'isNull', value: { kind: 'property', name: 's' } } });
    expect(shape(parseCql2Text("d > DATE('2023-10-01') AND b = TRUE"))).toMatchObject({
      args: [{ right: { kind: 'date', value: '2023-10-01' } }, { right: { kind: 'boolean', value: true } }],
    });
  });

  it('parses spatial functions with WKT and BBOX literals', () => {
    const f = parseCql2Text('S_INTERSECTS(geometry, POLYGON((113 40, 113.1 40, 113.1 40.1, 113 40)))') as Extract<Cql2Filter, { op: 'spatial' }>;
    expect(f.fn).toBe('s_intersects');
    expect(f.right).toMatchObject({
      kind: 'geometry',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [113, 40],
            [113.1, 40],
            [113.1, 40.1],
            [113, 40],
          ],
        ],
      },
    });
    expect(shape(parseCql2Text('s_within(geometry, bbox(1, 2, 3, 4))'))).toMatchObject({
      right: {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1, 2],
              [3, 2],
              [3, 4],
              [1, 4],
              [1, 2],
            ],
          ],
        },
      },
    });
    for (const wkt of [
      'POINT(1 2)',
      'MULTIPOINT(1 2, 3 4)',
      'MULTIPOINT((1 2), (3 4))',
      'LINESTRING(1 2, 3 4)',
      'MULTILINESTRING((1 2, 3 4))',
      'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))',
      'GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))',
    ])
      expect(() => parseCql2Text(`S_INTERSECTS(geometry, ${wkt})`)).not.toThrow();
  });

  it('gives text and JSON encodings the same tree', () => {
    const text = parseCql2Text("(a = 1 OR b LIKE 'x%') AND c IN ('p','q') AND d BETWEEN 1 AND 2 AND e IS NULL AND S_CONTAINS(geometry, POINT(1 2))");
    const json = parseCql2Json(
      JSON.stringify({
        op: 'and',
        args: [
          {
            op: 'and',
            args: [
              {
                op: 'and',
                args: [
                  {
                    op: 'and',
                    args: [
                      {
                        op: 'or',
                        args: [
                          { op: '=', args: [{ property: 'a' }, 1] },
                          { op: 'like', args: [{ property: 'b' }, 'x%'] },
                        ],
                      },
                      { op: 'in', args: [{ property: 'c' }, ['p', 'q']] },
                    ],
                  },
                  { op: 'between', args: [{ property: 'd' }, 1, 2] },
                ],
              },
              { op: 'isNull', args: [{ property: 'e' }] },
            ],
          },
          { op: 's_contains', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [1, 2] }] },
        ],
      }),
    );
    // text folds a chain of ANDs into one node; flatten the JSON's nesting the same way
    const flatten = (f: unknown): unknown => {
      const n = f as { op?: string; args?: unknown[] };
      if (n.op !== 'and' || !n.args) return f;
      return { ...n, args: n.args.flatMap((a) => ((a as { op?: string }).op === 'and' ? (flatten(a) as { args: unknown[] }).args : [a])) };
    };
    expect(shape(flatten(json))).toEqual(shape(text));
  });

  it.each([
    ["status = 'active", 10, 'not closed'],
    ['status = ', 10, 'expected a property name or a value'],
    ["status == 'a'", 9, 'expected a property name or a value'],
    ['a = 1 b = 2', 7, 'expected AND, OR'],
    ['(a = 1', 7, 'expected ")"'],
    ['a LIKE', 7, 'expected a property'],
    ['a BETWEEN 1 OR 2', 13, 'expected AND'],
    ['a @ 1', 3, 'unexpected character'],
    ["CASEI(a) = 'x'", 1, 'unknown function'],
    ["a = TIMESTAMP('2020-01-01T00:00:00Z')", 5, 'not offered'],
    ["d = DATE('2023-02-30')", 10, 'calendar date'],
    ['S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))', 24, 'closed'],
    ['S_INTERSECTS(geometry, POINT Z(1 2 3))', 30, '2-D'],
    ['S_INTERSECTS(geometry, BBOX(3, 0, 1, 1))', 24, 'west ≤ east'],
    ['a = 1e999', 5, 'out of range'],
  ])('%s → error at %i', (text, position, reason) => {
    const e = errorOf(() => parseCql2Text(text));
    expect(e.position).toBe(position);
    expect(e.reason).toContain(reason);
  });

  it('refuses nesting deeper than MAX_DEPTH instead of overflowing the stack', () => {
    const deep = `${'('.repeat(MAX_DEPTH + 1)}a = 1${')'.repeat(MAX_DEPTH + 1)}`;
    expect(errorOf(() => parseCql2Text(deep)).reason).toContain('nests deeper');
    expect(errorOf(() => parseCql2Text(`${'NOT '.repeat(100_000)}a = 1`)).reason).toContain('nests deeper');
    expect(() => parseCql2Text(`${'('.repeat(MAX_DEPTH)}a = 1${')'.repeat(MAX_DEPTH)}`)).not.toThrow();
  });
});

describe('cql2-json', () => {
  it.each([
    ['{"op":"=","args":[{"property":"a"}]}', '/args', 'takes 2 arguments'],
    ['{"op":"nope","args":[]}', '/op', 'unknown operator'],
    ['{"op":"and","args":[{"op":"=","args":[{"property":"a"},1]},{"op":"=","args":[{"prop":"a"},1]}]}', '/args/1/args/0', 'expected a property'],
    ['{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}]}', '/args/1', 'closed'],
    ['[1,2]', '', 'expected an expression'],
  ])('%s → error at %s', (text, position, reason) => {
    const e = errorOf(() => parseCql2Json(text));
    expect(e.position).toBe(position);
    expect(e.reason).toContain(reason);
  });

  it('reports malformed JSON', () => {
    expect(errorOf(() => parseCql2Json('{"op":')).reason).toBe('not valid JSON');
  });
});
