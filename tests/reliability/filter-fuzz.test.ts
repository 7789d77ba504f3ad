/**
 * CQL2 filter fuzzing with fast-check (fixed seed), beside the parameter fuzzing of fuzz.test.ts:
 * well-formed filters built from the grammar with hostile values, mutated ones, token soup and
 * random cql2-json, with random filter-crs, crs, sortby and properties, on the OGC items endpoint and the
 * exports. No 5xx, no database text in any body, every 400 a coded INVALID_FILTER /
 * INVALID_PARAMETER / UNSUPPORTED_CRS, every well-typed filter answered 200, and no row changed.
 */
import fc from 'fast-check';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { testApp } from '../helpers/app.ts';
import { dataChecksum } from '../helpers/checksum.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { LEAK } from '../helpers/leak-pattern.ts';

const SEED = 20231010;
const RUNS = Number(process.env.FILTER_FUZZ_RUNS ?? 250);
const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;
const CRS = ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', EPSG(4326), EPSG(4490), EPSG(4547), EPSG(4526)];

const hostileText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom("'", "''", '\\', 'x\\', '%', '_', '%\\%', "1' OR '1'='1", "'; DROP TABLE features; --", '中文%', '𠮷', 'a'.repeat(3000), 'coal'),
);
const hostileNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 40, 113),
);
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const numberText = hostileNumber.map((n) => (Object.is(n, -0) ? '-0' : String(n)));

const PROPERTIES = ['fuel', 'status', 'kind', 'use', 'unit', 'name', 'is_demo', 'capacity_t_h', 'nox_mg_m3', 'new_build', 'ultra_low_emission'];
const property = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PROPERTIES) },
  { weight: 1, arbitrary: fc.constantFrom('geometry', 'nope', '"fuel"', '"a""b"', 'properties', 'geom', 'id', 'layer_id', 'x:y.z', '中文') },
);
const literal = fc.oneof(
  hostileText.map(quote),
  numberText,
  fc.constantFrom('TRUE', 'FALSE', 'true', "'coal'", "'in_use'", "'boiler'", "DATE('2023-10-01')", "DATE('2023-02-30')", "DATE('x')", 'NULL'),
);
const coordinate = fc.oneof(
  fc.double({ min: 112, max: 115, noNaN: true }),
  fc.double({ min: 39, max: 41, noNaN: true }),
  hostileNumber,
  fc.constantFrom(4_430_000, 440_000, 38_440_000),
);
const position = fc.tuple(coordinate, coordinate).map(([a, b]) => `${a} ${b}`);
const ring = fc
  .array(position, { minLength: 0, maxLength: 6 })
  .chain((ps) => fc.boolean().map((close) => (close && ps.length ? [...ps, ps[0]] : ps).join(', ')));
const geometryText = fc.oneof(
  position.map((p) => `POINT(${p})`),
  fc.array(position, { maxLength: 4 }).map((ps) => `LINESTRING(${ps.join(', ')})`),
  fc.array(ring, { minLength: 1, maxLength: 2 }).map((rs) => `POLYGON(${rs.map((r) => `(${r})`).join(', ')})`),
  fc.array(position, { maxLength: 3 }).map((ps) => `MULTIPOINT(${ps.join(', ')})`),
  fc.tuple(coordinate, coordinate, coordinate, coordinate).map((n) => `BBOX(${n.join(', ')})`),
  fc.constantFrom('POINT EMPTY', 'POINT Z(1 2 3)', 'GEOMETRYCOLLECTION(POINT(113.3 40.1))', 'POLYGON((113 40, 113.5 40.5, 113.5 40, 113 40.5, 113 40))'),
);
const SPATIAL = ['S_INTERSECTS', 'S_WITHIN', 'S_CONTAINS', 's_disjoint', 'S_TOUCHES', 'S_OVERLAPS', 'S_CROSSES', 'S_EQUALS'];

/** Predicates whose names and values fit the layer: these reach the database. */
const typedPredicate = fc.oneof(
  fc.tuple(fc.constantFrom('capacity_t_h', 'nox_mg_m3'), fc.constantFrom('=', '<>', '<', '<=', '>', '>='), numberText).map(([p, op, n]) => `${p} ${op} ${n}`),
  fc
    .tuple(fc.constantFrom('fuel', 'status'), fc.subarray(['coal', 'gas', 'electric', 'biomass', 'in_use', 'standby'], { minLength: 1 }))
    .map(([p, vs]) => `${p} IN (${vs.map(quote).join(', ')})`),
  fc.tuple(fc.constantFrom('unit', 'name'), hostileText).map(([p, t]) => `${p} LIKE ${quote(t.replace(/\\+$/, ''))}`),
  fc.tuple(fc.constantFrom('new_build', 'ultra_low_emission', 'is_demo'), fc.constantFrom('TRUE', 'FALSE')).map(([p, b]) => `${p} = ${b}`),
  fc.tuple(fc.constantFrom(...PROPERTIES), fc.boolean()).map(([p, not]) => `${p} IS ${not ? 'NOT ' : ''}NULL`),
  fc.tuple(numberText, numberText).map(([a, b]) => `capacity_t_h BETWEEN ${a} AND ${b}`),
);

/** Grammatical cql2-text with hostile values (most are ill-typed: a 400, never a 500). */
const predicate = fc.oneof(
  typedPredicate,
  typedPredicate,
  fc.tuple(property, fc.constantFrom('=', '<>', '<', '<=', '>', '>='), literal).map(([p, op, v]) => `${p} ${op} ${v}`),
  fc.tuple(property, fc.boolean(), literal).map(([p, not, v]) => `${p} ${not ? 'NOT ' : ''}LIKE ${v}`),
  fc.tuple(property, literal, literal).map(([p, a, b]) => `${p} BETWEEN ${a} AND ${b}`),
  fc.tuple(property, fc.array(literal, { minLength: 1, maxLength: 4 })).map(([p, vs]) => `${p} IN (${vs.join(', ')})`),
  fc.tuple(property, fc.boolean()).map(([p, not]) => `${p} IS ${not ? 'NOT ' : ''}NULL`),
  fc.tuple(fc.constantFrom(...SPATIAL), fc.oneof(fc.constant('geometry'), property, geometryText), geometryText).map(([f, a, b]) => `${f}(${a}, ${b})`),
);
const textFilter: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    predicate,
    fc.tuple(tie('expr'), fc.constantFrom('AND', 'OR', 'and', 'or'), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('expr').map((e) => `NOT (${e})`),
    tie('expr').map((e) => `(${e})`),
  ),
})).expr;
/** A valid filter with one character dropped, doubled or replaced. */
const mutated = fc
  .tuple(textFilter, fc.nat(), fc.constantFrom('drop', 'double', 'replace'), fc.constantFrom("'", '(', ')', ',', '"', '\\', ' ', '=', '%'))
  .map(([t, i, how, ch]) => {
    const at = t.length ? i % t.length : 0;
    if (how === 'drop') return t.slice(0, at) + t.slice(at + 1);
    if (how === 'double') return t.slice(0, at) + t[at] + t.slice(at);
    return t.slice(0, at) + ch + t.slice(at + 1);
  });
const soup = fc
  .array(
    fc.oneof(
      fc.constantFrom('(', ')', ',', 'AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL', 'BETWEEN', '=', '<>', 'POINT', 'BBOX', 'S_INTERSECTS'),
      property,
      literal,
    ),
    { maxLength: 12 },
  )
  .map((ts) => ts.join(' '));

const jsonScalar = fc.oneof(
  fc.constantFrom(...PROPERTIES, 'nope').map((p) => ({ property: p })),
  hostileText,
  hostileNumber,
  fc.boolean(),
  fc.constantFrom({ date: '2023-10-01' }, { date: 'x' }, { timestamp: '2020-01-01T00:00:00Z' }, null, [], {}),
);
const jsonFilter: fc.Arbitrary<unknown> = fc.letrec<{ expr: unknown }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small' },
    fc
      .tuple(fc.constantFrom('=', '<>', '<', '>', 'like', 'LIKE', 'isNull', 'nope'), fc.array(jsonScalar, { maxLength: 3 }))
      .map(([op, args]) => ({ op, args })),
    fc.tuple(jsonScalar, fc.array(jsonScalar, { maxLength: 3 })).map(([v, list]) => ({ op: 'in', args: [v, list] })),
    fc.tuple(jsonScalar, jsonScalar, jsonScalar).map((args) => ({ op: 'between', args })),
    fc
      .tuple(fc.constantFrom('s_intersects', 's_within'), fc.oneof(fc.constant({ property: 'geometry' }), jsonScalar), fc.jsonValue({ maxDepth: 4 }))
      .map(([op, a, b]) => ({
        op,
        args: [a, b],
      })),
    fc.tuple(fc.constantFrom('and', 'or', 'not'), fc.array(tie('expr'), { maxLength: 3 })).map(([op, args]) => ({ op, args })),
    fc.jsonValue({ maxDepth: 3 }),
  ),
})).expr;

const request$ = fc.record({
  filter: fc.oneof(
    { weight: 4, arbitrary: textFilter.map((f) => ({ filter: f })) },
    { weight: 2, arbitrary: mutated.map((f) => ({ filter: f })) },
    { weight: 1, arbitrary: soup.map((f) => ({ filter: f })) },
    { weight: 3, arbitrary: jsonFilter.map((f) => ({ filter: JSON.stringify(f), 'filter-lang': 'cql2-json' })) },
  ),
  filterCrs: fc.option(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...CRS) }, { weight: 1, arbitrary: fc.constant('EPSG:4326') }), {
    nil: undefined,
    freq: 2,
  }),
  crs: fc.option(fc.constantFrom(...CRS), { nil: undefined }),
  shape: fc.option(
    fc.oneof(
      fc.constantFrom('-capacity_t_h', '+unit,-name', 'is_demo,fuel', 'geometry', 'nope').map((v) => ({ sortby: v })),
      fc.constantFrom('name,fuel', '', 'capacity_t_h', 'nope').map((v) => ({ properties: v })),
    ),
    { nil: undefined },
  ),
  path: fc.constantFrom(
    '/ogc/collections/boilers/items',
    '/ogc/collections/boilers/items',
    '/api/layers/boilers/export.geojson',
    '/api/layers/boilers/export.csv',
  ),
});

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    const layer = findLayer('boilers')!;
    const features = Array.from({ length: 12 }, (_, i) => {
      const v = validateFeature(layer, {
        type: 'Feature',
        properties: {
          name: `锅炉${i}`,
          kind: 'boiler',
          fuel: ['coal', 'gas'][i % 2],
          status: 'in_use',
          capacity_t_h: i,
          ...(i % 3 ? { ultra_low_emission: i % 2 === 0 } : {}),
        },
        geometry: { type: 'Point', coordinates: [113.2 + i * 0.01, 40 + i * 0.01] },
      });
      if (!v.valid) throw new Error(v.reason);
      return v.feature;
    });
    await writeFeatures(db(), 'boilers', features);
  });

  it(`${RUNS * 2} fuzzed filters: no 5xx, no leaked database text, coded 400s, no row changed`, async () => {
    const before = await dataChecksum(db());
    const statuses: Record<number, number> = {};
    const codes: Record<string, number> = {};
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(request$, async (r) => {
        const qs = new URLSearchParams({
          ...r.filter,
          ...(r.filterCrs ? { 'filter-crs': r.filterCrs } : {}),
          ...(r.path.startsWith('/ogc') ? { ...(r.crs ? { crs: r.crs } : {}), ...r.shape } : {}),
        });
        const res = await request(app).get(`${r.path}?${qs}`).buffer(true);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const where = `${r.path}?${qs.toString().slice(0, 400)}`;
        if (res.status >= 500) throw new Error(`${where}: ${res.status} ${res.text.slice(0, 300)}`);
        // what was sent may be echoed ("unknown property x"); take it out before looking for leaks
        let text = res.text;
        for (const v of [r.filter.filter, ...r.filter.filter.split(/[\s,()]+/)].filter((v) => v.length > 2)) text = text.split(v).join('');
        if (LEAK.test(text)) throw new Error(`${where}: leaks ${text.match(LEAK)?.[0]} in ${text.slice(0, 300)}`);
        if (res.status === 400) {
          const code = JSON.parse(res.text).error.code as string;
          codes[code] = (codes[code] ?? 0) + 1;
          expect(['INVALID_FILTER', 'INVALID_PARAMETER', 'UNSUPPORTED_CRS']).toContain(code);
        } else {
          expect(res.status).toBe(200);
          ok++;
        }
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
    const after = await dataChecksum(db());
    console.log(`filter fuzz (${kind}): ${RUNS * 2} requests, statuses ${JSON.stringify(statuses)}, 400 codes ${JSON.stringify(codes)}, 0 × 5xx, 0 leaks`);
    expect(after).toEqual(before);
    // the generators must reach the database, not only the parser's refusals
    expect(ok).toBeGreaterThan(RUNS / 10);
  }, 600_000);

  it('every well-typed generated filter is answered 200', async () => {
    // only properties and values that fit: the compiler and the database must take all of them
    const typed = fc.oneof(
      fc
        .tuple(fc.constantFrom('capacity_t_h', 'nox_mg_m3'), fc.constantFrom('=', '<>', '<', '<=', '>', '>='), hostileNumber)
        .map(([p, op, n]) => `${p} ${op} ${n}`),
      fc.tuple(fc.constantFrom('unit', 'name'), hostileText).map(([p, s]) => `${p} LIKE ${quote(s.replace(/\\+$/, ''))} OR ${p} IN (${quote(s)}, 'x')`),
      fc.tuple(hostileNumber, hostileNumber).map(([a, b]) => `capacity_t_h BETWEEN ${a} AND ${b} AND ultra_low_emission IS NOT NULL`),
      fc
        .tuple(fc.double({ min: 112, max: 115, noNaN: true }), fc.double({ min: 39, max: 41, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(
          ([x, y, d]) =>
            `S_INTERSECTS(geometry, BBOX(${x}, ${y}, ${x + d}, ${y + d})) OR S_WITHIN(geometry, POLYGON((${x} ${y}, ${x + d} ${y}, ${x} ${y + d}, ${x} ${y})))`,
        ),
    );
    // projected literals anywhere in the band where EPSG:4547 / 4526 are offered (northing first)
    const projected = fc
      .tuple(
        fc.constantFrom([4547, 500_000], [4526, 38_500_000]),
        fc.double({ min: 1_500_000, max: 6_000_000, noNaN: true }),
        fc.double({ min: -300_000, max: 300_000, noNaN: true }),
      )
      .map(([[srid, e0], n, e]) => ({ filter: `S_INTERSECTS(geometry, POINT(${n} ${e0! + e}))`, 'filter-crs': EPSG(srid!) }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          typed.map((filter) => ({ filter })),
          projected,
        ),
        async (params) => {
          const filter = params.filter;
          const res = await request(app).get(`/ogc/collections/boilers/items?${new URLSearchParams(params)}`);
          if (res.status !== 200) throw new Error(`${filter.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);
});
