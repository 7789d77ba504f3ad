/**
 * The street offices keep their official names and codes, so while their boundaries are demo data
 * every human-facing output that lists street names says so: the 核查报告 and 月报 (read back with
 * pdftotext), the ledger's CSV/XLSX and the batch XLSX (a marked column header), the streets
 * layer's own CSV/KML with labels=zh (the 示意数据 column). Machine keys stay the official names.
 * Once the boundaries are official (is_demo false) the marks go: the test could fail either way.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const NOTE = '街道边界为示意数据，所属街道办事处仅供参考。';
const MARKED = '街道办事处（示意边界）';
const dir = mkdtempSync(join(tmpdir(), 'pc-streets-demo-'));

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** pdftotext's text with whitespace removed (wrapped lines join). */
function pdfText(pdf: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

async function xlsxHeader(body: Buffer, sheet: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return (wb.getWorksheet(sheet)!.getRow(1).values as unknown[]).slice(1).map(String);
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  /** One street office and a point inside it (PostGIS's point on surface). */
  let street: { name: string; code: string; lng: number; lat: number };

  beforeAll(async () => {
    app = testApp(db());
    await seedDemo(db(), PATHS.demoSeeds);
    const [row] = await db().query<{ name: string; code: string; lng: number; lat: number }>(
      `SELECT name, properties ->> 'code' AS code, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat
         FROM features WHERE layer_id = 'streets' AND is_demo ORDER BY id LIMIT 1`,
    );
    street = row!;
  }, 120_000);

  const outputs = async () => {
    const at = { lng: street.lng.toFixed(6), lat: street.lat.toFixed(6) };
    const check = (await request(app).get('/api/check').query(at).expect(200)).body as { zones: { layer: string; name: string }[] };
    const checkPdf = pdfText((await binary(request(app).get('/api/reports/check.pdf').query(at)).expect(200)).body as Buffer, 'check.pdf');
    const monthly = pdfText((await binary(request(app).get('/api/reports/monthly.pdf').query({ month: '2023-10' })).expect(200)).body as Buffer, 'monthly.pdf');
    const casesCsv = (await request(app).get('/api/cases.csv').expect(200)).text;
    const casesXlsx = await xlsxHeader((await binary(request(app).get('/api/cases.xlsx')).expect(200)).body as Buffer, '案件');
    const batchXlsx = await xlsxHeader(
      (
        await binary(
          request(app)
            .post('/api/check/batch?format=xlsx')
            .send({ points: [{ x: street.lng, y: street.lat }] }),
        ).expect(200)
      ).body as Buffer,
      '筛查结果',
    );
    const streetsCsv = parse((await request(app).get('/api/layers/streets/export.csv?labels=zh').expect(200)).text.replace(/^\uFEFF/, ''), {
      columns: true,
    }) as Record<string, string>[];
    return {
      check,
      checkPdf,
      monthly,
      casesHeader: casesCsv
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0]!
        .split(','),
      casesXlsx,
      batchXlsx,
      streetsCsv,
    };
  };

  describe('street offices on demo boundaries', () => {
    it('are marked wherever a report or a human-facing export lists them; the JSON keeps the official name', async () => {
      const o = await outputs();
      // machine keys: the official name, no marker
      expect(o.check.zones.find((z) => z.layer === 'streets')?.name).toBe(street.name);
      expect(street.name).not.toContain('示意');
      const { violations } = (await request(app).get('/api/violations').expect(200)).body as { violations: { streetName?: string }[] };
      expect(violations.some((v) => v.streetName)).toBe(true);
      expect(violations.filter((v) => v.streetName?.includes('示意'))).toEqual([]);
      // PDFs
      expect(o.checkPdf).toContain(`所在街道办事处：${street.name}（示意边界）`);
      expect(o.checkPdf).toContain(NOTE);
      expect(o.monthly).toContain(NOTE);
      // spreadsheets: the street column's header
      expect(o.casesHeader).toContain(MARKED);
      expect(o.casesXlsx).toContain(MARKED);
      expect(o.batchXlsx).toContain(MARKED);
      // the layer itself: every row says 示意数据 是
      expect(o.streetsCsv.length).toBeGreaterThan(0);
      expect(o.streetsCsv.every((r) => r.示意数据 === '是')).toBe(true);
      const kml = (await request(app).get('/api/layers/streets/export.kml?labels=zh').expect(200)).text;
      expect(kml).toContain('示意数据');
    });

    it('lose the mark once the boundaries are official', async () => {
      await db().query(`UPDATE features SET is_demo = false WHERE layer_id = 'streets'`);
      const o = await outputs();
      expect(o.checkPdf).toContain(`所在街道办事处：${street.name}`);
      expect(o.checkPdf).not.toContain('示意边界');
      expect(o.checkPdf).not.toContain(NOTE);
      expect(o.monthly).not.toContain(NOTE);
      expect(o.casesHeader).toContain('街道办事处');
      expect(o.casesHeader).not.toContain(MARKED);
      expect(o.casesXlsx).not.toContain(MARKED);
      expect(o.batchXlsx).toContain('街道办事处');
      expect(o.streetsCsv.every((r) => r.示意数据 === '否')).toBe(true);
    });
  });
});
