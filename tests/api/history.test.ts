/**
 * Edit history: who/when/before/after for every write, restore of an earlier version with the exact
 * geometry and attributes (also of a deleted feature), undo of whole events, the admins' audit log
 * with its filters and export — on both databases.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditResponseSchema,
  changeSchema as change,
  eventDetailsSchema,
  featureHistorySchema as historySchema,
  undoConflictDetailsSchema,
  undoResponseSchema,
} from '../../server/features/history/history.contract.ts';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { checksum, closeGeometry, ZONE, ZONE_MOVED } from '../fixtures/edit/features.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

const ITEMS = '/ogc/collections/coal_ban_zones/items';
/** The stored row, byte for byte: geometry as EWKB hex, plus every attribute. */
async function stored(db: () => import('../../server/db/db.ts').Db, id: number) {
  const [row] = await db().query<{ wkb: string; name: string; properties: unknown; is_demo: boolean; version: number }>(
    `SELECT encode(ST_AsEWKB(geom), 'hex') AS wkb, name, properties, is_demo, version FROM features WHERE layer_id = 'coal_ban_zones' AND id = $1`,
    [id],
  );
  return row;
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let admin: TestUser;
  let editor: TestUser;
  let other: TestUser;
  let viewer: TestUser;

  const create = async (who: TestUser, props: Record<string, unknown> = {}) => {
    const res = await request(app)
      .post(ITEMS)
      .set('Authorization', who.bearer)
      .send({ ...ZONE, properties: { ...ZONE.properties, ...props } })
      .expect(201);
    return { id: res.body.id as number, etag: res.headers.etag! };
  };
  const history = async (id: number, who: TestUser = viewer) =>
    historySchema.parse((await request(app).get(`/api/features/coal_ban_zones/${id}/history`).set('Authorization', who.bearer).expect(200)).body);

  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    admin = await makeUser(db(), 'hist-admin', 'admin');
    editor = await makeUser(db(), 'hist-editor', 'editor', ['coal_ban_zones']);
    other = await makeUser(db(), 'hist-other', 'editor', ['coal_ban_zones']);
    viewer = await makeUser(db(), 'hist-viewer', 'viewer');
  });

  describe('recording', () => {
    it('records every create, update and delete with who, when, and the full feature before and after', async () => {
      const t0 = Date.now();
      const { id, etag } = await create(editor);
      const v2 = await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', other.bearer)
        .set('If-Match', etag)
        .send({ properties: { note: '复核' } })
        .expect(200);
      await request(app).delete(`${ITEMS}/${id}`).set('Authorization', editor.bearer).set('If-Match', v2.headers.etag!).expect(204);

      const h = await history(id);
      expect(h.state).toEqual({ version: 3, deleted: true, etag: `"coal_ban_zones.${id}.v3"` });
      expect(h.entries.map((e) => [e.kind, e.action, e.user.username, e.versionBefore, e.versionAfter])).toEqual([
        ['delete', 'delete', 'hist-editor', 2, 3],
        ['update', 'update', 'hist-other', 1, 2],
        ['create', 'create', 'hist-editor', null, 1],
      ]);
      const [del, upd, cre] = h.entries;
      expect(cre!.before).toBeNull();
      expect(cre!.after!.properties).toMatchObject({ ...ZONE.properties, is_demo: false });
      expect(cre!.after!.geometry).toEqual(ZONE.geometry); // history keeps full precision
      expect(upd!.before).toEqual(cre!.after);
      expect(upd!.after!.properties.note).toBe('复核');
      expect(del!.before).toEqual(upd!.after);
      expect(del!.after).toBeNull();
      for (const e of h.entries) {
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(t0 - 5000);
        expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now() + 5000);
      }
    });

    it('a failed write leaves no history (same transaction)', async () => {
      const { id, etag } = await create(editor);
      const before = await checksum(db());
      await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', etag)
        .send({ properties: { effective_date: 'soon' } })
        .expect(400);
      await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', '"coal_ban_zones.1.v9"')
        .send({ properties: { note: 'x' } })
        .expect(412);
      expect(await checksum(db())).toBe(before);
    });

    it('is readable by signed-in users only, and 404 for features that never existed', async () => {
      const { id } = await create(editor);
      await request(app).get(`/api/features/coal_ban_zones/${id}/history`).expect(401);
      const res = await request(app).get(`/api/features/coal_ban_zones/${id}/history`).set('Authorization', viewer.bearer).expect(200);
      expect(res.headers.etag).toBe(`"coal_ban_zones.${id}.v1"`);
      await request(app).get('/api/features/coal_ban_zones/999999999/history').set('Authorization', viewer.bearer).expect(404);
      await request(app).get('/api/features/nope/1/history').set('Authorization', viewer.bearer).expect(404);
    });
  });

  describe('restore', () => {
    it('gives back the exact earlier geometry and attributes, as a new version', async () => {
      const { id, etag } = await create(editor);
      const original = await stored(db, id);
      const moved = await request(app)
        .put(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', etag)
        .send({ type: 'Feature', geometry: ZONE_MOVED, properties: { name: '被改过', code: 'X-9', note: '错误修改', ...TEST_DESIGNATION } })
        .expect(200);
      expect((await stored(db, id))!.wkb).not.toBe(original!.wkb);

      const res = await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', other.bearer)
        .set('If-Match', moved.headers.etag!)
        .send({ version: 1 })
        .expect(200);
      expect(res.headers.etag).toBe(`"coal_ban_zones.${id}.v3"`);
      const restored = await stored(db, id);
      expect(restored!.wkb).toBe(original!.wkb); // bit-identical coordinates
      expect(restored!.properties).toEqual(original!.properties);
      expect(restored!.name).toBe(original!.name);
      expect(restored!.version).toBe(3);
      expect(closeGeometry(res.body.geometry, ZONE.geometry)).toBe(true);

      const [entry] = (await history(id)).entries;
      expect(entry).toMatchObject({ kind: 'restore', versionBefore: 2, versionAfter: 3, user: { username: 'hist-other' } });
      expect(entry!.after!.geometry).toEqual(ZONE.geometry);
    });

    it('brings a deleted feature back under its id; If-Match names the deletion', async () => {
      const { id, etag } = await create(editor, { code: 'R-DEL' });
      const original = await stored(db, id);
      const del = await request(app).delete(`${ITEMS}/${id}`).set('Authorization', editor.bearer).set('If-Match', etag).expect(204);
      const h = await request(app).get(`/api/features/coal_ban_zones/${id}/history`).set('Authorization', editor.bearer).expect(200);
      expect(h.headers.etag).toBe(del.headers.etag);

      await request(app).post(`/api/features/coal_ban_zones/${id}/restore`).set('Authorization', editor.bearer).send({ version: 1 }).expect(428);
      await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', etag)
        .send({ version: 1 })
        .expect(412);
      const bad = await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', del.headers.etag!)
        .send({ version: 2 })
        .expect(400);
      expect(bad.body.error.code).toBe('VERSION_IS_DELETION');
      await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', del.headers.etag!)
        .send({ version: 7 })
        .expect(404);

      const back = await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', del.headers.etag!)
        .send({ version: 1 })
        .expect(200);
      expect(back.body.id).toBe(id);
      expect(back.headers.etag).toBe(`"coal_ban_zones.${id}.v3"`);
      const now = await stored(db, id);
      expect({ ...now, version: 0 }).toEqual({ ...original, version: 0 });
      await request(app).get(`${ITEMS}/${id}`).expect(200);
      // a second restore with the same (now stale) tag loses
      await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', del.headers.etag!)
        .send({ version: 1 })
        .expect(412);
    });

    it('works for features that predate the history (seeded, imported): version 1 comes from the first before-image', async () => {
      const v = validateFeature(
        findLayer('coal_ban_zones')!,
        { ...ZONE, properties: { ...ZONE.properties, name: '种子数据区', code: 'SEED-1' } },
        { isDemo: true },
      );
      if (!v.valid) throw new Error(v.reason);
      const [id] = await writeFeatures(db(), 'coal_ban_zones', [v.feature]);
      const original = await stored(db, id!);
      const patched = await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', `"coal_ban_zones.${id}.v1"`)
        .send({ geometry: ZONE_MOVED, properties: { code: 'SEED-2' } })
        .expect(200);
      await request(app)
        .post(`/api/features/coal_ban_zones/${id}/restore`)
        .set('Authorization', editor.bearer)
        .set('If-Match', patched.headers.etag!)
        .send({ version: 1 })
        .expect(200);
      const now = await stored(db, id!);
      expect(now!.wkb).toBe(original!.wkb);
      expect(now!.properties).toEqual(original!.properties);
      expect(now!.is_demo).toBe(true);
    });
  });

  describe('undo', () => {
    it('undoes an update as a new version, refuses a second undo, and an undo can itself be undone', async () => {
      const { id, etag } = await create(editor, { code: 'U-1' });
      const original = await stored(db, id);
      await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', etag)
        .send({ geometry: ZONE_MOVED, properties: { code: 'U-2' } })
        .expect(200);
      const changed = await stored(db, id);
      const updateEvent = (await history(id)).entries[0]!.eventId;

      const undo = await request(app).post(`/api/history/events/${updateEvent}/undo`).set('Authorization', other.bearer).expect(200);
      const undoEvent = undoResponseSchema.parse(undo.body).event;
      expect(undoEvent).toMatchObject({ kind: 'undo', undoes: updateEvent, featureCount: 1, user: { username: 'hist-other' } });
      expect(undo.body.reverted).toBe(1);
      const after = await stored(db, id);
      expect({ ...after, version: 0 }).toEqual({ ...original, version: 0 });
      expect(after!.version).toBe(3);

      const again = await request(app).post(`/api/history/events/${updateEvent}/undo`).set('Authorization', other.bearer).expect(409);
      expect(again.body.error.code).toBe('ALREADY_UNDONE');

      await request(app).post(`/api/history/events/${undoEvent.id}/undo`).set('Authorization', editor.bearer).expect(200);
      const redone = await stored(db, id);
      expect({ ...redone, version: 0 }).toEqual({ ...changed, version: 0 });
      expect(redone!.version).toBe(4);
    });

    it('undoes a delete (the feature returns) and a create (it goes)', async () => {
      const { id, etag } = await create(editor, { code: 'U-DEL' });
      const original = await stored(db, id);
      await request(app).delete(`${ITEMS}/${id}`).set('Authorization', editor.bearer).set('If-Match', etag).expect(204);
      const [del, cre] = (await history(id)).entries;
      await request(app).post(`/api/history/events/${del!.eventId}/undo`).set('Authorization', editor.bearer).expect(200);
      expect({ ...(await stored(db, id)), version: 0 }).toEqual({ ...original, version: 0 });
      // the create cannot be undone now: the feature changed after it (deleted and brought back)
      const blocked = await request(app).post(`/api/history/events/${cre!.eventId}/undo`).set('Authorization', editor.bearer).expect(409);
      expect(blocked.body.error.code).toBe('UNDO_CONFLICT');

      const fresh = await create(editor, { code: 'U-CRE' });
      const freshCreate = (await history(fresh.id)).entries[0]!.eventId;
      await request(app).post(`/api/history/events/${freshCreate}/undo`).set('Authorization', editor.bearer).expect(200);
      await request(app).get(`${ITEMS}/${fresh.id}`).expect(404);
    });

    it('never overwrites later work: 409 listing the features that changed since', async () => {
      const { id, etag } = await create(editor, { code: 'U-C' });
      const v2 = await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', editor.bearer)
        .set('If-Match', etag)
        .send({ properties: { note: 'a' } })
        .expect(200);
      const first = (await history(id)).entries[0]!.eventId;
      await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', other.bearer)
        .set('If-Match', v2.headers.etag!)
        .send({ properties: { note: 'b' } })
        .expect(200);
      const before = await checksum(db());
      const res = await request(app).post(`/api/history/events/${first}/undo`).set('Authorization', editor.bearer).expect(409);
      expect(undoConflictDetailsSchema.parse(res.body.error.details).features).toEqual([{ featureId: id, expectedVersion: 2, currentVersion: 3 }]);
      expect(await checksum(db())).toBe(before);
    });

    it('needs write rights on the layer, and 404 for unknown events', async () => {
      const { id } = await create(editor);
      const ev = (await history(id)).entries[0]!.eventId;
      await request(app).post(`/api/history/events/${ev}/undo`).expect(401);
      await request(app).post(`/api/history/events/${ev}/undo`).set('Authorization', viewer.bearer).expect(403);
      await request(app).post('/api/history/events/999999999/undo').set('Authorization', admin.bearer).expect(404);
    });
  });

  describe('imports: one event each, undone as a whole', () => {
    const layerSum = async () =>
      (
        await db().query<{ sum: string; n: number }>(
          `SELECT md5(coalesce(string_agg(concat_ws(',', id, name, properties::text, is_demo, encode(ST_AsEWKB(geom), 'hex')), ';' ORDER BY id), '')) AS sum, count(*)::int AS n
             FROM features WHERE layer_id = 'construction_sites'`,
        )
      )[0]!;
    const sites = (n: number, tag: string) =>
      Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: Array.from({ length: n }, (_, i) => ({
            type: 'Feature',
            properties: { name: `${tag}-${i}`, site_type: 'building', status: 'active' },
            geometry: { type: 'Point', coordinates: [113.25 + i * 0.001234567891, 40.05 + i * 0.000987654321] },
          })),
        }),
      );
    let siteEditor: TestUser;
    beforeAll(async () => {
      siteEditor = await makeUser(db(), 'hist-sites', 'editor', ['construction_sites']);
    });
    const importSites = (file: Buffer, query: string) =>
      request(app).post(`/api/layers/construction_sites/import?${query}`).set('Authorization', siteEditor.bearer).attach('file', file, 'sites.geojson');

    it('a replace import is one event; undo removes what it added and brings back, exactly, what it replaced', async () => {
      await importSites(sites(30, 'first'), 'mode=replace').expect(200);
      const before = await layerSum();
      expect(before.n).toBe(30);

      const report = (await importSites(sites(50, 'second'), 'mode=replace').expect(200)).body;
      expect(report).toMatchObject({ imported: 50, replaced: 30 });
      expect(typeof report.historyEventId).toBe('number');
      const ev = await request(app).get(`/api/history/events/${report.historyEventId}`).set('Authorization', siteEditor.bearer).expect(200);
      expect(ev.body.event).toMatchObject({ kind: 'import', layer: 'construction_sites', featureCount: 80, user: { username: 'hist-sites' } });
      expect(ev.body.event.summary).toMatchObject({ mode: 'replace', filename: 'sites.geojson', imported: 50, replaced: 30 });
      const actions = ev.body.changes.map((c: { action: string }) => c.action);
      expect(actions.filter((a: string) => a === 'delete')).toHaveLength(30);
      expect(actions.filter((a: string) => a === 'create')).toHaveLength(50);

      const undo = await request(app).post(`/api/history/events/${report.historyEventId}/undo`).set('Authorization', siteEditor.bearer).expect(200);
      expect(undo.body.reverted).toBe(80);
      expect(await layerSum()).toEqual(before);
    });

    it('an append import undone leaves the layer as before; edited since, it refuses', async () => {
      const before = await layerSum();
      const report = (await importSites(sites(5, 'append'), 'mode=append').expect(200)).body;
      await request(app).post(`/api/history/events/${report.historyEventId}/undo`).set('Authorization', admin.bearer).expect(200);
      expect(await layerSum()).toEqual(before);

      const again = (await importSites(sites(5, 'again'), 'mode=append').expect(200)).body;
      const [one] = await db().query<{ id: number }>(`SELECT id FROM features WHERE layer_id = 'construction_sites' AND name = 'again-3'`);
      await request(app)
        .patch(`/ogc/collections/construction_sites/items/${one!.id}`)
        .set('Authorization', siteEditor.bearer)
        .set('If-Match', `"construction_sites.${one!.id}.v1"`)
        .send({ properties: { status: 'finished' } })
        .expect(200);
      const blocked = await request(app).post(`/api/history/events/${again.historyEventId}/undo`).set('Authorization', siteEditor.bearer).expect(409);
      expect(blocked.body.error.details.features).toEqual([{ featureId: one!.id, expectedVersion: 1, currentVersion: 2 }]);
    });

    it('a dry run records nothing', async () => {
      const before = await checksum(db());
      const report = (await importSites(sites(3, 'dry'), 'dryRun=true').expect(200)).body;
      expect(report.historyEventId).toBeUndefined();
      expect(await checksum(db())).toBe(before);
    });
  });

  describe('audit log (admins)', () => {
    it('lists events newest first, filtered by user, layer, kind and date, paged', async () => {
      const { id, etag } = await create(other, { code: 'A-1' });
      await request(app)
        .patch(`${ITEMS}/${id}`)
        .set('Authorization', other.bearer)
        .set('If-Match', etag)
        .send({ properties: { note: 'x' } })
        .expect(200);
      const auth = ['Authorization', admin.bearer] as const;

      const all = await request(app)
        .get('/api/admin/audit')
        .set(...auth)
        .expect(200);
      const events = auditResponseSchema.parse(all.body).events;
      expect(events.length).toBeGreaterThan(2);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => b - a));

      const mine = auditResponseSchema.parse(
        (
          await request(app)
            .get('/api/admin/audit?user=HIST-OTHER')
            .set(...auth)
            .expect(200)
        ).body,
      ).events;
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((e) => e.user.username))).toEqual(new Set(['hist-other']));
      expect(mine[0]).toMatchObject({ kind: 'update', layer: 'coal_ban_zones', featureCount: 1 });

      const creates = (
        await request(app)
          .get('/api/admin/audit?user=hist-other&kind=create')
          .set(...auth)
          .expect(200)
      ).body.events;
      expect(creates.every((e: { kind: string }) => e.kind === 'create')).toBe(true);
      expect(
        (
          await request(app)
            .get('/api/admin/audit?layer=gas_stations')
            .set(...auth)
            .expect(200)
        ).body.events,
      ).toEqual([]);

      // dates are days in UTC+8; `to` includes its day
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
      expect(
        (
          await request(app)
            .get(`/api/admin/audit?from=${today}&to=${today}&user=hist-other`)
            .set(...auth)
            .expect(200)
        ).body.events.length,
      ).toBe(mine.length);
      expect(
        (
          await request(app)
            .get(`/api/admin/audit?to=${yesterday}`)
            .set(...auth)
            .expect(200)
        ).body.events,
      ).toEqual([]);
      expect(
        (
          await request(app)
            .get(`/api/admin/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
            .set(...auth)
            .expect(200)
        ).body.events,
      ).toEqual([]);

      const page1 = await request(app)
        .get('/api/admin/audit?limit=2')
        .set(...auth)
        .expect(200);
      expect(page1.body.events).toHaveLength(2);
      const page2 = await request(app)
        .get(`/api/admin/audit?limit=2&beforeId=${page1.body.nextBeforeId}`)
        .set(...auth)
        .expect(200);
      expect(page2.body.events[0].id).toBeLessThan(page1.body.events[1].id);

      for (const bad of ['from=yesterday', 'layer=nope', 'kind=hack', 'limit=0', 'whatever=1'])
        await request(app)
          .get(`/api/admin/audit?${bad}`)
          .set(...auth)
          .expect(400);
    });

    it('is for admins only', async () => {
      await request(app).get('/api/admin/audit').expect(401);
      await request(app).get('/api/admin/audit').set('Authorization', editor.bearer).expect(403);
      await request(app).get('/api/admin/audit/export.ndjson').set('Authorization', viewer.bearer).expect(403);
    });

    it('shows one event with its feature changes to the layer’s editors', async () => {
      const { id } = await create(editor);
      const ev = (await history(id)).entries[0]!.eventId;
      const res = await request(app).get(`/api/history/events/${ev}`).set('Authorization', editor.bearer).expect(200);
      // only for layers one may edit (tests/reliability/access-hardening.test.ts)
      await request(app).get(`/api/history/events/${ev}`).set('Authorization', viewer.bearer).expect(403);
      expect(eventDetailsSchema.parse(res.body).event).toMatchObject({ id: ev, kind: 'create' });
      expect(res.body.changes).toEqual([{ featureId: id, action: 'create', versionBefore: null, versionAfter: 1 }]);
    });

    it('exports the history as JSON lines and CSV, one line per feature change, with full features', async () => {
      const auth = ['Authorization', admin.bearer] as const;
      const nd = await request(app)
        .get('/api/admin/audit/export.ndjson?user=hist-editor')
        .set(...auth)
        .expect(200);
      expect(nd.headers['content-type']).toMatch(/application\/x-ndjson/);
      expect(nd.headers['content-disposition']).toMatch(/attachment; filename="?history-\d{4}-\d{2}-\d{2}\.ndjson/);
      const lines = (nd.text as string)
        .trim()
        .split('\n')
        .map((l) => change.parse(JSON.parse(l)));
      const [row] = await db().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM feature_changes c JOIN edit_events e ON e.id = c.event_id WHERE e.username = 'hist-editor'`,
      );
      expect(lines).toHaveLength(row!.n);
      expect(lines.every((l) => l.user.username === 'hist-editor')).toBe(true);
      expect(lines.some((l) => l.after && l.after.geometry.type === 'Polygon')).toBe(true);
      // oldest first, as a log reads
      expect(lines.map((l) => l.eventId)).toEqual([...lines.map((l) => l.eventId)].sort((a, b) => a - b));

      const csv = await request(app)
        .get('/api/admin/audit/export.csv?user=hist-editor')
        .set(...auth)
        .expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const text = csv.text as string;
      expect(text.startsWith('\uFEFFevent_id,at,username,kind,layer,feature_id,action,version_before,version_after')).toBe(true);
      expect(text.trim().split('\n').length).toBeGreaterThanOrEqual(lines.length + 1);
      expect(text).toContain('编辑测试禁煤区');
    });
  });
});
