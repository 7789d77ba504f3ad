import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseListSchema, caseResponseSchema, syncResponseSchema, type CaseDetail, type CaseStatus } from '../../server/features/cases/cases.contract.ts';
import { addDays, allowedNext, localDay, STATUSES } from '../../server/features/cases/cases.workflow.ts';
import { testApp } from '../helpers/app.ts';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { addBrokenSite, addStreets, GUCHENG, LAYER, RULE, setProps, YINGBIN } from '../helpers/cases.ts';
import { onEachDatabase } from '../helpers/db.ts';

/** The statuses a fresh case passes through to reach each status (notes where a step needs one). */
const PATH: Record<CaseStatus, Array<{ to: CaseStatus; note?: string }>> = {
  found: [],
  assigned: [{ to: 'assigned' }],
  rectifying: [{ to: 'assigned' }, { to: 'rectifying' }],
  rectified: [{ to: 'assigned' }, { to: 'rectifying' }, { to: 'rectified' }],
  closed: [{ to: 'assigned' }, { to: 'rectifying' }, { to: 'rectified' }, { to: 'closed' }],
  dismissed: [{ to: 'dismissed', note: '重复上报' }],
};

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let editor: TestUser;

  beforeAll(async () => {
    app = testApp(db());
    await addStreets(db());
    editor = await makeUser(db(), 'case-editor', 'editor');
  });

  const readCase = async (id: number, auth?: string): Promise<CaseDetail> => {
    const req = request(app).get(`/api/cases/${id}`);
    const res = await (auth ? req.set('Authorization', auth) : req);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return caseResponseSchema.parse(res.body).case;
  };
  const move = (id: number, body: Record<string, unknown>, auth = editor.bearer) =>
    request(app).post(`/api/cases/${id}/transitions`).set('Authorization', auth).send(body);
  const pointCase = async (title: string) => {
    const res = await request(app).post('/api/cases').set('Authorization', editor.bearer).send({ lng: 113.25, lat: 40.05, title });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return caseResponseSchema.parse(res.body).case;
  };

  it('opens a case from a violation with a snapshot of the site, its street office and the rule’s default deadline', async () => {
    const site = await addBrokenSite(db(), '古城工地甲', 113.25, 40.05);
    const res = await request(app)
      .post('/api/cases')
      .set('Authorization', editor.bearer)
      .send({ rule: RULE, layer: LAYER, featureId: String(site) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = caseResponseSchema.parse(res.body).case;
    expect(c).toMatchObject({
      rule: RULE,
      article: '10',
      layer: LAYER,
      featureId: String(site),
      title: '古城工地甲',
      status: 'found',
      streetCode: GUCHENG,
      streetName: '古城街道',
      deadline: addDays(localDay(new Date()), 7),
      detected: true,
      detectedOutcome: 'violation',
      readyForReview: false,
      overdue: false,
      createdBy: 'case-editor',
      allowed: ['assigned', 'dismissed'],
    });
    expect(c.snapshot).toMatchObject({ name: '古城工地甲', hoarding: false, status: 'active' });
    expect(c.geometry).toEqual({ type: 'Point', coordinates: [113.25, 40.05] });
    expect(c.transitions).toEqual([expect.objectContaining({ from: null, to: 'found', by: 'case-editor', system: false })]);

    // the snapshot stays as it was when the case was opened
    await setProps(app, LAYER, site, { name: '古城工地甲（改名）' });
    expect((await readCase(c.id)).snapshot).toMatchObject({ name: '古城工地甲' });

    const again = await request(app).post('/api/cases').set('Authorization', editor.bearer).send({ rule: RULE, layer: LAYER, featureId: site });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CASE_ALREADY_OPEN', details: { caseId: c.id } });
  });

  it('refuses a case for a site the rule does not list, an unknown rule and a rule of another layer, writing nothing', async () => {
    const clean = await addBrokenSite(db(), '已整改工地', 113.26, 40.06);
    await setProps(app, LAYER, clean, { hoarding: true });
    const before = caseListSchema.parse((await request(app).get('/api/cases').expect(200)).body).counts.total;
    const post = (body: object) => request(app).post('/api/cases').set('Authorization', editor.bearer).send(body);
    expect((await post({ rule: RULE, layer: LAYER, featureId: clean })).body.error.code).toBe('NOT_DETECTED');
    expect((await post({ rule: 'no.such', layer: LAYER, featureId: clean })).body.error.code).toBe('UNKNOWN_RULE');
    expect((await post({ rule: 'coal_ban.boiler', layer: LAYER, featureId: clean })).body.error.code).toBe('RULE_NOT_FOR_LAYER');
    expect((await post({ rule: RULE, layer: LAYER, featureId: 99999999 })).status).toBe(404);
    expect((await post({ lng: 113.25, lat: 40.05 })).status).toBe(400);
    expect(caseListSchema.parse((await request(app).get('/api/cases').expect(200)).body).counts.total).toBe(before);
  });

  it('keeps at most one open case per rule and site under 20 concurrent requests', async () => {
    const site = await addBrokenSite(db(), '并发工地', 113.27, 40.07);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => request(app).post('/api/cases').set('Authorization', editor.bearer).send({ rule: RULE, layer: LAYER, featureId: site })),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const id = caseResponseSchema.parse(created[0]!.body).case.id;
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.error.code, r.body.error.details.caseId])).toEqual(
      Array.from({ length: 19 }, () => [409, 'CASE_ALREADY_OPEN', id]),
    );
    const listed = caseListSchema.parse(
      (
        await request(app)
          .get('/api/cases')
          .query({ layer: LAYER, featureId: String(site) })
          .expect(200)
      ).body,
    );
    expect(listed.cases.map((c) => c.id)).toEqual([id]);
  });

  it('opens a case by hand at a map point, without a site, in the street office there', async () => {
    const c = await pointCase('群众投诉：夜间露天焚烧');
    expect(c).toMatchObject({
      rule: null,
      layer: null,
      featureId: null,
      status: 'found',
      streetCode: GUCHENG,
      detected: null,
      detectedOutcome: null,
      snapshot: null,
    });
    expect(c.geometry).toEqual({ type: 'Point', coordinates: [113.25, 40.05] });
    const withRule = await request(app).post('/api/cases').set('Authorization', editor.bearer).send({ rule: RULE, lng: 113.35, lat: 40.05, title: '巡查发现' });
    expect(withRule.status).toBe(201);
    expect(caseResponseSchema.parse(withRule.body).case).toMatchObject({
      rule: RULE,
      article: '10',
      streetCode: YINGBIN,
      deadline: addDays(localDay(new Date()), 7),
    });
  });

  describe('every transition', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const legal = allowedNext(from).includes(to);
        it(`${from} → ${to}: ${legal ? 'allowed' : '409 with the allowed steps'}`, async () => {
          const c = await pointCase(`${from} → ${to}`);
          for (const step of PATH[from]) expect((await move(c.id, step)).status).toBe(200);
          const before = await readCase(c.id);
          expect(before.status).toBe(from);
          const note = to === 'dismissed' || (to === 'found' && (from === 'closed' || from === 'dismissed')) ? '理由' : undefined;
          const res = await move(c.id, { to, ...(note ? { note } : {}) });
          if (legal) {
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            const after = caseResponseSchema.parse(res.body).case;
            expect(after.status).toBe(to);
            expect(after.transitions.at(-1)).toMatchObject({ from, to, by: 'case-editor', note: note ?? '' });
            expect(after.transitions).toHaveLength(before.transitions.length + 1);
          } else {
            expect(res.status).toBe(409);
            expect(res.body.error).toMatchObject({ code: 'INVALID_TRANSITION', details: { from, to, allowed: [...allowedNext(from)] } });
            const after = await readCase(c.id);
            expect(after.status).toBe(from);
            expect(after.transitions).toEqual(before.transitions);
          }
        });
      }
    }
  });

  it('asks a reason for dismissing and reopening, and changes nothing without one', async () => {
    const c = await pointCase('误报测试');
    const res = await move(c.id, { to: 'dismissed' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('NOTE_REQUIRED');
    expect((await readCase(c.id)).transitions).toHaveLength(1);
    expect((await move(c.id, { to: 'dismissed', note: '  ' })).status).toBe(400);
    expect((await move(c.id, { to: 'dismissed', note: '经核实为误报' })).status).toBe(200);
    expect((await move(c.id, { to: 'found' })).body.error.code).toBe('NOTE_REQUIRED');
    const reopened = caseResponseSchema.parse((await move(c.id, { to: 'found', note: '群众再次投诉' }).expect(200)).body).case;
    expect(reopened.transitions.map((t) => t.to)).toEqual(['found', 'dismissed', 'found']);
  });

  it('sets the unit, assignee and deadline with the assignment, and refuses a viewer', async () => {
    const c = await pointCase('交办测试');
    const res = await move(c.id, { to: 'assigned', unit: '古城街道城管科', assignee: '张三', deadline: '2030-01-31', note: '请一周内整改' });
    expect(caseResponseSchema.parse(res.body).case).toMatchObject({ status: 'assigned', unit: '古城街道城管科', assignee: '张三', deadline: '2030-01-31' });
    const viewer = await makeUser(db(), 'case-viewer', 'viewer');
    expect((await move(c.id, { to: 'rectifying' }, viewer.bearer)).status).toBe(403);
    expect((await readCase(c.id, viewer.bearer)).allowed).toEqual([]);
    expect((await readCase(c.id)).status).toBe('assigned');
  });

  it('derives overdue from the deadline: past it and not rectified', async () => {
    const c = await pointCase('逾期测试');
    await request(app).patch(`/api/cases/${c.id}`).set('Authorization', editor.bearer).send({ deadline: '2020-01-01' }).expect(200);
    expect((await readCase(c.id)).overdue).toBe(true);
    const overdue = caseListSchema.parse((await request(app).get('/api/cases').query({ overdue: 'true' }).expect(200)).body);
    expect(overdue.cases.map((x) => x.id)).toContain(c.id);
    for (const step of PATH.rectified) await move(c.id, step).expect(200);
    expect((await readCase(c.id)).overdue).toBe(false);
  });

  describe('kept honest by the rules', () => {
    it('shows "no longer detected" when the site is corrected, closes it, and reopens it when the violation comes back', async () => {
      const site = await addBrokenSite(db(), '整改工地', 113.28, 40.08);
      const opened = await request(app).post('/api/cases').set('Authorization', editor.bearer).send({ rule: RULE, layer: LAYER, featureId: site }).expect(201);
      const id = caseResponseSchema.parse(opened.body).case.id;
      for (const step of PATH.rectified) await move(id, step).expect(200);

      // still flagged: an editor cannot close it, nor override; an admin can, with a reason
      const still = await move(id, { to: 'closed' });
      expect(still.status).toBe(409);
      expect(still.body.error).toMatchObject({ code: 'STILL_DETECTED', details: { allowed: ['rectifying'] } });
      expect((await move(id, { to: 'closed', override: true, note: '现场已整改' })).status).toBe(403);
      expect((await readCase(id)).status).toBe('rectified');

      await setProps(app, LAYER, site, { hoarding: true });
      const ready = await readCase(id);
      expect(ready).toMatchObject({ detected: false, detectedOutcome: null, readyForReview: true, status: 'rectified' });
      expect(ready.allowed).toEqual(['closed', 'rectifying']);
      const listed = caseListSchema.parse((await request(app).get('/api/cases').query({ readyForReview: 'true' }).expect(200)).body);
      expect(listed.cases.map((c) => c.id)).toContain(id);

      const closed = caseResponseSchema.parse((await move(id, { to: 'closed', note: '复核合格' }).expect(200)).body).case;
      expect(closed).toMatchObject({ status: 'closed', readyForReview: false });

      // the violation comes back: reading the case sends it back to found, saying why
      await setProps(app, LAYER, site, { hoarding: false });
      const back = await readCase(id);
      expect(back).toMatchObject({ status: 'found', detected: true, detectedOutcome: 'violation' });
      expect(back.transitions.at(-1)).toMatchObject({ from: 'closed', to: 'found', system: true });
      expect(back.transitions.at(-1)!.note).toContain('再次');
    });

    it('lets an admin close a case the rule still flags only with a reason, marked as an override', async () => {
      const site = await addBrokenSite(db(), '强制销号工地', 113.29, 40.09);
      const opened = await request(app).post('/api/cases').set('Authorization', editor.bearer).send({ rule: RULE, layer: LAYER, featureId: site }).expect(201);
      const id = caseResponseSchema.parse(opened.body).case.id;
      for (const step of PATH.rectified) await move(id, step).expect(200);
      const admin = (body: object) => request(app).post(`/api/cases/${id}/transitions`).send(body); // testApp's admin
      expect((await admin({ to: 'closed' })).body.error.code).toBe('STILL_DETECTED');
      expect((await admin({ to: 'closed', override: true })).body.error.code).toBe('NOTE_REQUIRED');
      const closed = caseResponseSchema.parse((await admin({ to: 'closed', override: true, note: '属地已拆除，系统数据待更新' }).expect(200)).body).case;
      expect(closed.status).toBe('closed');
      expect(closed.transitions.at(-1)).toMatchObject({ to: 'closed', override: true, note: '属地已拆除，系统数据待更新' });
    });

    it('syncs every case at once on POST /api/cases/sync, and treats a deleted site as no longer listed', async () => {
      const site = await addBrokenSite(db(), '删除工地', 113.21, 40.01);
      const opened = await request(app).post('/api/cases').set('Authorization', editor.bearer).send({ rule: RULE, layer: LAYER, featureId: site }).expect(201);
      const id = caseResponseSchema.parse(opened.body).case.id;
      const url = `/ogc/collections/${LAYER}/items/${site}`;
      const etag = String((await request(app).get(url).expect(200)).headers.etag);
      await request(app).delete(url).set('If-Match', etag).expect(204);
      expect((await request(app).post('/api/cases/sync').set('Authorization', editor.bearer)).status).toBe(403);
      const sync = syncResponseSchema.parse((await request(app).post('/api/cases/sync').expect(200)).body); // testApp's admin
      expect(sync.changed).toBeGreaterThanOrEqual(1);
      const listed = caseListSchema.parse((await request(app).get('/api/cases').query({ readyForReview: 'true' }).expect(200)).body);
      expect(listed.cases.find((c) => c.id === id)).toMatchObject({ detected: false, readyForReview: true });
    });
  });
});
