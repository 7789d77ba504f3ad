/**
 * Issue 20, item 15: `/api/coverage` was recomputed on every request (2.1 s with large polygons),
 * and 20 concurrent anonymous requests held every pool connection while a site check waited 20 s.
 *  - The answer is cached under the revisions of the layers it reads: a write the app makes changes
 *    the next answer, which then equals a fresh computation; a row changed behind the app's back
 *    (no revision bump) shows the answer really is kept.
 *  - Heavy work (coverage, violations, exports) runs within a budget of half the pool's connections
 *    (server/db/budget.ts): with more heavy statements held than the pool has connections, a site
 *    check still gets one and answers, while the heavy requests wait their turn.
 */
import pg from 'pg';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { heavyDb } from '../../server/db/budget.ts';
import { computeCoverage } from '../../server/features/coverage/coverage.service.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { squarePolygon } from '../fixtures/square.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { until } from '../helpers/until.ts';

const square = (name: string, props: Record<string, unknown>, x0: number, y0: number, d: number) => ({
  type: 'Feature' as const,
  properties: { name, ...props },
  geometry: squarePolygon(x0, y0, d),
});

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    await insertFixture(db(), 'built_up_areas', square('预算建成区', {}, 113.3, 40.05, 0.02));
    await insertFixture(db(), 'clean_heating_areas', square('预算清洁取暖', { method: 'gas' }, 113.3, 40.05, 0.01));
  });

  const coverage = async () => (await request(app).get('/api/coverage').expect(200)).body as Awaited<ReturnType<typeof computeCoverage>>;

  it(`the coverage cache follows the layers' revisions and equals a fresh computation (${kind})`, async () => {
    const first = await coverage();
    expect(first).toEqual(JSON.parse(JSON.stringify(await computeCoverage(db()))));
    expect(first.coveragePct).toBeGreaterThan(20);
    expect(first.coveragePct).toBeLessThan(30);

    // behind the app's back (no revision bump): the kept answer stands, though a fresh computation differs
    await db().query(`UPDATE features SET geom = ST_Translate(geom, 0.5, 0) WHERE layer_id = 'clean_heating_areas'`);
    expect((await computeCoverage(db())).coveragePct).toBe(0);
    expect(await coverage()).toEqual(first);
    await db().query(`UPDATE features SET geom = ST_Translate(geom, -0.5, 0) WHERE layer_id = 'clean_heating_areas'`);

    // an edit through the app: the very next answer is new, and equals a fresh computation
    await request(app)
      .post('/ogc/collections/clean_heating_areas/items')
      .send(square('预算清洁取暖二', { method: 'electricity' }, 113.31, 40.05, 0.01))
      .expect(201);
    const second = await coverage();
    expect(second.coveragePct).not.toBe(first.coveragePct);
    expect(second).toEqual(JSON.parse(JSON.stringify(await computeCoverage(db()))));
    expect(second.coveragePct).toBeGreaterThan(45);
    expect(second.coveragePct).toBeLessThan(55);
  });

  it(`heavy work never holds more than its budget, half the pool (${kind})`, async () => {
    const heavy = heavyDb(db());
    expect(heavy.budget.concurrency).toBe(Math.max(1, Math.floor((db().connections ?? 1) / 2)));
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        heavy.query('SELECT count(*) FROM generate_series(1, 2000)').then(() => {
          most = Math.max(most, heavy.budget.activeCount);
        }),
      ),
    );
    expect(most).toBeLessThanOrEqual(heavy.budget.concurrency);
    expect(heavy.budget.activeCount + heavy.budget.pendingCount).toBe(0);
  });

  // PGlite has one connection and no other client to hold locks from: a server-pool property,
  // declared for the PostGIS server only (not a skipped test on the embedded run)
  if (kind === 'pg')
    it('with heavy requests holding every connection of their budget, a site check still answers (pg)', async () => {
      const heavy = heavyDb(db());
      const connections = db().connections!;
      const holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await holder.connect();
      const LOCK = 20_015;
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [LOCK]);
        // more heavy statements than the pool has connections, each blocked until the lock goes
        const blocked = Array.from({ length: connections + 2 }, () => heavy.query('SELECT pg_advisory_xact_lock_shared($1)', [LOCK]));
        await until(
          'budget full',
          () => heavy.budget.activeCount === heavy.budget.concurrency && heavy.budget.pendingCount === connections + 2 - heavy.budget.concurrency,
        );
        await until(
          'the budget’s statements wait on the lock in the server',
          async () =>
            (await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [LOCK])).rows[0].n ===
            heavy.budget.concurrency,
        );
        // a coverage request after a write (so it must compute) joins the line; a violation scan too
        await request(app)
          .post('/ogc/collections/clean_heating_areas/items')
          .send(square('预算清洁取暖三', { method: 'gas' }, 113.3, 40.06, 0.005))
          .expect(201);
        let coverageDone = false;
        const waitingCoverage = request(app)
          .get('/api/coverage')
          .then((r) => {
            coverageDone = true;
            return r;
          });
        const pendingBefore = heavy.budget.pendingCount;
        await until('coverage queued in the budget', () => heavy.budget.pendingCount > pendingBefore);

        const check = await request(app).get('/api/check?lng=113.305&lat=40.055').expect(200);
        expect((check.body.zones as { layer: string }[]).map((z) => z.layer)).toContain('built_up_areas');
        expect(coverageDone).toBe(false);
        expect(heavy.budget.activeCount).toBe(heavy.budget.concurrency);

        await holder.query('SELECT pg_advisory_unlock($1)', [LOCK]);
        await Promise.all(blocked);
        expect((await waitingCoverage).status).toBe(200);
      } finally {
        await holder.end();
      }
    });
});
