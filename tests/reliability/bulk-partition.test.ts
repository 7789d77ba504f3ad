/**
 * Issue 18: a large write into an empty layer goes into a staging table that is indexed once and
 * swapped in for the layer's partition (server/features/layers/bulk-partition.repo.ts). After the swap
 * the partition is the same as before to everything that reads the catalogue (its name, its
 * indexes' and constraints' names, the indexes attached to those of `features`, its CHECKs, its
 * triggers), so the next swap works again; the rows are the ones the row-by-row path writes; the
 * zone layers' parts are written once; and two such writes that deadlock on the swap both commit
 * (PostGIS server: the embedded database is one connection).
 */
import { describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../server/db/db.ts';
import { BULK_MIN_ROWS } from '../../server/features/layers/features.repo.ts';
import { insertFeatureStreamTx, writeLayerTx, type NewFeature } from '../../server/features/layers/feature-write.service.ts';
import request from 'supertest';
import { constructionSitesFile, postImport } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase, openTestDb } from '../helpers/db.ts';

const SITES: string = 'construction_sites';
const ZONES: string = 'coal_ban_zones';
const N = BULK_MIN_ROWS + 500;

const site = (prefix: string, i: number): NewFeature => ({
  name: `${prefix}-${i}`,
  properties: { site_type: 'building', status: 'active', n: i, note: i % 7 ? null : 'tab\there "q" \\ 工地' },
  geometry: { type: 'Point', coordinates: [113.22 + (i % 100) * 0.0015, 40.0 + Math.floor(i / 100) * 0.002] },
  isDemo: i % 5 === 0,
});
/** Squares of 0.001°, in a grid: each is one zone part. */
const zone = (prefix: string, i: number): NewFeature => {
  const x = 113.2 + (i % 100) * 0.002;
  const y = 40.0 + Math.floor(i / 100) * 0.002;
  return {
    name: `${prefix}-${i}`,
    properties: { grade: i % 3 },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 0.001, y],
          [x + 0.001, y + 0.001],
          [x, y + 0.001],
          [x, y],
        ],
      ],
    },
    isDemo: false,
  };
};

async function* batches(make: (i: number) => NewFeature, n: number, size = 500) {
  for (let i = 0; i < n; i += size) yield Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j));
}

/** What the catalogue says about a layer's partition: everything a swap must keep. */
async function partitionShape(db: Queryable, layerId: string) {
  const [p] = await db.query<{ oid: number; name: string; acl: string | null }>(
    `SELECT c.oid::int8 AS oid, c.relname AS name, c.relacl::text AS acl FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'features'::regclass AND pg_get_expr(c.relpartbound, c.oid) = format('FOR VALUES IN (%L)', $1::text)`,
    [layerId],
  );
  const indexes = await db.query(
    `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def, pc.relname AS parent, i.indisvalid AS valid
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid LEFT JOIN pg_class pc ON pc.oid = h.inhparent
      WHERE i.indrelid = $1 ORDER BY 1`,
    [p!.oid],
  );
  const constraints = await db.query(
    `SELECT conname AS name, contype AS type, conislocal AS local, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1 ORDER BY 1`,
    [p!.oid],
  );
  const triggers = await db.query(
    `SELECT tgname AS name, pg_get_triggerdef(oid) AS def, tgenabled AS enabled FROM pg_trigger WHERE tgrelid = $1 AND NOT tgisinternal ORDER BY 1`,
    [p!.oid],
  );
  const leftovers = await db.query(
    `SELECT relname FROM pg_class WHERE relname LIKE 'pc\\_bulk\\_%' AND relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = 'features'::regclass)`,
  );
  return { oid: p!.oid, name: p!.name, acl: p!.acl, indexes, constraints, triggers, leftovers };
}

/**
 * The layer's rows without their ids and times, in id order (ids differ between two loads), and
 * with their versions unless `versions` is false (an undo brings a deleted feature back as a new version).
 */
async function rowsDigest(db: Queryable, layerId: string, versions = true) {
  const [row] = await db.query<{ n: number; md5: string }>(
    `SELECT count(*)::int AS n, md5(string_agg(concat_ws('|', name, properties::text, ST_AsEWKB(geom)::text, is_demo, CASE WHEN $2 THEN version END), E'\\n' ORDER BY id)) AS md5
       FROM features WHERE layer_id = $1`,
    [layerId, versions],
  );
  return row!;
}

const load = (db: Db, layerId: string, make: (i: number) => NewFeature, n: number, tables?: string[]) =>
  writeLayerTx(db, layerId, (tx) => insertFeatureStreamTx(tx, layerId, batches(make, n), undefined, 1000, async (_, t) => void tables?.push(t)));

onEachDatabase(({ kind, db }) => {
  it(`a large write into an empty layer is swapped in: same partition to the catalogue, same rows as row by row, and again (${kind})`, async () => {
    // a grant on the partition (none of the migrations makes one; a deployment may) is kept too
    await db().query('GRANT SELECT ON features_construction_sites TO PUBLIC');
    const shape = await partitionShape(db(), SITES);
    expect(shape.indexes.map((i) => i.parent)).toEqual(['features_geom_idx', 'features_pkey']);
    expect(shape.acl).toMatch(/=r\//);
    // row by row: the partition holds a row already
    await load(db(), SITES, (i) => site('pre', i), 1);
    const rowTables: string[] = [];
    await load(db(), SITES, (i) => site('s', i), N, rowTables);
    expect(rowTables).toEqual(['features']);
    await db().query(`DELETE FROM features WHERE layer_id = $1 AND name = 'pre-0'`, [SITES]);
    const byRow = await rowsDigest(db(), SITES);
    expect(byRow.n).toBe(N);
    await db().query('DELETE FROM features WHERE layer_id = $1', [SITES]);

    for (const round of [1, 2]) {
      const tables: string[] = [];
      const ids = await load(db(), SITES, (i) => site('s', i), N, tables);
      expect(tables, `round ${round}`).toEqual([expect.stringMatching(/pc_bulk_\d+$/)]);
      expect(ids).toHaveLength(N);
      expect(await rowsDigest(db(), SITES)).toEqual(byRow);
      const after = await partitionShape(db(), SITES);
      expect(after.oid).not.toBe(shape.oid);
      expect({ ...after, oid: 0 }).toEqual({ ...shape, oid: 0 });
      // the new rows are found through both indexes
      const [hit] = await db().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM features WHERE layer_id = $1 AND id = $2 AND ST_Intersects(geom, ST_MakeEnvelope(113, 39, 114, 41, 4326))`,
        [SITES, ids[17]],
      );
      expect(hit!.n).toBe(1);
      await db().query('DELETE FROM features WHERE layer_id = $1', [SITES]);
    }
  }, 120_000);

  it(`a small write, or one into a layer with rows, takes the row-by-row path (${kind})`, async () => {
    const tables: string[] = [];
    await load(db(), SITES, (i) => site('small', i), BULK_MIN_ROWS - 1, tables);
    await load(db(), SITES, (i) => site('more', i), N, tables);
    expect(tables).toEqual(['features', 'features']);
    await db().query('DELETE FROM features WHERE layer_id = $1', [SITES]);
  }, 120_000);

  it(`a zone layer's parts are written once, and its trigger still follows edits after the swap (${kind})`, async () => {
    const tables: string[] = [];
    await load(db(), ZONES, (i) => zone('z', i), N, tables);
    expect(tables[0]).toMatch(/pc_bulk_/);
    const parts = async () => (await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM zone_parts WHERE layer_id = $1`, [ZONES]))[0]!.n;
    expect(await parts()).toBe(N);
    const shape = await partitionShape(db(), ZONES);
    expect(shape.triggers.map((t) => [t.name, t.enabled])).toEqual([['zone_parts_sync', 'O']]);
    await db().query(`DELETE FROM features WHERE layer_id = $1 AND name = 'z-3'`, [ZONES]);
    expect(await parts()).toBe(N - 1);
    await db().query('DELETE FROM features WHERE layer_id = $1', [ZONES]);
    expect(await parts()).toBe(0);
  }, 120_000);
});

onEachDatabase(({ kind, db }) => {
  it(`a bulk replace import is one history event, every new row snapshotted, and its undo brings the layer back exactly (${kind})`, async () => {
    const app = testApp(db());
    await postImport(app, SITES, { name: 'old.geojson', data: constructionSitesFile('old', 30) }, 'mode=replace').expect(200);
    const before = await rowsDigest(db(), SITES, false);
    const oid = (await partitionShape(db(), SITES)).oid;
    const res = await postImport(app, SITES, { name: 'new.geojson', data: constructionSitesFile('new', BULK_MIN_ROWS) }, 'mode=replace').expect(200);
    expect(res.body).toMatchObject({ imported: BULK_MIN_ROWS, replaced: 30 });
    expect((await partitionShape(db(), SITES)).oid).not.toBe(oid);
    const [history] = await db().query<{ n: number; orphans: number; mismatched: number }>(
      `SELECT (SELECT count(*)::int FROM feature_changes WHERE event_id = $2) AS n,
              (SELECT count(*)::int FROM features f WHERE f.layer_id = $1 AND NOT EXISTS (
                 SELECT 1 FROM feature_changes c WHERE c.event_id = $2 AND c.layer_id = f.layer_id AND c.feature_id = f.id AND c.version_after = f.version)) AS orphans,
              (SELECT count(*)::int FROM feature_changes c JOIN features f ON f.layer_id = c.layer_id AND f.id = c.feature_id
                WHERE c.event_id = $2 AND c.after->'properties'->>'name' IS DISTINCT FROM f.name) AS mismatched`,
      [SITES, res.body.historyEventId],
    );
    expect(history).toEqual({ n: BULK_MIN_ROWS + 30, orphans: 0, mismatched: 0 });
    const undo = await request(app).post(`/api/history/events/${res.body.historyEventId}/undo`).expect(200);
    expect(undo.body.reverted).toBe(BULK_MIN_ROWS + 30);
    expect(await rowsDigest(db(), SITES, false)).toEqual(before);
    await db().query('DELETE FROM features WHERE layer_id = $1', [SITES]);
  }, 120_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('two bulk writes whose swaps deadlock (PostGIS server)', () => {
  it('both commit: the deadlock victim moves its rows into its partition, its zone parts written once', async () => {
    const handle = await openTestDb('pg');
    try {
      const db = handle.db;
      // each transaction reads `features` first (as a replace import's history snapshot does), then
      // both reach their swap together: each DROP waits for the other's lock on `features`
      let arrived = 0;
      let release!: () => void;
      const both = new Promise<void>((r) => (release = r));
      const tables: Record<string, string> = {};
      const before = { [SITES]: (await partitionShape(db, SITES)).oid, [ZONES]: (await partitionShape(db, ZONES)).oid };
      const write = (layerId: string, make: (i: number) => NewFeature) =>
        writeLayerTx(db, layerId, async (tx) => {
          await tx.query('SELECT count(*) FROM features WHERE layer_id = $1', [layerId]);
          return insertFeatureStreamTx(tx, layerId, batches(make, N), undefined, 1000, async (_, t) => {
            tables[layerId] = t;
            if (++arrived === 2) release();
            await both;
          });
        });
      const [a, b] = await Promise.all([write(SITES, (i) => site('a', i)), write(ZONES, (i) => zone('b', i))]);
      expect(a).toHaveLength(N);
      expect(b).toHaveLength(N);
      expect(Object.values(tables).every((t) => /pc_bulk_/.test(t))).toBe(true);
      for (const layer of [SITES, ZONES]) expect((await rowsDigest(db, layer)).n).toBe(N);
      const [parts] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM zone_parts WHERE layer_id = $1`, [ZONES]);
      expect(parts!.n).toBe(N);
      // whichever way each went, both partitions are whole: named as before, their indexes attached, no staging table left
      for (const layer of [SITES, ZONES]) {
        const shape = await partitionShape(db, layer);
        expect(shape.name).toBe(`features_${layer}`);
        expect(shape.indexes.map((i) => [i.name, i.parent, i.valid])).toEqual([
          [`features_${layer}_geom_idx`, 'features_geom_idx', true],
          [`features_${layer}_pkey`, 'features_pkey', true],
        ]);
        expect(shape.constraints.filter((c) => c.local).map((c) => c.name)).toEqual([layer === SITES ? 'punctual' : 'polygonal']);
        expect(shape.leftovers).toEqual([]);
      }
      // one was swapped in, the other (the victim) kept its partition
      const oids = { [SITES]: (await partitionShape(db, SITES)).oid, [ZONES]: (await partitionShape(db, ZONES)).oid };
      expect([SITES, ZONES].filter((l) => oids[l] === before[l])).toHaveLength(1);
      const [trigger] = await db.query<{ enabled: string }>(
        `SELECT tgenabled AS enabled FROM pg_trigger WHERE tgrelid = 'features_coal_ban_zones'::regclass AND tgname = 'zone_parts_sync'`,
      );
      expect(trigger!.enabled).toBe('O');
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('a bulk write while another transaction holds a lock on features (PostGIS server)', () => {
  it('does not wait for it: after a bounded wait the rows go into the partition, which stays', async () => {
    const handle = await openTestDb('pg');
    const other = await handle.db.transaction(async (reader) => {
      // a reader of another layer, its transaction open for the whole write
      await reader.query(`SELECT count(*) FROM features WHERE layer_id = $1`, [ZONES]);
      const oid = (await partitionShape(handle.db, SITES)).oid;
      const ids = await load(handle.db, SITES, (i) => site('w', i), N);
      return { ids, oid };
    });
    try {
      expect(other.ids).toHaveLength(N);
      expect((await rowsDigest(handle.db, SITES)).n).toBe(N);
      const shape = await partitionShape(handle.db, SITES);
      expect(shape.oid).toBe(other.oid);
      expect(shape.leftovers).toEqual([]);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
