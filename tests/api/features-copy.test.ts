/**
 * The COPY write path stores exactly what the INSERT path stores, keeps every CHECK, and fails
 * inside the caller's transaction, on both databases (the pg COPY protocol; PGlite's /dev/blob).
 * The hex EWKB it sends is checked against PostGIS' own encoding of the same GeoJSON.
 */
import { expect, it } from 'vitest';
import type { Queryable } from '../../server/db/db.ts';
import { insertFeatures, type NewFeature } from '../../server/features/layers/features.repo.ts';
import { toEwkbHex } from '../../server/lib/ewkb.ts';
import { mulberry32 } from '../../seeds/lib/prng.ts';
import { onEachDatabase } from '../helpers/db.ts';

const r = mulberry32(5);
const NAMES = ['普通', 'tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N', '"quoted" \'both\'', '', 'ends with \\'];
const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

function features(n: number, kind: 'Point' | 'Polygon'): NewFeature[] {
  return Array.from({ length: n }, (_, i) => {
    const x = 113.2 + r() * 0.2;
    const y = 40 + r() * 0.2;
    const geometry =
      kind === 'Point'
        ? { type: 'Point', coordinates: [x, y] }
        : i % 3 === 0
          ? { type: 'MultiPolygon', coordinates: [[square(x, y, 0.001)], [square(x + 0.002, y, 0.0005)]] }
          : { type: 'Polygon', coordinates: [square(x, y, 0.002), square(x + 0.0005, y + 0.0005, 0.0005).reverse()] };
    return {
      name: NAMES[i % NAMES.length]!,
      properties: { n: i, note: `a\\b\t${NAMES[(i + 3) % NAMES.length]}`, nested: { ok: i % 2 === 0, list: [1.5, null, 'x'] }, big: 123456789.123456789 },
      geometry,
      isDemo: i % 4 === 0,
    };
  });
}

const stored = (db: Queryable, layer: string, ids: number[]) =>
  db.query<{ id: number; name: string; props: string; wkb: string; is_demo: boolean; version: number }>(
    `SELECT id, name, properties::text AS props, encode(ST_AsEWKB(geom), 'hex') AS wkb, is_demo, version
       FROM features WHERE layer_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
    [layer, ids],
  );

onEachDatabase(({ db }) => {
  it('writes hex EWKB that PostGIS reads back to the same geometry it makes from the GeoJSON', async () => {
    const geoms = [...features(20, 'Point'), ...features(20, 'Polygon')].map((f) => f.geometry);
    const rows = await db().query<{ ours: string; theirs: string }>(
      `SELECT encode(ST_AsEWKB(ST_GeomFromEWKB(decode(o, 'hex'))), 'hex') AS ours,
              encode(ST_AsEWKB(ST_SetSRID(ST_GeomFromGeoJSON(g), 4326)), 'hex') AS theirs
         FROM unnest($1::text[], $2::text[]) AS t(o, g)`,
      [geoms.map((g) => toEwkbHex(g)!), geoms.map((g) => JSON.stringify(g))],
    );
    expect(rows).toHaveLength(40);
    for (const row of rows) expect(row.ours).toBe(row.theirs);
    expect(toEwkbHex({ type: 'Point', coordinates: [1, 2, 3] })).toBeUndefined();
    expect(toEwkbHex({ type: 'GeometryCollection', geometries: [] })).toBeUndefined();
  });

  it('stores through COPY exactly what the INSERT path stores', async () => {
    for (const [layer, kindOf] of [
      ['gas_stations', 'Point'],
      ['streets', 'Polygon'],
    ] as const) {
      const batch = features(300, kindOf);
      const [viaCopy, viaInsert] = await db().transaction(async (tx) => {
        expect(tx.copyFrom).toBeTypeOf('function');
        const a = await insertFeatures(tx, layer, batch);
        // the same transaction without copyFrom takes the INSERT path
        const b = await insertFeatures({ query: (sql, params) => tx.query(sql, params) }, layer, batch);
        return [a, b];
      });
      expect(viaCopy).toHaveLength(300);
      expect([...viaCopy].sort((x, y) => x - y)).toEqual(viaCopy);
      expect(new Set([...viaCopy, ...viaInsert]).size).toBe(600);
      const a = await stored(db(), layer, viaCopy);
      const b = await stored(db(), layer, viaInsert);
      expect(a).toHaveLength(300);
      // ids in input order: the i-th id holds the i-th feature
      expect(a.map((row) => row.name)).toEqual(batch.map((f) => f.name));
      expect(a.map(({ id: _, ...rest }) => rest)).toEqual(b.map(({ id: _, ...rest }) => rest));
      expect(a.map((row) => JSON.parse(row.props))).toEqual(batch.map((f) => f.properties));
    }
  });

  it('keeps the CHECKs: an invalid polygon in a COPY batch fails the transaction and writes nothing', async () => {
    const batch = features(120, 'Polygon');
    batch[77] = {
      ...batch[77]!,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [113.2, 40],
            [113.21, 40.01],
            [113.21, 40],
            [113.2, 40.01],
            [113.2, 40],
          ],
        ],
      },
    };
    const before = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM features WHERE layer_id = 'streets'`);
    await expect(db().transaction((tx) => insertFeatures(tx, 'streets', batch))).rejects.toThrow(/check constraint/i);
    const after = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM features WHERE layer_id = 'streets'`);
    expect(after[0]!.n).toBe(before[0]!.n);
    // the database (every pooled connection on pg) still works after the failed COPY
    for (let i = 0; i < 10; i++) expect(await db().query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('hands a batch with 3-D positions to the INSERT path, which refuses it as it always has', async () => {
    const batch = features(60, 'Point').map((f, i) => (i === 5 ? { ...f, geometry: { type: 'Point', coordinates: [113.3, 40.1, 1200] } } : f));
    await expect(db().transaction((tx) => insertFeatures(tx, 'gas_stations', batch))).rejects.toThrow(/Z dimension/);
    await expect(db().transaction((tx) => insertFeatures({ query: (sql, params) => tx.query(sql, params) }, 'gas_stations', batch))).rejects.toThrow(
      /Z dimension/,
    );
  });
});
