/**
 * Who sees which cases: every case endpoint × role × a case of another street office → refused,
 * and nothing changed in any case table.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import { caseListSchema, caseResponseSchema, summarySchema } from '../../server/features/cases/cases.contract.ts';
import { testApp } from '../helpers/app.ts';
import { makeUser, signIn, type TestUser } from '../helpers/auth.ts';
import { addBrokenSite, addStreets, caseChecksum, GUCHENG, LAYER, RULE, YINGBIN } from '../helpers/cases.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { jpeg } from '../fixtures/cases-evidence.ts';

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let anonymousApp: ReturnType<typeof testApp>;
  let publicApp: ReturnType<typeof testApp>;
  let admin: TestUser;
  let editor: TestUser;
  let viewer: TestUser;
  let guchengEditor: TestUser;
  let guchengViewer: TestUser;
  const ids = { guchengCase: 0, yingbinCase: 0, yingbinAttachment: 0, yingbinSite: 0, guchengSite: 0 };

  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    anonymousApp = app;
    publicApp = testApp(db(), { CASES_PUBLIC: true }, { actAs: 'anonymous' });
    await addStreets(db());
    admin = await makeUser(db(), 'scope-admin', 'admin');
    editor = await makeUser(db(), 'scope-editor', 'editor');
    viewer = await makeUser(db(), 'scope-viewer', 'viewer');
    guchengEditor = await makeUser(db(), 'gucheng-editor', 'editor', [], [GUCHENG]);
    guchengViewer = await makeUser(db(), 'gucheng-viewer', 'viewer', [], [GUCHENG]);
    const open = async (site: number) =>
      caseResponseSchema.parse(
        (await request(app).post('/api/cases').set('Authorization', admin.bearer).send({ rule: RULE, layer: LAYER, featureId: site }).expect(201)).body,
      ).case;
    ids.guchengCase = (await open(await addBrokenSite(db(), '古城甲', 113.25, 40.05))).id;
    ids.yingbinCase = (await open(await addBrokenSite(db(), '迎宾甲', 113.35, 40.05))).id;
    const up = await request(app)
      .post(`/api/cases/${ids.yingbinCase}/attachments`)
      .set('Authorization', admin.bearer)
      .attach('file', jpeg(), 'a.jpg')
      .expect(201);
    ids.yingbinAttachment = caseResponseSchema.parse(up.body).case.attachments[0]!.id;
    // sites with no case yet, for the "open a case" refusals
    ids.yingbinSite = await addBrokenSite(db(), '迎宾乙', 113.36, 40.06);
    ids.guchengSite = await addBrokenSite(db(), '古城乙', 113.26, 40.06);
  });

  /** Every case endpoint aimed at the Yingbin case (or at Yingbin), with a body an admin could send. */
  const endpoints = () =>
    [
      ['GET case', (a: string | undefined) => auth(request(app).get(`/api/cases/${ids.yingbinCase}`), a)],
      ['GET attachment', (a: string | undefined) => auth(request(app).get(`/api/cases/${ids.yingbinCase}/attachments/${ids.yingbinAttachment}`), a)],
      ['GET OGC item', (a: string | undefined) => auth(request(app).get(`/ogc/collections/cases/items/${ids.yingbinCase}`), a)],
      ['PATCH case', (a: string | undefined) => auth(request(app).patch(`/api/cases/${ids.yingbinCase}`), a).send({ unit: '越权' })],
      ['POST transition', (a: string | undefined) => auth(request(app).post(`/api/cases/${ids.yingbinCase}/transitions`), a).send({ to: 'assigned' })],
      ['POST comment', (a: string | undefined) => auth(request(app).post(`/api/cases/${ids.yingbinCase}/comments`), a).send({ body: '越权' })],
      ['POST attachment', (a: string | undefined) => auth(request(app).post(`/api/cases/${ids.yingbinCase}/attachments`), a).attach('file', jpeg(), 'b.jpg')],
      [
        'POST case at a site',
        (a: string | undefined) => auth(request(app).post('/api/cases'), a).send({ rule: RULE, layer: LAYER, featureId: ids.yingbinSite }),
      ],
      ['POST case at a point', (a: string | undefined) => auth(request(app).post('/api/cases'), a).send({ lng: 113.37, lat: 40.07, title: '越权' })],
      ['POST bulk', (a: string | undefined) => auth(request(app).post('/api/cases/bulk'), a).send({ rule: RULE, street: YINGBIN })],
      ['POST sync', (a: string | undefined) => auth(request(app).post('/api/cases/sync'), a).send({})],
    ] as const;
  const auth = <T extends request.Test>(req: T, a: string | undefined): T => (a ? req.set('Authorization', a) : req.set('X-Requested-With', 'fetch'));
  const READS = new Set(['GET case', 'GET attachment', 'GET OGC item']);

  it('refuses every case endpoint on another street’s case to a street office (editor or viewer), writing nothing', async () => {
    const before = await caseChecksum(db());
    for (const [who, user] of [
      ['Gucheng editor', guchengEditor],
      ['Gucheng viewer', guchengViewer],
    ] as const) {
      for (const [name, send] of endpoints()) {
        const res = await send(user.bearer);
        expect([403, 404], `${name} as ${who}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
        expect(await caseChecksum(db()), `${name} as ${who}`).toEqual(before);
      }
    }
  });

  it('refuses every write to a viewer and everything to anonymous users, writing nothing', async () => {
    const before = await caseChecksum(db());
    for (const [name, send] of endpoints()) {
      const anon = await send(undefined);
      // the OGC collection does not exist for those who may not read cases
      expect(anon.status, `${name} anonymous`).toBe(name === 'GET OGC item' ? 404 : 401);
      if (!READS.has(name)) {
        const res = await send(viewer.bearer);
        expect(res.status, `${name} as viewer: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(403);
      }
      expect(await caseChecksum(db()), name).toEqual(before);
    }
    for (const path of [
      '/api/cases',
      '/api/cases.geojson',
      '/api/cases.csv',
      '/api/cases.xlsx',
      '/api/cases/summary',
      '/ogc/collections/cases',
      '/ogc/collections/cases/items',
    ])
      expect((await request(anonymousApp).get(path)).status, path).toBe(path.startsWith('/ogc') ? 404 : 401);
    const catalogue = await request(anonymousApp).get('/ogc/collections').expect(200);
    expect(catalogue.body.collections.map((c: { id: string }) => c.id)).not.toContain('cases');
    expect(catalogue.body.collections.map((c: { id: string }) => c.id)).toEqual(LAYERS.map((l) => l.id));
  });

  it('shows a street office only its own cases in lists, exports, the summary and the OGC collection', async () => {
    const list = caseListSchema.parse((await request(app).get('/api/cases').set('Authorization', guchengViewer.bearer).expect(200)).body);
    expect(list.cases.map((c) => c.id)).toEqual([ids.guchengCase]);
    expect(list.cases[0]!.streetCode).toBe(GUCHENG);
    const geo = await request(app).get('/api/cases.geojson').set('Authorization', guchengEditor.bearer).expect(200);
    expect(JSON.parse(geo.text).features.map((f: { id: number }) => f.id)).toEqual([ids.guchengCase]);
    const csv = await request(app).get('/api/cases.csv').set('Authorization', guchengEditor.bearer).expect(200);
    expect(csv.text).toContain('古城甲');
    expect(csv.text).not.toContain('迎宾甲');
    const summary = summarySchema.parse((await request(app).get('/api/cases/summary').set('Authorization', guchengViewer.bearer).expect(200)).body);
    expect(summary.streets.map((s) => s.code)).toEqual([GUCHENG]);
    const items = await request(app).get('/ogc/collections/cases/items').set('Authorization', guchengViewer.bearer).expect(200);
    expect(items.body.features.map((f: { id: number }) => f.id)).toEqual([ids.guchengCase]);
    const catalogue = await request(app).get('/ogc/collections').set('Authorization', guchengViewer.bearer).expect(200);
    expect(catalogue.body.collections.map((c: { id: string }) => c.id)).toContain('cases');
  });

  it('lets a street office work its own cases, and bureau editors and admins every case', async () => {
    const res = await request(app)
      .post(`/api/cases/${ids.guchengCase}/transitions`)
      .set('Authorization', guchengEditor.bearer)
      .send({ to: 'assigned', unit: '古城街道' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(
      (await request(app).post('/api/cases').set('Authorization', guchengEditor.bearer).send({ rule: RULE, layer: LAYER, featureId: ids.guchengSite })).status,
    ).toBe(201);
    const all = caseListSchema.parse((await request(app).get('/api/cases').set('Authorization', editor.bearer).expect(200)).body);
    expect(all.cases.map((c) => c.id)).toEqual(expect.arrayContaining([ids.guchengCase, ids.yingbinCase]));
    expect((await request(app).patch(`/api/cases/${ids.yingbinCase}`).set('Authorization', editor.bearer).send({ assignee: '李四' })).status).toBe(200);
    expect((await request(app).get(`/api/cases/${ids.yingbinCase}`).set('Authorization', viewer.bearer)).status).toBe(200);
    expect((await request(app).post('/api/cases/sync').set('Authorization', admin.bearer)).status).toBe(200);
  });

  it('lets admins give an account a streets scope through the accounts API, which then limits its cases', async () => {
    const created = await request(app)
      .post('/api/admin/users')
      .set('Authorization', admin.bearer)
      .send({ username: 'yingbin-office', password: 'a long enough password', role: 'viewer', streets: [YINGBIN] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.user.streets).toEqual([YINGBIN]);
    const cookie = await signIn(app, 'yingbin-office', 'a long enough password');
    expect((await request(app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body.user.streets).toEqual([YINGBIN]);
    const list = caseListSchema.parse((await request(app).get('/api/cases').set('Cookie', cookie).expect(200)).body);
    expect(list.cases.map((c) => c.id)).toEqual([ids.yingbinCase]);
    const patched = await request(app).patch(`/api/admin/users/${created.body.user.id}`).set('Authorization', admin.bearer).send({ streets: [] }).expect(200);
    expect(patched.body.user.streets).toEqual([]);
    expect(caseListSchema.parse((await request(app).get('/api/cases').set('Cookie', cookie).expect(200)).body).cases.length).toBeGreaterThan(1);
    expect(
      (
        await request(app)
          .patch(`/api/admin/users/${created.body.user.id}`)
          .set('Authorization', admin.bearer)
          .send({ streets: ["1'; DROP"] })
      ).status,
    ).toBe(400);
  });

  describe('with CASES_PUBLIC=true', () => {
    it('anonymous users read every case but still write none', async () => {
      const list = caseListSchema.parse((await request(publicApp).get('/api/cases').expect(200)).body);
      expect(list.cases.map((c) => c.id)).toEqual(expect.arrayContaining([ids.guchengCase, ids.yingbinCase]));
      expect((await request(publicApp).get(`/api/cases/${ids.yingbinCase}`)).status).toBe(200);
      const catalogue = await request(publicApp).get('/ogc/collections').expect(200);
      expect(catalogue.body.collections.map((c: { id: string }) => c.id)).toContain('cases');
      const before = await caseChecksum(db());
      expect((await request(publicApp).post(`/api/cases/${ids.yingbinCase}/comments`).set('X-Requested-With', 'fetch').send({ body: 'x' })).status).toBe(401);
      expect(await caseChecksum(db())).toEqual(before);
    });
  });
});
