/**
 * The PDF reports, read back with poppler's pdftotext/pdfinfo (an independent reader): Chinese text
 * is extractable (fonts embedded), the title, plan, street office names and disclaimer are there,
 * and the page count is as laid out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { coverageResponseSchema } from '../../server/features/coverage/coverage.contract.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { fromWgs84 } from '../../server/lib/crs.ts';
import { PATHS } from '../../server/paths.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string(), messageZh: z.string() }) });
const dir = mkdtempSync(join(tmpdir(), 'pc-reports-'));

/** Text (layout-free, whitespace removed so wrapped lines join) and page count of a PDF. */
function readPdf(pdf: Buffer, name: string) {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), info, fonts };
}

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    await seedDemo(db(), PATHS.demoSeeds);
  }, 120_000);

  describe('核查报告 GET /api/reports/check.pdf', () => {
    it('is an A4 PDF with the title, plan, zones, articles, distances, disclaimer and link, fonts embedded', async () => {
      const check = (await request(app).get('/api/check').query({ lng: 113.3, lat: 40.09 }).expect(200)).body as {
        zones: { layer: string; name: string }[];
        rules: { article: string }[];
      };
      const res = await binary(request(app).get('/api/reports/check.pdf').query({ lng: 113.3, lat: 40.09 }));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = readPdf(res.body as Buffer, 'check.pdf');
      expect(pdf.text).toContain('点位核查报告');
      expect(pdf.text).toContain('大同市平城区空气质量再提升2023年行动计划');
      expect(pdf.text).toContain('示意数据，非官方');
      for (const z of check.zones) expect(pdf.text).toContain(z.name.replace(/\s+/g, ''));
      // a list of articles reads as the plan writes it: 第4、6、7条, never 第4,6,7条
      for (const r of check.rules) expect(pdf.text).toContain(`第${r.article.split(/\s*,\s*/).join('、')}条`);
      expect(pdf.text).toContain('距边界');
      expect(pdf.text).toContain('check=113.300000,40.090000');
      expect(pdf.info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
      expect(pdf.pages).toBe(3);
      expect(pdf.fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/); // embedded, subset
    });

    it('takes EPSG:4547 x/y and prints both coordinate systems', async () => {
      const [x, y] = fromWgs84('epsg4547', 113.26, 40.06);
      const res = await binary(
        request(app)
          .get('/api/reports/check.pdf')
          .query({ x: x.toFixed(3), y: y.toFixed(3), crs: 'epsg4547' }),
      );
      expect(res.status).toBe(200);
      const pdf = readPdf(res.body as Buffer, 'check-gk.pdf');
      expect(pdf.text).toContain('EPSG:4547');
      expect(pdf.text).toContain(`x（东）${x.toFixed(3)}`.replace(/\s+/g, ''));
      expect(pdf.text).toContain('经度113.26');
    });

    it('refuses bad coordinates with the site check’s coded 400', async () => {
      const res = await request(app).get('/api/reports/check.pdf').query({ lng: '40.08', lat: '113.3' });
      expect(res.status).toBe(400);
      expect(errorResponse.parse(res.body).error.code).toBe('INVALID_COORDINATES');
      expect((await request(app).get('/api/reports/check.pdf')).status).toBe(400);
    });
  });

  describe('月报 GET /api/reports/monthly.pdf', () => {
    it('prints coverage against the target with every street office, the gap list and findings by article', async () => {
      const cov = coverageResponseSchema.parse((await request(app).get('/api/coverage').expect(200)).body);
      const found = (await request(app).get('/api/violations').expect(200)).body as { counts: { total: number } };
      const res = await binary(request(app).get('/api/reports/monthly.pdf').query({ month: '2023-10' }));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = readPdf(res.body as Buffer, 'monthly.pdf');
      expect(pdf.text).toContain('平城区大气污染防治月报');
      expect(pdf.text).toContain('2023年10月');
      expect(pdf.text).toContain('示意数据，非官方');
      for (const s of cov.byStreet) expect(pdf.text).toContain(s.name);
      expect(pdf.text).toContain(`覆盖率${cov.coveragePct!.toFixed(1)}%，目标100%`);
      for (const g of cov.uncovered) expect(pdf.text).toContain(`经度${g.lng.toFixed(5)}，纬度${g.lat.toFixed(5)}`);
      expect(pdf.text).toContain(`共${found.counts.total}条问题线索`);
      expect(pdf.pages).toBe(3);
      expect(pdf.info).toMatch(/A4/);
    });

    it('narrows to one street office by its division code', async () => {
      const cov = coverageResponseSchema.parse((await request(app).get('/api/coverage').expect(200)).body);
      const street = cov.byStreet.find((s) => s.code && s.builtUpM2 > 0)!;
      const found = (await request(app).get('/api/violations').query({ street: street.code! }).expect(200)).body as { counts: { total: number } };
      const res = await binary(request(app).get('/api/reports/monthly.pdf').query({ month: '2023-11', street: street.code! }));
      expect(res.status).toBe(200);
      const pdf = readPdf(res.body as Buffer, 'monthly-street.pdf');
      expect(pdf.text).toContain(`${street.name}大气污染防治月报`);
      expect(pdf.text).toContain(`覆盖率${street.coveragePct!.toFixed(1)}%`);
      expect(pdf.text).toContain(`共${found.counts.total}条问题线索`);
      const others = cov.byStreet.filter((s) => s.name !== street.name && !street.name.includes(s.name) && !s.name.includes(street.name));
      expect(others.filter((s) => pdf.text.includes(s.name)).map((s) => s.name)).toEqual([]);
    });

    it.each([
      ['no month', {}, 'INVALID_PARAMETER'],
      ['bad month', { month: '2023-13' }, 'INVALID_PARAMETER'],
      ['unknown street', { month: '2023-10', street: 'nowhere' }, 'UNKNOWN_STREET'],
    ] as const)('%s → 400', async (_name, query, code) => {
      const res = await request(app).get('/api/reports/monthly.pdf').query(query);
      expect(res.status).toBe(400);
      expect(errorResponse.parse(res.body).error.code).toBe(code);
    });
  });
});
