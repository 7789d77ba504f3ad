/**
 * OGC API – Features Part 4 writes: create, replace, merge-patch, delete with ETag / If-Match
 * (428 without, 412 when stale, no lost update under concurrency), validation to clean 400s, and
 * the role × endpoint matrix (no credentials, viewer, editor of another layer → 401/403 and not one
 * byte changed) — on both databases.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { preconditionFailedDetailsSchema } from '../../server/features/history/history.contract.ts';
import { makeUser, signIn, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { BOW_TIE, checksum, closeGeometry, SITE, ZONE, ZONE_MOVED } from '../fixtures/edit/features.ts';
import { uploadFile } from '../fixtures/io/helpers.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

const featureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }),
  properties: z.record(z.string(), z.unknown()),
});
const ITEMS = '/ogc/collections/coal_ban_zones/items';

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let admin: TestUser;
  let zoneEditor: TestUser;
  let gasEditor: TestUser;
  let viewer: TestUser;

  const revision = async (layer: string) => (await db().query<{ revision: number }>('SELECT revision FROM layers WHERE id = $1', [layer]))[0]!.revision;

  /** A fresh zone made by the zone editor; returns its id and ETag. */
  async function newZone(props: Record<string, unknown> = {}) {
    const res = await request(app)
      .post(ITEMS)
      .set('Authorization', zoneEditor.bearer)
      .set('Content-Type', 'application/geo+json')
      .send(JSON.stringify({ ...ZONE, properties: { ...ZONE.properties, ...props } }))
      .expect(201);
    return { id: res.body.id as number, etag: res.headers.etag as string };
  }

  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    admin = await makeUser(db(), 'edit-admin', 'admin');
    zoneEditor = await makeUser(db(), 'edit-zones', 'editor', ['coal_ban_zones', 'construction_sites']);
    gasEditor = await makeUser(db(), 'edit-gas', 'editor', ['gas_stations']);
    viewer = await makeUser(db(), 'edit-viewer', 'viewer');
  });

  describe('create, read, patch, replace, delete', () => {
    it('POST creates: 201, Location, ETag, the feature as stored; the layer revision moves', async () => {
      const rev = await revision('coal_ban_zones');
      const res = await request(app).post(ITEMS).set('Authorization', zoneEditor.bearer).send(ZONE).expect(201);
      const f = featureSchema.parse(res.body);
      expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
      expect(res.headers.location).toMatch(new RegExp(`/ogc/collections/coal_ban_zones/items/${f.id}$`));
      expect(res.headers.etag).toBe(`"coal_ban_zones.${f.id}.v1"`);
      expect(f.properties).toMatchObject(ZONE.properties!);
      expect(closeGeometry(f.geometry, ZONE.geometry)).toBe(true);
      expect(await revision('coal_ban_zones')).toBe(rev + 1);
      const read = await request(app).get(new URL(res.headers.location!).pathname).expect(200);
      expect(read.headers.etag).toBe(res.headers.etag);
      expect(read.body.geometry).toEqual(f.geometry);
    });

    it('PATCH merges properties (null removes) and keeps the geometry; PUT replaces; DELETE removes', async () => {
      const { id, etag } = await newZone();
      const url = `${ITEMS}/${id}`;
      const patched = await request(app)
        .patch(url)
        .set('Authorization', zoneEditor.bearer)
        .set('If-Match', etag)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ properties: { note: '边界已复核', code: null } }))
        .expect(200);
      expect(patched.headers.etag).toBe(`"coal_ban_zones.${id}.v2"`);
      expect(patched.body.properties).toMatchObject({ note: '边界已复核', ...TEST_DESIGNATION });
      expect(patched.body.properties).not.toHaveProperty('code');
      expect(closeGeometry(patched.body.geometry, ZONE.geometry)).toBe(true);

      const put = await request(app)
        .put(url)
        .set('Authorization', zoneEditor.bearer)
        .set('If-Match', patched.headers.etag!)
        .send({ type: 'Feature', geometry: ZONE_MOVED, properties: { name: '改名后的禁煤区', ...TEST_DESIGNATION } })
        .expect(200);
      expect(put.headers.etag).toBe(`"coal_ban_zones.${id}.v3"`);
      expect(put.body.properties).toEqual({ name: '改名后的禁煤区', ...TEST_DESIGNATION, is_demo: false });
      expect(put.body.geometry).toEqual(ZONE_MOVED);

      const rev = await revision('coal_ban_zones');
      const del = await request(app).delete(url).set('Authorization', zoneEditor.bearer).set('If-Match', put.headers.etag!).expect(204);
      expect(del.headers.etag).toBe(`"coal_ban_zones.${id}.v4"`); // the deletion's own version
      await request(app).get(url).expect(404);
      expect(await revision('coal_ban_zones')).toBe(rev + 1);
      await request(app).delete(url).set('Authorization', zoneEditor.bearer).set('If-Match', del.headers.etag!).expect(404);
    });

    it('writes from a signed-in browser work with the cookie and X-Requested-With', async () => {
      const cookie = await signIn(app, 'edit-zones');
      const res = await request(app)
        .post('/ogc/collections/construction_sites/items')
        .set('Cookie', cookie)
        .set('X-Requested-With', 'fetch')
        .send(SITE)
        .expect(201);
      expect(closeGeometry(res.body.geometry, SITE.geometry)).toBe(true);
      await request(app).post('/ogc/collections/construction_sites/items').set('Cookie', cookie).send(SITE).expect(403);
    });

    it('admins write any layer', async () => {
      const station = { type: 'Feature', properties: { name: '管理员加油站' }, geometry: { type: 'Point', coordinates: [113.3, 40.1] } };
      await request(app).post('/ogc/collections/gas_stations/items').set('Authorization', admin.bearer).send(station).expect(201);
    });

    it('GDAL-facing reads are unchanged: items still list with numberMatched and the written features', async () => {
      const { id } = await newZone({ code: 'E-GDAL' });
      const list = await request(app).get(`${ITEMS}?code=E-GDAL`).expect(200);
      expect(list.body).toMatchObject({ type: 'FeatureCollection', numberMatched: 1, numberReturned: 1 });
      expect(list.body.features[0].id).toBe(id);
    });
  });

  describe('preconditions', () => {
    it('If-Match is required (428), * is not enough, a stale tag is 412 with the current feature', async () => {
      const { id, etag } = await newZone();
      const url = `${ITEMS}/${id}`;
      const auth = ['Authorization', zoneEditor.bearer] as const;
      const before = await checksum(db());
      for (const send of [
        () =>
          request(app)
            .patch(url)
            .set(...auth)
            .send({ properties: { note: 'x' } }),
        () =>
          request(app)
            .put(url)
            .set(...auth)
            .send(ZONE),
        () =>
          request(app)
            .delete(url)
            .set(...auth),
        () =>
          request(app)
            .patch(url)
            .set(...auth)
            .set('If-Match', '*')
            .send({ properties: { note: 'x' } }),
      ]) {
        const res = await send().expect(428);
        expect(res.body.error.code).toBe('PRECONDITION_REQUIRED');
      }
      const ok = await request(app)
        .patch(url)
        .set(...auth)
        .set('If-Match', etag)
        .send({ properties: { note: 'first' } })
        .expect(200);
      const stale = await request(app)
        .patch(url)
        .set(...auth)
        .set('If-Match', etag)
        .send({ properties: { note: 'second' } })
        .expect(412);
      expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
      expect(preconditionFailedDetailsSchema.parse(stale.body.error.details)).toMatchObject({ currentVersion: 2, etag: ok.headers.etag, deleted: false });
      expect(stale.body.error.details.current.properties.note).toBe('first');
      await request(app)
        .delete(url)
        .set(...auth)
        .set('If-Match', `"coal_ban_zones.${id + 1}.v2"`)
        .expect(412);
      await request(app)
        .delete(url)
        .set(...auth)
        .set('If-Match', `W/${ok.headers.etag}`)
        .expect(204);
      expect(await checksum(db())).not.toBe(before);
    });

    it('unknown features are 404, unknown layers 404', async () => {
      const auth = ['Authorization', admin.bearer] as const;
      await request(app)
        .patch(`${ITEMS}/999999999`)
        .set(...auth)
        .set('If-Match', '"coal_ban_zones.999999999.v1"')
        .send({})
        .expect(404);
      await request(app)
        .delete(`${ITEMS}/abc`)
        .set(...auth)
        .set('If-Match', '"x"')
        .expect(404);
      await request(app)
        .post('/ogc/collections/nope/items')
        .set(...auth)
        .send(ZONE)
        .expect(404);
    });
  });

  describe('validation: clean 400s, nothing written', () => {
    const cases: [string, unknown, RegExp][] = [
      ['a point in a polygon layer', { ...ZONE, geometry: { type: 'Point', coordinates: [113.3, 40.1] } }, /geometry type Point not allowed/],
      ['an unknown attribute', { ...ZONE, properties: { ...ZONE.properties, colour: 'red' } }, /attribute/],
      ['a wrongly typed attribute', { ...ZONE, properties: { ...ZONE.properties, effective_date: '24/05/2023' } }, /effective_date/],
      ['a self-intersecting polygon', { ...ZONE, geometry: BOW_TIE }, /Self-intersection/],
      [
        'an open ring',
        {
          ...ZONE,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [113.2, 40],
                [113.3, 40],
                [113.3, 40.1],
                [113.2, 40.1],
              ],
            ],
          },
        },
        /not closed/,
      ],
      [
        'coordinates outside WGS84',
        {
          ...ZONE,
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [4547000, 40],
                [113.3, 40],
                [113.3, 40.1],
                [4547000, 40],
              ],
            ],
          },
        },
        /outside WGS84/,
      ],
      ['no geometry', { type: 'Feature', properties: {}, geometry: null }, /geometry is empty/],
      ['not a feature', { type: 'FeatureCollection', features: [] }, /not a GeoJSON Feature/],
    ];
    it.each(cases)('%s', async (_name, body, reason) => {
      const before = await checksum(db());
      const res = await request(app)
        .post(ITEMS)
        .set('Authorization', zoneEditor.bearer)
        .send(body as object)
        .expect(400);
      expect(res.body.error.code).toMatch(/^INVALID_(FEATURE|GEOMETRY)$/);
      expect(res.body.error.message).toMatch(reason);
      expect(await checksum(db())).toBe(before);
    });

    it('the same checks apply to PUT and PATCH, and the feature stays as it was', async () => {
      const { id, etag } = await newZone();
      const url = `${ITEMS}/${id}`;
      const before = await checksum(db());
      const bowTie = await request(app).patch(url).set('Authorization', zoneEditor.bearer).set('If-Match', etag).send({ geometry: BOW_TIE }).expect(400);
      expect(bowTie.body.error.code).toBe('INVALID_GEOMETRY');
      expect(bowTie.body.error.message).toMatch(/Self-intersection\[113\.25 40\.05\]/);
      await request(app)
        .put(url)
        .set('Authorization', zoneEditor.bearer)
        .set('If-Match', etag)
        .send({ ...ZONE, properties: { ...ZONE.properties, effective_date: 5 } })
        .expect(400);
      await request(app).patch(url).set('Authorization', zoneEditor.bearer).set('If-Match', etag).send({ geometry: null }).expect(400);
      expect(await checksum(db())).toBe(before);
    });

    it('bodies must be JSON (415) and well-formed (400)', async () => {
      await request(app).post(ITEMS).set('Authorization', zoneEditor.bearer).set('Content-Type', 'text/plain').send(JSON.stringify(ZONE)).expect(415);
      const bad = await request(app)
        .post(ITEMS)
        .set('Authorization', zoneEditor.bearer)
        .set('Content-Type', 'application/geo+json')
        .send('{"type":"Feature",')
        .expect(400);
      expect(JSON.stringify(bad.body)).not.toMatch(/stack|SyntaxError/);
    });
  });

  describe('role × endpoint matrix: no write without the right, not one byte changed', () => {
    let zone: { id: number; etag: string };
    let eventId: number;
    beforeAll(async () => {
      zone = await newZone({ code: 'E-MATRIX' });
      const [row] = await db().query<{ id: number }>(`SELECT event_id AS id FROM feature_changes WHERE layer_id = 'coal_ban_zones' AND feature_id = $1`, [
        zone.id,
      ]);
      eventId = row!.id;
    });

    const endpoints = (): [string, (r: request.Test) => request.Test, () => request.Test][] => {
      const url = `${ITEMS}/${zone.id}`;
      return [
        ['POST items', (r) => r.send(ZONE), () => request(app).post(ITEMS)],
        ['PUT item', (r) => r.set('If-Match', zone.etag).send(ZONE), () => request(app).put(url)],
        ['PATCH item', (r) => r.set('If-Match', zone.etag).send({ properties: { note: 'x' } }), () => request(app).patch(url)],
        ['DELETE item', (r) => r.set('If-Match', zone.etag), () => request(app).delete(url)],
        ['restore', (r) => r.set('If-Match', zone.etag).send({ version: 1 }), () => request(app).post(`/api/features/coal_ban_zones/${zone.id}/restore`)],
        ['undo', (r) => r, () => request(app).post(`/api/history/events/${eventId}/undo`)],
        [
          'import',
          (r) => uploadFile(r, 'zones.geojson', Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [ZONE] }))),
          () => request(app).post('/api/layers/coal_ban_zones/import?mode=replace'),
        ],
      ];
    };
    const callers: [string, number, (r: request.Test) => request.Test][] = [
      ['no credentials', 401, (r) => r],
      ['a bad token', 401, (r) => r.set('Authorization', 'Bearer pct_forged')],
      ['a viewer', 403, (r) => r.set('Authorization', viewer.bearer)],
      ['an editor of another layer', 403, (r) => r.set('Authorization', gasEditor.bearer)],
    ];

    it('every write endpoint refuses every caller without the right', async () => {
      const before = await checksum(db());
      const seen: string[] = [];
      for (const [endpoint, body, make] of endpoints()) {
        for (const [caller, status, auth] of callers) {
          const res = await body(auth(make()));
          seen.push(`${endpoint} / ${caller}: ${res.status}`);
          expect(res.status, `${endpoint} by ${caller}`).toBe(status);
          expect(res.body.error.code).toMatch(/^(UNAUTHENTICATED|INVALID_TOKEN|FORBIDDEN)$/);
        }
      }
      expect(seen).toHaveLength(7 * 4);
      expect(await checksum(db())).toBe(before);
    });

    it('a viewer signed in with a cookie is refused too (and the CSRF check comes first without the header)', async () => {
      const cookie = await signIn(app, 'edit-viewer');
      const before = await checksum(db());
      for (const [endpoint, body, make] of endpoints()) {
        const res = await body(make().set('Cookie', cookie).set('X-Requested-With', 'fetch'));
        expect(res.status, endpoint).toBe(403);
        expect((await body(make().set('Cookie', cookie))).status, endpoint).toBe(403);
      }
      expect(await checksum(db())).toBe(before);
    });
  });

  describe('concurrent edits', () => {
    it('20 parallel PATCHes with the same ETag: exactly one wins, 19 get 412, nothing is lost or merged', async () => {
      const { id, etag } = await newZone({ code: 'E-RACE' });
      const url = `${ITEMS}/${id}`;
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request(app)
            .patch(url)
            .set('Authorization', zoneEditor.bearer)
            .set('If-Match', etag)
            .send({ properties: { note: `writer ${i}` } }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(19);
      const winner = responses.find((r) => r.status === 200)!;
      const now = await request(app).get(url).expect(200);
      expect(now.headers.etag).toBe(`"coal_ban_zones.${id}.v2"`);
      expect(now.body.properties.note).toBe(winner.body.properties.note);
      const changes = await db().query('SELECT 1 FROM feature_changes WHERE layer_id = $1 AND feature_id = $2', ['coal_ban_zones', id]);
      expect(changes).toHaveLength(2); // the create and the one winning update
    });

    it('a PUT and a DELETE racing on one ETag: one wins, the other is told (412 or 404), never both', async () => {
      const { id, etag } = await newZone({ code: 'E-RACE2' });
      const url = `${ITEMS}/${id}`;
      const [put, del] = await Promise.all([
        request(app).put(url).set('Authorization', zoneEditor.bearer).set('If-Match', etag).send(ZONE),
        request(app).delete(url).set('Authorization', zoneEditor.bearer).set('If-Match', etag),
      ]);
      const ok = [put.status === 200, del.status === 204].filter(Boolean);
      expect(ok).toHaveLength(1);
      expect([404, 412]).toContain(put.status === 200 ? del.status : put.status);
    });

    it('successive editors each build on the last ETag without losing anything', async () => {
      const { id } = await newZone({ code: 'E-CHAIN' });
      const url = `${ITEMS}/${id}`;
      for (let i = 0; i < 5; i++) {
        const cur = await request(app).get(url).expect(200);
        await request(app)
          .patch(url)
          .set('Authorization', zoneEditor.bearer)
          .set('If-Match', cur.headers.etag!)
          .send({ properties: { note: `${cur.body.properties.note ?? ''}${i}` } })
          .expect(200);
      }
      const end = await request(app).get(url).expect(200);
      expect(end.body.properties.note).toBe('01234');
      expect(end.headers.etag).toBe(`"coal_ban_zones.${id}.v6"`);
    });
  });
});
