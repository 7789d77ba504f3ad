/**
 * OGC API – Features Part 3: queryables from the layer catalogue and `filter=` in cql2-text and
 * cql2-json, on the items endpoint and on the exports. Every filter's answer is compared with the
 * same predicate evaluated here in JavaScript (turf for the spatial ones) over the fixture.
 */
import { bboxPolygon, booleanIntersects, booleanWithin, point, polygon } from '@turf/turf';
import proj4 from 'proj4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLayer, LAYERS } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { collectionSchema, itemsSchema, queryablesSchema } from '../../server/features/ogc/ogc.contract.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { LEAK } from '../helpers/leak-pattern.ts';

const FUELS = ['coal', 'gas', 'electric', 'biomass'] as const;
const STATUSES = ['in_use', 'standby', 'removed'] as const;

interface BoilerProps {
  name: string;
  unit: string;
  kind: string;
  fuel: string;
  status: string;
  capacity_t_h?: number;
  ultra_low_emission?: boolean;
}
/** 30 boilers on a 6 × 5 grid; capacity missing on every sixth, ultra-low emission on every seventh. */
const BOILERS = Array.from({ length: 30 }, (_, i) => {
  const properties: BoilerProps = {
    name: `测试锅炉${i}`,
    unit: i === 4 ? "O'Brien 热力" : `单位${i}`,
    kind: i % 5 === 0 ? 'furnace' : 'boiler',
    fuel: FUELS[i % 4]!,
    status: STATUSES[i % 3]!,
    ...(i % 6 === 5 ? {} : { capacity_t_h: i * 1.5 }),
    ...(i % 7 === 3 ? {} : { ultra_low_emission: i % 2 === 0 }),
  };
  return {
    type: 'Feature' as const,
    properties,
    geometry: { type: 'Point' as const, coordinates: [113.2 + (i % 6) * 0.02, 40.0 + Math.floor(i / 6) * 0.02] },
  };
});
const SITES = Array.from({ length: 6 }, (_, i) => ({
  type: 'Feature' as const,
  properties: { name: `测试工地${i}`, site_type: i % 2 ? 'road' : 'building', status: 'active', start_date: `2023-0${i + 1}-15` },
  geometry: { type: 'Point' as const, coordinates: [113.3, 40.0 + i * 0.01] },
}));

type Boiler = (typeof BOILERS)[number];
const AREA = polygon([
  [
    [113.23, 40.01],
    [113.29, 40.01],
    [113.29, 40.05],
    [113.23, 40.05],
    [113.23, 40.01],
  ],
]);
const GK = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
/** AREA's ring in EPSG:4547, northing first. */
const AREA_4547 = AREA.geometry.coordinates[0]!.map(([lng, lat]) => {
  const [x, y] = proj4('WGS84', GK, [lng!, lat!]);
  return [y!, x!];
});
const wkt = (ring: number[][]) => `POLYGON((${ring.map((p) => p.join(' ')).join(', ')}))`;

/** [cql2-text, cql2-json, the same predicate in JavaScript (SQL's three-valued logic: unknown is false)] */
const CASES: [string, object, (b: Boiler) => boolean][] = [
  ["fuel = 'coal'", { op: '=', args: [{ property: 'fuel' }, 'coal'] }, (b) => b.properties.fuel === 'coal'],
  [
    "capacity_t_h > 10 AND fuel <> 'gas'",
    {
      op: 'and',
      args: [
        { op: '>', args: [{ property: 'capacity_t_h' }, 10] },
        { op: '<>', args: [{ property: 'fuel' }, 'gas'] },
      ],
    },
    (b) => (b.properties.capacity_t_h ?? -1) > 10 && b.properties.fuel !== 'gas',
  ],
  [
    'capacity_t_h BETWEEN 6 AND 21',
    { op: 'between', args: [{ property: 'capacity_t_h' }, 6, 21] },
    (b) => b.properties.capacity_t_h !== undefined && b.properties.capacity_t_h >= 6 && b.properties.capacity_t_h <= 21,
  ],
  ["fuel IN ('coal', 'biomass')", { op: 'in', args: [{ property: 'fuel' }, ['coal', 'biomass']] }, (b) => ['coal', 'biomass'].includes(b.properties.fuel)],
  ["name LIKE '测试锅炉1_'", { op: 'like', args: [{ property: 'name' }, '测试锅炉1_'] }, (b) => /^测试锅炉1.$/.test(b.properties.name)],
  ["unit LIKE 'O''Brien%'", { op: 'like', args: [{ property: 'unit' }, "O'Brien%"] }, (b) => b.properties.unit.startsWith("O'Brien")],
  ['capacity_t_h IS NULL', { op: 'isNull', args: [{ property: 'capacity_t_h' }] }, (b) => b.properties.capacity_t_h === undefined],
  [
    "NOT ultra_low_emission = TRUE OR kind = 'furnace'",
    {
      op: 'or',
      args: [
        { op: 'not', args: [{ op: '=', args: [{ property: 'ultra_low_emission' }, true] }] },
        { op: '=', args: [{ property: 'kind' }, 'furnace'] },
      ],
    },
    (b) => b.properties.ultra_low_emission === false || b.properties.kind === 'furnace',
  ],
  [
    `S_INTERSECTS(geometry, ${wkt(AREA.geometry.coordinates[0]!)})`,
    { op: 's_intersects', args: [{ property: 'geometry' }, AREA.geometry] },
    (b) => booleanIntersects(point(b.geometry.coordinates), AREA),
  ],
  [
    "S_WITHIN(geometry, BBOX(113.21, 40.01, 113.27, 40.07)) AND status = 'in_use'",
    {
      op: 'and',
      args: [
        { op: 's_within', args: [{ property: 'geometry' }, { bbox: [113.21, 40.01, 113.27, 40.07] }] },
        { op: '=', args: [{ property: 'status' }, 'in_use'] },
      ],
    },
    (b) => booleanWithin(point(b.geometry.coordinates), bboxPolygon([113.21, 40.01, 113.27, 40.07])) && b.properties.status === 'in_use',
  ],
];

const names = (body: { features: { properties: Record<string, unknown> }[] }) => body.features.map((f) => String(f.properties.name)).sort();
const want = (pred: (b: Boiler) => boolean) =>
  BOILERS.filter(pred)
    .map((b) => b.properties.name)
    .sort();
const items = (qs: Record<string, string>) => `/ogc/collections/boilers/items?${new URLSearchParams({ limit: '100', ...qs })}`;

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    for (const [layerId, features] of [
      ['boilers', BOILERS],
      ['construction_sites', SITES],
    ] as const) {
      const layer = findLayer(layerId)!;
      await writeFeatures(
        db(),
        layerId,
        features.map((f) => {
          const v = validateFeature(layer, f);
          if (!v.valid) throw new Error(v.reason);
          return v.feature;
        }),
      );
    }
  });

  it('serves the queryables of every layer from the catalogue, linked from its collection', async () => {
    for (const layer of LAYERS) {
      const res = await request(app).get(`/ogc/collections/${layer.id}/queryables`).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
      const q = queryablesSchema.parse(JSON.parse(res.text));
      expect(Object.keys(q.properties)).toEqual(['geometry', 'name', 'is_demo', ...layer.attributes.map((a) => a.key)]);
      for (const a of layer.attributes) {
        const p = q.properties[a.key]!;
        expect(p.type).toBe({ text: 'string', date: 'string', enum: 'string', boolean: 'boolean', number: 'number', integer: 'integer' }[a.type]);
        if (a.type === 'enum') expect(p.enum).toEqual(a.options.map((o) => o.value));
        if (a.type === 'date') expect(p.format).toBe('date');
        expect(p.title).toContain(a.label.zh);
      }
      const c = collectionSchema.parse((await request(app).get(`/ogc/collections/${layer.id}`).expect(200)).body);
      const link = c.links.find((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables')!;
      expect(new URL(link.href).pathname).toBe(new URL(q.$id).pathname);
    }
    await request(app).get('/ogc/collections/nope/queryables').expect(404);
    const conf = (await request(app).get('/ogc/conformance').expect(200)).body.conformsTo as string[];
    for (const c of ['ogcapi-features-3/1.0/conf/queryables', 'ogcapi-features-3/1.0/conf/filter', 'cql2/1.0/conf/cql2-text', 'cql2/1.0/conf/cql2-json'])
      expect(conf).toContain(`http://www.opengis.net/spec/${c}`);
  });

  it.each(CASES)('%s: text and JSON encodings select what the predicate selects', async (text, json, pred) => {
    const expected = want(pred);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(BOILERS.length);
    const byText = itemsSchema.parse(
      (
        await request(app)
          .get(items({ filter: text }))
          .expect(200)
      ).body,
    );
    const byJson = itemsSchema.parse(
      (
        await request(app)
          .get(items({ filter: JSON.stringify(json), 'filter-lang': 'cql2-json' }))
          .expect(200)
      ).body,
    );
    expect(names(byText)).toEqual(expected);
    expect(names(byJson)).toEqual(expected);
    expect(byText.numberMatched).toBe(expected.length);
  });

  it('reads filter geometries in filter-crs (EPSG:4547, northing first)', async () => {
    const res = await request(app)
      .get(items({ filter: `S_INTERSECTS(geometry, ${wkt(AREA_4547)})`, 'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/4547' }))
      .expect(200);
    expect(names(res.body)).toEqual(want((b) => booleanIntersects(point(b.geometry.coordinates), AREA)));
  });

  it('compares dates with DATE literals', async () => {
    const res = await request(app)
      .get(`/ogc/collections/construction_sites/items?${new URLSearchParams({ filter: "start_date >= DATE('2023-03-01') AND site_type = 'building'" })}`)
      .expect(200);
    expect(names(res.body)).toEqual(
      SITES.filter((s) => s.properties.start_date >= '2023-03-01' && s.properties.site_type === 'building').map((s) => s.properties.name),
    );
  });

  it('combines filter with attr=value, bbox and paging; next links keep the filter', async () => {
    const filter = 'capacity_t_h >= 3';
    const expected = want((b) => (b.properties.capacity_t_h ?? -1) >= 3 && b.properties.status === 'standby' && b.geometry.coordinates[1]! <= 40.061);
    const seen: string[] = [];
    let url: string | undefined =
      `/ogc/collections/boilers/items?${new URLSearchParams({ filter, status: 'standby', bbox: '113,39.9,114,40.061', limit: '2' })}`;
    while (url) {
      const body = itemsSchema.parse((await request(app).get(url).expect(200)).body);
      expect(body.numberMatched).toBe(expected.length);
      seen.push(...names(body));
      const next = body.links.find((l) => l.rel === 'next')?.href;
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
    }
    expect(seen.sort()).toEqual(expected);
  });

  it('exports accept the same filter (GeoJSON and CSV)', async () => {
    const [text, json, pred] = CASES[1]!;
    const geojson = await request(app)
      .get(`/api/layers/boilers/export.geojson?${new URLSearchParams({ filter: text })}`)
      .expect(200);
    expect(names(JSON.parse(geojson.text))).toEqual(want(pred));
    const csv = await request(app)
      .get(`/api/layers/boilers/export.csv?${new URLSearchParams({ filter: JSON.stringify(json), 'filter-lang': 'cql2-json' })}`)
      .expect(200);
    const rows = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
      .slice(1);
    expect(rows.length).toBe(want(pred).length);
    for (const name of want(pred)) expect(csv.text).toContain(name);
    const bad = await request(app).get('/api/layers/boilers/export.csv?filter=nope%20%3D%201').expect(400);
    expect(bad.body.error.code).toBe('INVALID_FILTER');
  });

  it('sorts by queryables (sortby, missing values last, ties by id) across pages', async () => {
    const order = (a: Boiler, b: Boiler) => {
      const [x, y] = [a.properties.capacity_t_h, b.properties.capacity_t_h];
      if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || BOILERS.indexOf(a) - BOILERS.indexOf(b);
      return y - x || BOILERS.indexOf(a) - BOILERS.indexOf(b);
    };
    const expected = [...BOILERS].sort(order).map((b) => b.properties.name);
    const seen: string[] = [];
    let url: string | undefined = `/ogc/collections/boilers/items?${new URLSearchParams({ sortby: '-capacity_t_h', limit: '7' })}`;
    while (url) {
      const body = itemsSchema.parse((await request(app).get(url).expect(200)).body);
      seen.push(...body.features.map((f) => String(f.properties.name)));
      const next = body.links.find((l) => l.rel === 'next')?.href;
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
    }
    expect(seen).toEqual(expected);
    const byFuel = await request(app)
      .get(items({ sortby: '+fuel,-name', filter: "kind = 'furnace'" }))
      .expect(200);
    const furnaces = BOILERS.filter((b) => b.properties.kind === 'furnace')
      .sort((a, b) => a.properties.fuel.localeCompare(b.properties.fuel) || (a.properties.name < b.properties.name ? 1 : -1))
      .map((b) => b.properties.name);
    expect(byFuel.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(furnaces);
  });

  it('returns only the properties asked for', async () => {
    const res = await request(app)
      .get(items({ properties: 'fuel,name', limit: '5' }))
      .expect(200);
    for (const f of itemsSchema.parse(res.body).features) {
      expect(Object.keys(f.properties).sort()).toEqual(['fuel', 'name']);
      expect(f.geometry.type).toBe('Point');
    }
    const none = await request(app)
      .get(items({ properties: '', limit: '1' }))
      .expect(200);
    expect(none.body.features[0].properties).toEqual({});
  });

  it.each([
    [{ sortby: 'geometry' }, 'sortby'],
    [{ sortby: 'nope' }, 'sortby'],
    [{ sortby: 'a,b,c,d,e,f' }, 'sortby'],
    [{ properties: 'fuel,nope' }, 'properties'],
  ])('%j → 400 INVALID_PARAMETER', async (qs, param) => {
    const res = await request(app).get(items(qs)).expect(400);
    expect(res.body.error.code).toBe('INVALID_PARAMETER');
    expect(res.body.error.message).toContain(param);
  });

  describe('bad filters are a coded 400 with the position and reason, never a database error', () => {
    const cases: [Record<string, string>, string, number | string][] = [
      [{ filter: "nope = 'x'" }, 'INVALID_FILTER', 1],
      [{ filter: "fuel = 'coal' AND capacity_t_h = 'big'" }, 'INVALID_FILTER', 19],
      [{ filter: "fuel = 'oil'" }, 'INVALID_FILTER', 1],
      [{ filter: 'ultra_low_emission > TRUE' }, 'INVALID_FILTER', 1],
      [{ filter: "name LIKE 'x\\'" }, 'INVALID_FILTER', 11],
      [{ filter: "fuel = 'coal" }, 'INVALID_FILTER', 8],
      [{ filter: 'S_INTERSECTS(fuel, POINT(1 2))' }, 'INVALID_FILTER', 14],
      [{ filter: 'S_INTERSECTS(geometry, POINT(200 2))' }, 'INVALID_FILTER', 24],
      [{ filter: '{"op":"=","args":[{"property":"nope"},1]}', 'filter-lang': 'cql2-json' }, 'INVALID_FILTER', '/args/0'],
      [{ filter: '{"op":', 'filter-lang': 'cql2-json' }, 'INVALID_FILTER', ''],
    ];
    it.each(cases)('%j → %s at %s', async (qs, code, position) => {
      const res = await request(app).get(items(qs)).expect(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.messageZh).toMatch(/过滤条件/);
      if (position !== '') expect(res.body.error.details.position).toBe(position);
      expect(res.body.error.details.reason).toBeTruthy();
      expect(res.text).not.toMatch(LEAK);
    });

    it.each([
      [{ filter: 'a = 1', 'filter-lang': 'ecql' }, 'INVALID_PARAMETER'],
      [{ filter: 'S_INTERSECTS(geometry, POINT(1 2))', 'filter-crs': 'EPSG:4326' }, 'UNSUPPORTED_CRS'],
      [{ filter: 'x'.repeat(8001) }, 'INVALID_FILTER'],
    ])('%j → %s', async (qs, code) => {
      const res = await request(app).get(items(qs)).expect(400);
      expect(res.body.error.code).toBe(code);
    });
  });
});
