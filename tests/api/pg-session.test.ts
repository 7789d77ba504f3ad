/**
 * The PostGIS server's sessions (server/db/pg.driver.ts, startup options): every pooled connection
 * prices parallel workers high enough that a bbox query over a few thousand analysed rows runs
 * serially. Without it PostgreSQL launched a worker for an items page (52 ms against 0.8 ms), which
 * the soak found. PGlite is one process: it has no parallel workers to avoid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng, sitePoint } from '../../bench/synthetic.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { insertFeaturesTx } from '../../server/features/layers/feature-write.service.ts';
import { openTestDb, type TestDb } from '../helpers/db.ts';

const BBOX = [113.28, 40.07, 113.32, 40.11];

describe.runIf(process.env.TEST_DATABASE_URL)('on pg', () => {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await openTestDb('pg');
    const layer = findLayer('gas_stations')!;
    const r = rng(3);
    const stations = Array.from({ length: 5000 }, (_, i) => {
      const v = validateFeature(layer, { type: 'Feature', properties: { name: `站${i}` }, geometry: { type: 'Point', coordinates: sitePoint(r) } });
      if (!v.valid) throw new Error(v.reason);
      return v.feature;
    });
    await handle.db.transaction((tx) => insertFeaturesTx(tx, layer.id, stations));
    await handle.db.query('ANALYZE features');
  }, 120_000);
  afterAll(() => handle?.close());

  it('sets every pooled connection up, however many the pool opens', async () => {
    const rows = await Promise.all(
      Array.from({ length: 8 }, () => handle.db.query<{ cost: string }>(`SELECT current_setting('parallel_setup_cost') AS cost FROM pg_sleep(0.05)`)),
    );
    expect(rows.map(([row]) => row!.cost)).toEqual(Array(8).fill('10000'));
    const [inTx] = await handle.db.transaction((tx) => tx.query<{ cost: string }>(`SELECT current_setting('parallel_setup_cost') AS cost`));
    expect(inTx!.cost).toBe('10000');
  });

  it("keeps a connection string's own options beside the session setting", async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.searchParams.set('options', '-c work_mem=7MB');
    const db = await openPg({ connectionString: url.toString(), poolSize: 1 });
    try {
      const [row] = await db.query<{ cost: string; mem: string }>(`SELECT current_setting('parallel_setup_cost') AS cost, current_setting('work_mem') AS mem`);
      expect(row).toEqual({ cost: '10000', mem: '7MB' });
    } finally {
      await db.close();
    }
  });

  it('plans an items page and its count over an analysed layer without a parallel worker', async () => {
    const where = `layer_id = 'gas_stations' AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))`;
    for (const sql of [`SELECT id, ST_AsGeoJSON(geom, 9) FROM features WHERE ${where} ORDER BY id LIMIT 50`, `SELECT count(*) FROM features WHERE ${where}`]) {
      const plan = (await handle.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, BBOX)).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).not.toMatch(/Gather|Parallel/);
    }
  });
});
