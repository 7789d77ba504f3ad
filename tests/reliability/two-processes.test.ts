/**
 * Issue 20, item 17: two app processes on one PostGIS server, the production shape. An edit or an
 * import through process A is visible to the very next site check, violation list, tile and
 * coverage answer through process B — each of them asked of B once before the write, so anything B
 * keeps in memory (the tile cache, the coverage cache, the check's zone index) was warm and would
 * be stale if it did not follow the layers' revisions (server/features/layers/revisions.ts). A
 * session made on A works on B, and the sign-in limit counts failures made through either.
 * PostGIS server only: the embedded database is one process by design (a second refuses to start).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { tileAt } from '../../server/lib/tile-math.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { PASSWORD, makeUser, type TestUser } from '../helpers/auth.ts';
import { prepareServerDb, startServer, type ServerProcess } from '../helpers/server-process.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

const XRW = ['X-Requested-With', 'fetch'] as const;
const rect = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
const polygon = (name: string, props: Record<string, unknown>, ring: number[][][]) => ({
  type: 'Feature',
  properties: { name, ...props },
  geometry: { type: 'Polygon', coordinates: ring },
});

/** A loose-coal sales point in business, and the built-up square around it. */
const P = { lng: 113.3, lat: 40.1 };
const [Z, X, Y] = tileAt(P.lng, P.lat, 12);

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app processes on one PostGIS server (pg)', () => {
  let dir: string;
  let drop: () => Promise<void>;
  let db: Db;
  let a: ServerProcess;
  let b: ServerProcess;
  let admin: TestUser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-two-'));
    const prepared = await prepareServerDb('pg', join(dir, 'unused'));
    drop = prepared.drop;
    db = await prepared.open();
    admin = await makeUser(db, 'two-admin', 'admin');
    await makeUser(db, 'two-viewer', 'viewer');
    await insertFixture(db, 'coal_sales_points', {
      type: 'Feature',
      properties: { name: '双进程散煤点', status: 'operating' },
      geometry: { type: 'Point', coordinates: [P.lng, P.lat] },
    });
    await insertFixture(db, 'built_up_areas', polygon('双进程建成区', {}, rect(113.29, 40.09, 113.31, 40.11)) as never);
    // a low limit, so the shared count shows after a few failures
    [a, b] = await Promise.all([startServer(prepared.where, { LOGIN_RATE_LIMIT: '3' }), startServer(prepared.where, { LOGIN_RATE_LIMIT: '3' })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await db?.close();
    await drop?.();
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything B says about P: zones there, findings of the sales-point rule, its tile, coverage. */
  async function seenByB() {
    const check = await request(b.url).get(`/api/check?lng=${P.lng}&lat=${P.lat}`).expect(200);
    const violations = await request(b.url).get('/api/violations?rule=coal_ban.sales_point').expect(200);
    const tile = await request(b.url).get(`/tiles/coal_ban_zones/${Z}/${X}/${Y}.mvt`);
    expect([200, 204]).toContain(tile.status);
    const coverage = await request(b.url).get('/api/coverage').expect(200);
    return {
      zones: (check.body.zones as { layer: string; name: string }[]).filter((z) => z.layer === 'coal_ban_zones').map((z) => z.name),
      violations: (violations.body.violations as { name: string }[]).map((v) => v.name),
      tileEtag: String(tile.headers.etag),
      tileBytes: Number(tile.headers['content-length'] ?? 0),
      coveragePct: coverage.body.coveragePct as number,
    };
  }

  it('an edit and an import through A are in the very next check, violations, tile and coverage of B', async () => {
    const before = await seenByB();
    expect(before).toMatchObject({ zones: [], violations: [], tileBytes: 0, coveragePct: 0 });

    // A: a coal-ban zone around P, and clean heating over the whole built-up square
    await request(a.url)
      .post('/ogc/collections/coal_ban_zones/items')
      .set('Authorization', admin.bearer)
      .send(polygon('双进程禁煤区', TEST_DESIGNATION, rect(113.28, 40.08, 113.32, 40.12)))
      .expect(201);
    await request(a.url)
      .post('/ogc/collections/clean_heating_areas/items')
      .set('Authorization', admin.bearer)
      .send(polygon('双进程清洁取暖', { method: 'gas' }, rect(113.28, 40.08, 113.32, 40.12)))
      .expect(201);
    const edited = await seenByB();
    expect(edited.zones).toEqual(['双进程禁煤区']);
    expect(edited.violations).toEqual(['双进程散煤点']);
    expect(edited.tileEtag).not.toBe(before.tileEtag);
    expect(edited.tileBytes).toBeGreaterThan(0);
    expect(edited.coveragePct).toBe(100);

    // A: a replace import moves the zone away from P
    const file = { type: 'FeatureCollection', features: [polygon('双进程禁煤区（迁移）', TEST_DESIGNATION, rect(113.4, 40.0, 113.42, 40.02))] };
    await request(a.url)
      .post('/api/layers/coal_ban_zones/import?mode=replace')
      .set('Authorization', admin.bearer)
      .attach('file', Buffer.from(JSON.stringify(file)), 'zones.geojson')
      .expect(200);
    const imported = await seenByB();
    expect(imported.zones).toEqual([]);
    expect(imported.violations).toEqual([]);
    expect(imported.tileEtag).not.toBe(edited.tileEtag);
    expect(imported.tileBytes).toBe(0);
    expect(imported.coveragePct).toBe(100);
  }, 60_000);

  it('a session made on A is valid on B, and signing out on B ends it on A', async () => {
    const res = await request(a.url)
      .post('/api/auth/login')
      .set(...XRW)
      .send({ username: 'two-viewer', password: PASSWORD })
      .expect(200);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('pc_session='))!
      .split(';')[0]!;
    expect((await request(b.url).get('/api/auth/me').set('Cookie', cookie).expect(200)).body.user.username).toBe('two-viewer');
    await request(b.url)
      .post('/api/auth/logout')
      .set('Cookie', cookie)
      .set(...XRW)
      .expect(204);
    expect((await request(a.url).get('/api/auth/me').set('Cookie', cookie).expect(200)).body.user).toBeNull();
  });

  it('the sign-in limit counts failures made through A and B together', async () => {
    const login = (server: ServerProcess, password: string) =>
      request(server.url)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'two-viewer', password });
    // 3 failures per client IP: two through A, one through B (each process alone has seen fewer)
    expect((await login(a, 'wrong-guess-1')).status).toBe(401);
    expect((await login(b, 'wrong-guess-2')).status).toBe(401);
    expect((await login(a, 'wrong-guess-3')).status).toBe(401);
    const locked = await login(b, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await login(a, PASSWORD)).status).toBe(429);
  });
});
