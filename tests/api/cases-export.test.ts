/** Bulk opening, the per-street and per-unit summary with the 预警 list, and the exports (XLSX read back with exceljs). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { bulkResponseSchema, caseListSchema, caseResponseSchema, summarySchema } from '../../server/features/cases/cases.contract.ts';
import { testApp } from '../helpers/app.ts';
import { addBrokenSite, addStreets, GUCHENG, RULE, YINGBIN } from '../helpers/cases.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { listen } from '../helpers/server.ts';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  const gucheng: number[] = [];
  const yingbin: number[] = [];

  beforeAll(async () => {
    app = testApp(db());
    await addStreets(db());
    for (const [i, lng] of [113.21, 113.22, 113.23].entries()) gucheng.push(await addBrokenSite(db(), `古城工地${i + 1}`, lng, 40.02));
    for (const [i, lng] of [113.41, 113.42].entries()) yingbin.push(await addBrokenSite(db(), `迎宾工地${i + 1}`, lng, 40.02));
  });

  it('opens cases for all new findings of a rule in one street, and only the new ones on a second run', async () => {
    const first = bulkResponseSchema.parse((await request(app).post('/api/cases/bulk').send({ rule: RULE, street: GUCHENG }).expect(201)).body);
    expect(first.created).toHaveLength(gucheng.length);
    expect(first.alreadyOpen).toEqual([]);
    const list = caseListSchema.parse((await request(app).get('/api/cases').query({ street: GUCHENG }).expect(200)).body);
    expect(list.cases.map((c) => Number(c.featureId)).sort()).toEqual([...gucheng].sort());
    expect(list.cases.every((c) => c.streetCode === GUCHENG && c.status === 'found')).toBe(true);
    const again = bulkResponseSchema.parse((await request(app).post('/api/cases/bulk').send({ rule: RULE, street: GUCHENG }).expect(201)).body);
    expect(again.created).toEqual([]);
    expect(again.alreadyOpen.sort()).toEqual([...first.created].sort());
    const yb = bulkResponseSchema.parse((await request(app).post('/api/cases/bulk').send({ rule: RULE, street: YINGBIN }).expect(201)).body);
    expect(yb.created).toHaveLength(yingbin.length);
    expect((await request(app).post('/api/cases/bulk').send({ rule: 'no.such' })).status).toBe(400);
  });

  it('counts open, overdue and rectified-this-month cases per street office and unit, ranks the streets, and lists the units to warn', async () => {
    const cases = caseListSchema.parse((await request(app).get('/api/cases').expect(200)).body).cases;
    const byFeature = new Map(cases.map((c) => [Number(c.featureId), c.id]));
    const step = (id: number, body: object) => request(app).post(`/api/cases/${id}/transitions`).send(body).expect(200);
    // Gucheng: two cases of unit A overdue (one older), one rectified; Yingbin: one case of unit B overdue
    await step(byFeature.get(gucheng[0]!)!, { to: 'assigned', unit: '甲公司', deadline: '2024-03-01' });
    await step(byFeature.get(gucheng[1]!)!, { to: 'assigned', unit: '甲公司', deadline: '2024-01-15' });
    const third = byFeature.get(gucheng[2]!)!;
    await step(third, { to: 'assigned', unit: '乙公司', deadline: '2024-01-01' });
    await step(third, { to: 'rectified', note: '已补齐围挡' });
    await step(byFeature.get(yingbin[0]!)!, { to: 'assigned', unit: '丙公司', deadline: '2024-02-01' });

    const s = summarySchema.parse((await request(app).get('/api/cases/summary').expect(200)).body);
    expect(s.streets).toEqual([
      { code: GUCHENG, name: '古城街道', open: 3, overdue: 2, rectifiedThisMonth: 1, rank: 1 },
      { code: YINGBIN, name: '迎宾街道', open: 2, overdue: 1, rectifiedThisMonth: 0, rank: 2 },
    ]);
    expect(s.units).toEqual(
      expect.arrayContaining([
        { unit: '甲公司', open: 2, overdue: 2, rectifiedThisMonth: 0 },
        { unit: '乙公司', open: 1, overdue: 0, rectifiedThisMonth: 1 },
        { unit: '丙公司', open: 1, overdue: 1, rectifiedThisMonth: 0 },
      ]),
    );
    expect(s.warnings).toEqual([
      { unit: '甲公司', overdue: 2, oldestCaseId: byFeature.get(gucheng[1]!)!, oldestDeadline: '2024-01-15', streetNames: ['古城街道'] },
      { unit: '丙公司', overdue: 1, oldestCaseId: byFeature.get(yingbin[0]!)!, oldestDeadline: '2024-02-01', streetNames: ['迎宾街道'] },
    ]);
    const overdue = caseListSchema.parse((await request(app).get('/api/cases').query({ overdue: 'true', unit: '甲公司' }).expect(200)).body);
    expect(overdue.counts).toMatchObject({ total: 2, overdue: 2, byStatus: { assigned: 2 } });
  });

  it('exports the cases as GeoJSON and CSV with the filters', async () => {
    const geo = await request(app).get('/api/cases.geojson').query({ street: YINGBIN }).expect(200);
    expect(geo.headers['content-disposition']).toMatch(/attachment; filename="?cases-\d{4}-\d{2}-\d{2}\.geojson/);
    const fc = JSON.parse(geo.text) as { features: Array<{ geometry: { coordinates: number[] }; properties: { streetCode: string; featureId: string } }> };
    expect(fc.features).toHaveLength(2);
    expect(fc.features.every((f) => f.properties.streetCode === YINGBIN)).toBe(true);
    expect(fc.features.map((f) => f.geometry.coordinates[0]).sort()).toEqual([113.41, 113.42]);
    const csv = await request(app).get('/api/cases.csv').query({ status: 'rectified' }).expect(200);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ 状态: '已整改', 责任单位: '乙公司', 街道办事处: '古城街道', 条款: '10' });
  });

  it('exports an XLSX with Chinese headers: a sheet of cases and a sheet of transitions', async () => {
    const res = await request(app).get('/api/cases.xlsx').buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await book.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['案件', '流转记录']);
    const cases = book.getWorksheet('案件')!;
    const header = (cases.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['案件编号', '问题线索', '条款', '街道办事处', '责任单位', '整改期限', '状态', '是否逾期']));
    expect(cases.rowCount).toBe(1 + 5);
    const col = (name: string) => header.indexOf(name) + 1;
    const statuses = Array.from({ length: 5 }, (_, i) => String(cases.getRow(i + 2).getCell(col('状态')).value));
    expect(statuses.sort()).toEqual(['交办', '交办', '交办', '发现', '已整改'].sort());
    const transitions = book.getWorksheet('流转记录')!;
    expect((transitions.getRow(1).values as unknown[]).slice(1)).toEqual(['案件编号', '时间', '办理人', '原状态', '新状态', '说明', '强制销号']);
    // 5 openings + 4 assignments + 1 rectification
    expect(transitions.rowCount).toBe(1 + 10);
  });

  it('serves the cases as a read-only OGC collection with paging', async () => {
    const page = await request(app).get('/ogc/collections/cases/items').query({ limit: 2 }).expect(200);
    expect(page.body).toMatchObject({ numberMatched: 5, numberReturned: 2 });
    expect(page.body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(true);
    const one = await request(app).get(`/ogc/collections/cases/items/${page.body.features[0].id}`).expect(200);
    expect(one.body).toMatchObject({ type: 'Feature', id: page.body.features[0].id, properties: { status: expect.any(String) } });
    expect(
      (
        await request(app)
          .post('/ogc/collections/cases/items')
          .send({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113.3, 40.1] } })
      ).status,
    ).toBeGreaterThanOrEqual(400);
    const first = caseResponseSchema.parse((await request(app).get(`/api/cases/${page.body.features[0].id}`).expect(200)).body).case;
    expect(one.body.properties.title).toBe(first.title);
  });

  it('is read by GDAL’s OAPIF driver, an independent client, page by page', async () => {
    const server = await listen(db());
    try {
      const { stdout } = await promisify(execFile)('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${server.url}/ogc`, 'cases', '-oo', 'PAGE_SIZE=2'], {
        maxBuffer: 16 * 1024 * 1024,
      });
      const fc = JSON.parse(stdout) as { features: Array<{ properties: { title: string; status: string } }> };
      const api = caseListSchema.parse((await request(app).get('/api/cases').expect(200)).body).cases;
      expect(fc.features.map((f) => f.properties.title).sort()).toEqual(api.map((c) => c.title).sort());
      expect(fc.features.map((f) => f.properties.status).sort()).toEqual(api.map((c) => c.status).sort());
    } finally {
      await server.close();
    }
  });
});
