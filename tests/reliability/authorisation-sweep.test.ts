/**
 * Reliability item 5: every write route, enumerated from the Express router stack (so a new route
 * cannot be forgotten), sent with no credentials, as a viewer, and as an editor of another layer,
 * with a body that would succeed for an admin → a 4xx and not one row written anywhere (features,
 * history, users, layers, tokens, sessions). An admin then succeeds on the feature writes, which
 * shows the bodies were good enough to matter.
 */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { fixture, uploadFile } from '../fixtures/io/helpers.ts';
import { makeUser, PASSWORD, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { stateChecksum } from '../helpers/checksum.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { fillPath, isWrite, listRoutes, type RouteInfo } from '../helpers/routes.ts';

/** Public by design, covered by tests/api/auth.test.ts: signing in creates a session (that is its job). */
const PUBLIC_WRITES = new Set(['POST /api/auth/login']);
/** Ends the caller's own session, if any: 204 for anyone, and it must still write nothing here (bearer callers have none). */
const ALWAYS_OK = new Set(['POST /api/auth/logout']);

const SITE = {
  type: 'Feature',
  properties: { name: '越权测试', site_type: 'building', status: 'active' },
  geometry: { type: 'Point', coordinates: [113.3, 40.09] },
};

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  let admin: TestUser;
  let viewer: TestUser;
  let otherEditor: TestUser;
  let routes: RouteInfo[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    admin = await makeUser(db(), 'sweep-admin', 'admin');
    viewer = await makeUser(db(), 'sweep-viewer', 'viewer');
    otherEditor = await makeUser(db(), 'sweep-boilers', 'editor', ['boilers']);
    await request(app)
      .post('/api/layers/construction_sites/import?mode=replace')
      .set('Authorization', admin.bearer)
      .attach('file', fixture('sites.geojson'))
      .expect(200);
    const created = await request(app).post('/ogc/collections/construction_sites/items').set('Authorization', admin.bearer).send(SITE).expect(201);
    ids.fid = String(created.body.id);
    const [event] = await db().query<{ id: number }>('SELECT max(id)::int AS id FROM edit_events');
    ids.event = String(event!.id);
    const [token] = await db().query<{ id: number }>('SELECT min(id)::int AS id FROM api_tokens WHERE user_id = $1', [admin.id]);
    ids.token = String(token!.id);
    ids.user = String(admin.id);
    routes = listRoutes(createApp({ db: db(), config: {}, logger: pino({ level: 'silent' }) }));
  });

  /** Path values and a body an admin could send successfully. */
  function requestFor(route: RouteInfo) {
    const layerRoute = route.path.includes('/ogc/collections/') || route.path.startsWith('/api/layers/') || route.path.startsWith('/api/features/');
    const path = fillPath(route.path, {
      id: route.path.startsWith('/api/auth/tokens')
        ? ids.token!
        : route.path.startsWith('/api/admin/users')
          ? ids.user!
          : route.path.startsWith('/api/history/events')
            ? ids.event!
            : 'construction_sites',
      layer: 'construction_sites',
      fid: ids.fid!,
    });
    const key = `${route.method} ${route.path}`;
    const body: Record<string, unknown> =
      key === 'POST /api/admin/users'
        ? { username: 'sweep-intruder', password: PASSWORD, role: 'admin' }
        : key === 'PATCH /api/admin/users/:id'
          ? { role: 'viewer', disabled: true }
          : key === 'POST /api/auth/tokens'
            ? { name: 'sweep', userId: admin.id }
            : key === 'POST /api/auth/password'
              ? { currentPassword: PASSWORD, newPassword: 'sweep changed it' }
              : key.startsWith('PATCH /ogc')
                ? { properties: { contractor: 'sweep' } }
                : layerRoute
                  ? SITE
                  : {};
    return { path, body, layerRoute, isImport: route.path.endsWith('/import') };
  }

  /** The feature's current ETag, so a refusal is about who asks, not about a stale version. */
  const etag = async () => (await request(app).get(`/ogc/collections/construction_sites/items/${ids.fid}`)).headers.etag ?? '*';

  const send = async (route: RouteInfo, auth: string | undefined) => {
    const { path, body, isImport } = requestFor(route);
    let req = request(app)
      [route.method.toLowerCase() as 'post'](path)
      .set('X-Requested-With', 'fetch')
      .set('If-Match', route.path.includes(':fid') ? await etag() : '*');
    if (auth) req = req.set('Authorization', auth);
    if (!isImport) return req.send(body);
    return uploadFile(req, 'sites.geojson', readFileSync(fixture('sites.geojson')));
  };

  it('every write route refuses anonymous, viewer and wrong-layer editor requests and writes nothing', async () => {
    const writes = routes.filter(isWrite).filter((r) => !PUBLIC_WRITES.has(`${r.method} ${r.path}`));
    expect(writes.length).toBeGreaterThanOrEqual(10);
    const before = await stateChecksum(db());
    const problems: string[] = [];
    const statuses: Record<string, number> = {};
    for (const route of writes) {
      for (const [who, auth] of [
        ['anonymous', undefined],
        ['viewer', viewer.bearer],
        ['editor of another layer', otherEditor.bearer],
      ] as const) {
        // a viewer or editor changing their OWN password is allowed: the sweep sends a wrong current password there
        const res =
          auth && route.path === '/api/auth/password'
            ? await request(app).post(route.path).set('Authorization', auth).send({ currentPassword: 'not the password', newPassword: 'sweep changed it' })
            : await send(route, auth);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!ALWAYS_OK.has(`${route.method} ${route.path}`) && (res.status < 400 || res.status >= 500))
          problems.push(`${route.method} ${route.path} as ${who}: ${res.status}`);
        const now = await stateChecksum(db());
        if (JSON.stringify(now) !== JSON.stringify(before)) {
          problems.push(`${route.method} ${route.path} as ${who}: WROTE (${res.status})`);
          break;
        }
      }
    }
    console.log(
      `authorisation sweep (${kind}): ${routes.length} routes, ${writes.length} write routes × 3 principals, statuses ${JSON.stringify(statuses)}, writes: ${problems.filter((p) => p.includes('WROTE')).length}`,
    );
    expect(problems).toEqual([]);
    expect(await stateChecksum(db())).toEqual(before);
  });

  it('the same feature writes succeed for an admin (the bodies were real)', async () => {
    for (const route of routes.filter((r) => isWrite(r) && r.path.startsWith('/ogc/collections/'))) {
      const res = await send(route, admin.bearer);
      expect(res.status, `${route.method} ${route.path}: ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(300);
      if (route.method === 'POST') ids.fid = String(res.body.id);
    }
  });
});
