/**
 * Required attributes on every write path (#17), on both databases: a coal-ban zone without its
 * designating decree (划定文号) or effective date (生效日期) — absent, null or blank — is refused on
 * create, replace, patch and restore with 422 REQUIRED_ATTRIBUTES_MISSING naming the fields in both
 * languages, and nothing is written; an import rejects such rows one by one (REQUIRED_MISSING, the
 * fields named) and writes the rest, or nothing under strict=true. A zone stored before the rule
 * (no decree) stays readable and deletable; its next edit must supply both fields.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZONE } from '../fixtures/edit/features.ts';
import { layerState, postImport } from '../fixtures/io/helpers.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const ITEMS = '/ogc/collections/coal_ban_zones/items';
const { decree: _d, effective_date: _e, ...UNDESIGNATED } = ZONE.properties as Record<string, unknown>;

const geojson = (features: unknown[]) => ({ name: 'zones.geojson', data: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) });

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(db());
  });

  const expectMissing = (res: request.Response, missing: string[]) => {
    expect(res.status, res.text.slice(0, 300)).toBe(422);
    expect(res.body.error.code).toBe('REQUIRED_ATTRIBUTES_MISSING');
    expect(res.body.error.details).toEqual({ layer: 'coal_ban_zones', missing });
    const labels: Record<string, [string, string]> = { decree: ['划定文号', 'Designating decree'], effective_date: ['生效日期', 'Effective date'] };
    for (const key of missing) {
      expect(res.body.error.messageZh).toContain(labels[key]![0]);
      expect(res.body.error.message).toContain(labels[key]![1]);
    }
    for (const key of Object.keys(labels).filter((k) => !missing.includes(k))) expect(res.body.error.messageZh).not.toContain(labels[key]![0]);
  };

  describe('create', () => {
    it.each([
      ['both absent', UNDESIGNATED, ['decree', 'effective_date']],
      ['decree null', { ...UNDESIGNATED, decree: null, effective_date: '2020-10-15' }, ['decree']],
      ['decree blank', { ...UNDESIGNATED, decree: '  ', effective_date: '2020-10-15' }, ['decree']],
      ['date empty', { ...UNDESIGNATED, decree: TEST_DESIGNATION.decree, effective_date: '' }, ['effective_date']],
    ])('%s: 422 naming the fields, nothing written', async (_name, properties, missing) => {
      const before = await layerState(db(), 'coal_ban_zones');
      expectMissing(
        await request(app)
          .post(ITEMS)
          .send({ ...ZONE, properties }),
        missing,
      );
      expect(await layerState(db(), 'coal_ban_zones')).toEqual(before);
    });

    it('with both fields: 201', async () => {
      const res = await request(app).post(ITEMS).send(ZONE).expect(201);
      expect(res.body.properties).toMatchObject(TEST_DESIGNATION);
    });

    it("the rule is the catalogue's: another layer's required attribute answers the same way", async () => {
      const res = await request(app)
        .post('/ogc/collections/construction_sites/items')
        .send({ type: 'Feature', properties: { name: '缺类型工地', status: 'active' }, geometry: { type: 'Point', coordinates: [113.3, 40.09] } });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'REQUIRED_ATTRIBUTES_MISSING', details: { layer: 'construction_sites', missing: ['site_type'] } });
      expect(res.body.error.messageZh).toContain('工地类型');
    });
  });

  describe('edit', () => {
    it('PATCH clearing the decree and PUT without the date are refused; the zone stays as it was', async () => {
      const made = await request(app).post(ITEMS).send(ZONE).expect(201);
      const url = `${ITEMS}/${made.body.id}`;
      const etag = made.headers.etag as string;
      expectMissing(
        await request(app)
          .patch(url)
          .set('If-Match', etag)
          .send({ properties: { decree: null } }),
        ['decree'],
      );
      expectMissing(
        await request(app)
          .put(url)
          .set('If-Match', etag)
          .send({ ...ZONE, properties: { ...ZONE.properties, effective_date: undefined } }),
        ['effective_date'],
      );
      const now = await request(app).get(url).expect(200);
      expect(now.headers.etag).toBe(etag);
      expect(now.body.properties).toMatchObject(TEST_DESIGNATION);
    });

    it('a zone stored before the rule is read and deleted as before; its next edit must name both fields', async () => {
      const [row] = await db().query<{ id: string }>(
        `INSERT INTO features (layer_id, name, properties, geom)
         VALUES ('coal_ban_zones', '旧禁煤区（无文号）', '{"code":"OLD-1"}', ST_GeomFromText('POLYGON((113.2 40.0,113.21 40.0,113.21 40.01,113.2 40.0))', 4326))
         RETURNING id::text`,
      );
      const url = `${ITEMS}/${row!.id}`;
      const got = await request(app).get(url).expect(200);
      expect(got.body.properties).toMatchObject({ code: 'OLD-1' });
      const etag = got.headers.etag as string;
      expectMissing(
        await request(app)
          .patch(url)
          .set('If-Match', etag)
          .send({ properties: { note: '补录' } }),
        ['decree', 'effective_date'],
      );
      const fixed = await request(app)
        .patch(url)
        .set('If-Match', etag)
        .send({ properties: { note: '补录', ...TEST_DESIGNATION } })
        .expect(200);
      expect(fixed.body.properties).toMatchObject({ code: 'OLD-1', note: '补录', ...TEST_DESIGNATION });
      // restoring the version without a decree would undo the fix: refused the same way
      expectMissing(
        await request(app)
          .post(`/api/features/coal_ban_zones/${row!.id}/restore`)
          .set('If-Match', fixed.headers.etag as string)
          .send({ version: 1 }),
        ['decree', 'effective_date'],
      );
      await request(app)
        .delete(url)
        .set('If-Match', fixed.headers.etag as string)
        .expect(204);
    });
  });

  describe('import', () => {
    const ring = [
      [113.22, 40.02],
      [113.23, 40.02],
      [113.23, 40.03],
      [113.22, 40.02],
    ];
    const zone = (name: string, props: Record<string, unknown>) => ({
      type: 'Feature',
      properties: { name, ...props },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const file = geojson([
      zone('有文号禁煤区', TEST_DESIGNATION),
      zone('无文号禁煤区', { effective_date: '2020-10-15' }),
      zone('都没有的禁煤区', { decree: '' }),
    ]);

    it('rejects each row that lacks a field, naming it; writes the others', async () => {
      const dry = await postImport(app, 'coal_ban_zones', file, 'dryRun=true').expect(200);
      expect(dry.body).toMatchObject({ total: 3, imported: 1, rejectedCount: 2 });
      expect(dry.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
        [1, 'REQUIRED_MISSING'],
        [2, 'REQUIRED_MISSING'],
      ]);
      expect(dry.body.rejected[0].reason).toMatch(/decree \(划定文号/);
      expect(dry.body.rejected[0].reason).not.toMatch(/effective_date/);
      expect(dry.body.rejected[1].reason).toMatch(/decree \(划定文号.*effective_date \(生效日期/);

      const before = await layerState(db(), 'coal_ban_zones');
      const real = await postImport(app, 'coal_ban_zones', file).expect(200);
      expect(real.body).toMatchObject({ imported: 1, rejectedCount: 2 });
      const names = await db().query<{ name: string }>(`SELECT name FROM features WHERE layer_id = 'coal_ban_zones' AND id > $1 ORDER BY id`, [
        Math.max(0, ...(before.ids ?? '').split(',').map(Number)),
      ]);
      expect(names.map((r) => r.name)).toEqual(['有文号禁煤区']);
    });

    it('strict=true: 422 IMPORT_REJECTED and nothing written', async () => {
      const before = await layerState(db(), 'coal_ban_zones');
      const res = await postImport(app, 'coal_ban_zones', file, 'strict=true').expect(422);
      expect(res.body.error.code).toBe('IMPORT_REJECTED');
      expect(await layerState(db(), 'coal_ban_zones')).toEqual(before);
    });
  });
});
