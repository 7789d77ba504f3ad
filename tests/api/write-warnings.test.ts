/**
 * Feedback the moment something changes, on both databases: create, edit, restore, import and undo
 * answer with `warnings` naming the rules the saved features break (rule id, article, zh/en) — the
 * write goes through all the same. Whether a point lies in the zone is checked independently with
 * turf; the warnings are compared with the violations endpoint, which uses the same rules.
 */
import { booleanPointInPolygon } from '@turf/turf';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { undoResponseSchema } from '../../server/features/history/history.contract.ts';
import { ruleWarningSchema } from '../../server/features/rules/rules.contract.ts';
import { ruleWarnings } from '../../server/features/rules/violations.service.ts';
import { ZONE } from '../fixtures/edit/features.ts';
import { postImport } from '../fixtures/io/helpers.ts';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const withWarnings = z.object({ id: z.number().int(), warnings: z.array(ruleWarningSchema) }).passthrough();
const POINTS = '/ogc/collections/coal_sales_points/items';
const INSIDE: [number, number] = [113.3, 40.08];
const OUTSIDE: [number, number] = [113.2, 40.08];
const point = (at: [number, number], status: string, name = '测试散煤点') => ({
  type: 'Feature',
  properties: { name, status },
  geometry: { type: 'Point', coordinates: at },
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let editor: TestUser;

  const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown, etag?: string) => {
    let req = request(app)[method](path).set('Authorization', editor.bearer);
    if (etag) req = req.set('If-Match', etag);
    return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  };
  const violationsOf = async (id: number) =>
    ((await request(app).get(`/api/features/coal_sales_points/${id}/violations`).expect(200)).body as { violations: { rule: string; outcome: string }[] })
      .violations;

  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    editor = await makeUser(db(), 'warn-editor', 'editor', ['coal_ban_zones', 'coal_sales_points']);
    // the independent answer the test relies on: one point inside the zone, one outside
    expect(booleanPointInPolygon(INSIDE, ZONE.geometry)).toBe(true);
    expect(booleanPointInPolygon(OUTSIDE, ZONE.geometry)).toBe(false);
    const zone = withWarnings.parse((await send('post', '/ogc/collections/coal_ban_zones/items', ZONE).expect(201)).body);
    expect(zone.warnings).toEqual([]); // a zone breaks no rule itself
  });

  describe('single-feature writes', () => {
    it('create inside the zone: 201 with a RULE_VIOLATION naming rule, article and why; outside: none', async () => {
      const inside = await send('post', POINTS, point(INSIDE, 'operating')).expect(201);
      const f = withWarnings.parse(inside.body);
      expect(f.warnings).toHaveLength(1);
      expect(f.warnings[0]).toMatchObject({
        code: 'RULE_VIOLATION',
        rule: 'coal_ban.sales_point',
        article: '6',
        outcome: 'violation',
        layer: 'coal_sales_points',
        featureIds: [String(f.id)],
        count: 1,
      });
      expect(f.warnings[0]!.zh).toMatch(/第6条.*问题线索/);
      expect(f.warnings[0]!.en).toMatch(/Art\. 6/);
      // the same answer as the violations endpoint, and the feature was saved
      expect(await violationsOf(f.id)).toEqual([expect.objectContaining({ rule: 'coal_ban.sales_point', outcome: 'violation' })]);
      await request(app).get(`${POINTS}/${f.id}`).expect(200);

      const outside = withWarnings.parse((await send('post', POINTS, point(OUTSIDE, 'operating', '区外散煤点')).expect(201)).body);
      expect(outside.warnings).toEqual([]);
      expect(await violationsOf(outside.id)).toEqual([]);
    });

    it('edit: a PATCH to 已取缔 clears the warning, a PUT back to 经营中 brings it; delete stays 204', async () => {
      const created = await send('post', POINTS, point(INSIDE, 'operating', '编辑警示点')).expect(201);
      const id = created.body.id as number;
      const closed = await send('patch', `${POINTS}/${id}`, { properties: { status: 'closed' } }, created.headers.etag).expect(200);
      expect(withWarnings.parse(closed.body).warnings).toEqual([]);
      const reopened = await send('put', `${POINTS}/${id}`, point(INSIDE, 'suspected', '编辑警示点'), closed.headers.etag).expect(200);
      expect(withWarnings.parse(reopened.body).warnings.map((w) => [w.rule, w.outcome])).toEqual([['coal_ban.sales_point', 'violation']]);
      await send('delete', `${POINTS}/${id}`, undefined, reopened.headers.etag).expect(204);
    });

    it('restore of a violating version answers with its warning', async () => {
      const created = await send('post', POINTS, point(INSIDE, 'operating', '恢复警示点')).expect(201);
      const id = created.body.id as number;
      const closed = await send('patch', `${POINTS}/${id}`, { properties: { status: 'closed' } }, created.headers.etag).expect(200);
      const restored = await send('post', `/api/features/coal_sales_points/${id}/restore`, { version: 1 }, closed.headers.etag).expect(200);
      const f = withWarnings.parse(restored.body);
      expect(f.warnings.map((w) => w.code)).toEqual(['RULE_VIOLATION']);
      expect(await violationsOf(id)).toHaveLength(1);
    });
  });

  describe('many features at once', () => {
    it('import: the report warns per rule with the count and the ids of the new features that break it', async () => {
      const csv = [
        'name,status,lng,lat',
        `导入点甲,operating,${INSIDE}`,
        `导入点乙,suspected,${INSIDE[0] + 0.001},${INSIDE[1]}`,
        `导入点丙,closed,${INSIDE}`,
      ].join('\n');
      const r = (
        await postImport(app, 'coal_sales_points', { name: 'p.csv', data: Buffer.from(csv) })
          .set('Authorization', editor.bearer)
          .expect(200)
      ).body as {
        imported: number;
        warnings: { code: string }[];
      };
      expect(r.imported).toBe(3);
      const rule = r.warnings.filter((w) => w.code.startsWith('RULE_')).map((w) => ruleWarningSchema.parse(w));
      expect(rule).toHaveLength(1);
      const ids = await db().query<{ id: string }>(
        `SELECT id::text FROM features WHERE layer_id = 'coal_sales_points' AND name IN ('导入点甲', '导入点乙') ORDER BY id`,
      );
      expect(rule[0]).toMatchObject({ rule: 'coal_ban.sales_point', count: 2, featureIds: ids.map((x) => x.id) });
      expect(rule[0]!.zh).toContain('2 个要素');
      // a dry run writes nothing and so warns of nothing yet
      const dry = (await postImport(app, 'coal_sales_points', { name: 'p.csv', data: Buffer.from(csv) }, 'dryRun=true').set('Authorization', editor.bearer))
        .body as { warnings: { code: string }[] };
      expect(dry.warnings.map((w) => w.code)).not.toContain('RULE_VIOLATION');
    });

    it('import of more flagged features than the warning lists: the count of all, the first 100 ids, as the violations endpoint has them', async () => {
      // 130 operating points inside the zone, 20 closed ones inside, 10 operating ones outside (turf decides)
      const at = (i: number, base: [number, number]): [number, number] => [base[0] + (i % 13) * 0.0002, base[1] + Math.floor(i / 13) * 0.0002];
      const rows = [
        ...Array.from({ length: 130 }, (_, i) => ({ name: `批量点${i}`, status: 'operating', p: at(i, INSIDE) })),
        ...Array.from({ length: 20 }, (_, i) => ({ name: `批量关停${i}`, status: 'closed', p: at(i, INSIDE) })),
        ...Array.from({ length: 10 }, (_, i) => ({ name: `批量外${i}`, status: 'operating', p: at(i, OUTSIDE) })),
      ];
      const flagged = rows.filter((r) => r.status === 'operating' && booleanPointInPolygon(r.p, ZONE.geometry));
      expect(flagged).toHaveLength(130);
      const csv = ['name,status,lng,lat', ...rows.map((r) => `${r.name},${r.status},${r.p}`)].join('\n');
      const r = (
        await postImport(app, 'coal_sales_points', { name: 'many.csv', data: Buffer.from(csv) })
          .set('Authorization', editor.bearer)
          .expect(200)
      ).body as { imported: number; warnings: { code: string }[] };
      expect(r.imported).toBe(160);
      const rule = r.warnings.filter((w) => w.code.startsWith('RULE_')).map((w) => ruleWarningSchema.parse(w));
      const ids = await db().query<{ id: string }>(
        `SELECT f.id::text AS id FROM features f WHERE f.layer_id = 'coal_sales_points' AND f.name LIKE '批量点%' ORDER BY f.id`,
      );
      expect(ids).toHaveLength(130);
      const listed = (
        (await request(app).get('/api/violations?rule=coal_ban.sales_point').expect(200)).body as { violations: { featureId: string; outcome: string }[] }
      ).violations.filter((v) => ids.some((x) => x.id === v.featureId));
      expect(listed.every((v) => v.outcome === 'violation')).toBe(true);
      expect(rule).toEqual([
        expect.objectContaining({ code: 'RULE_VIOLATION', rule: 'coal_ban.sales_point', count: listed.length, featureIds: ids.slice(0, 100).map((x) => x.id) }),
      ]);
      expect(listed).toHaveLength(130);
      expect(rule[0]!.zh).toContain('130 个要素');
      // the same answer from slices of 7 ids asked together (a large import's ids are sliced), in shuffled order
      const written = (await db().query<{ id: string }>(`SELECT id::text AS id FROM features WHERE layer_id = 'coal_sales_points' AND name LIKE '批量%'`)).map(
        (x) => Number(x.id),
      );
      expect(written).toHaveLength(160);
      const shuffled = [...written].sort((a, b) => ((a * 7919) % 151) - ((b * 7919) % 151));
      expect(await ruleWarnings(db(), 'coal_sales_points', shuffled, undefined, 7)).toEqual(rule);
    });

    it('undo of a deletion brings the site back with its warning', async () => {
      const created = await send('post', POINTS, point(INSIDE, 'operating', '撤销警示点')).expect(201);
      const id = created.body.id as number;
      await send('delete', `${POINTS}/${id}`, undefined, created.headers.etag).expect(204);
      const hist = await request(app).get(`/api/features/coal_sales_points/${id}/history`).set('Authorization', editor.bearer).expect(200);
      const deletion = (hist.body.entries as { eventId: number; action: string }[]).find((e) => e.action === 'delete')!;
      const undone = undoResponseSchema.parse((await send('post', `/api/history/events/${deletion.eventId}/undo`).expect(200)).body);
      expect(undone.warnings).toEqual([expect.objectContaining({ code: 'RULE_VIOLATION', featureIds: [String(id)], count: 1 })]);
    });
  });
});
