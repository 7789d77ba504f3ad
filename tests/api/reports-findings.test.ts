/**
 * The 月报's findings beside the previous month's, on both databases. Findings are evaluated
 * against today's features (asOf decides only which dated rules are in force), so a past month is
 * compared from the snapshots of migration 011: December 2025 recorded by the month-end run just
 * after it ended; then one more loose-coal sales point opens inside a coal-ban zone; the January
 * 2026 report (January over, no snapshot yet) records January as read then and sets it beside
 * December — read back with pdftotext. Once recorded, a month stays as it was; a month whose
 * previous one has no snapshot says it is not compared; the month-end run is for admins, and only
 * for this month or the last.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { monthEndSnapshot } from '../../server/features/reports/findings-snapshot.service.ts';
import { snapshotResponseSchema } from '../../server/features/reports/reports.contract.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { getBuffer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-findings-report-'));

async function reportText(app: ReturnType<typeof testApp>, query: Record<string, string>): Promise<string> {
  const res = await getBuffer(app, `/api/reports/monthly.pdf?${new URLSearchParams(query)}`);
  expect(res.status).toBe(200);
  const path = join(dir, `${query.month}-${Math.random()}.pdf`);
  writeFileSync(path, res.body as Buffer);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const countsOnly = z.object({ counts: z.object({ total: z.number(), byStreet: z.record(z.string(), z.number()) }) });

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let december: number;
  let january: number;
  let janByStreet: Record<string, number>;

  /** A new loose-coal sales point in business inside the first coal-ban zone. */
  async function newSalesPoint(name: string) {
    const [p] = await db().query<{ x: number; y: number }>(
      "SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_PointOnSurface(geom) AS g FROM features WHERE layer_id = 'coal_ban_zones' ORDER BY id LIMIT 1) s",
    );
    await insertFixture(db(), 'coal_sales_points', {
      type: 'Feature',
      properties: { name, status: 'operating' },
      geometry: { type: 'Point', coordinates: [p!.x, p!.y] },
    });
  }

  beforeAll(async () => {
    app = testApp(db());
    await seedDemo(db(), PATHS.demoSeeds);
    december = countsOnly.parse((await request(app).get('/api/violations?countsOnly=true').expect(200)).body).counts.total;
    // the scheduled run five minutes after December ended (Beijing time)
    const snap = snapshotResponseSchema.parse(await monthEndSnapshot(db(), '2025-12', Date.parse('2026-01-01T00:05:00+08:00')));
    expect(snap).toMatchObject({ month: '2025-12', basis: 'month_end', created: true, takenAt: '2026-01-01T00:05' });
    expect(snap.rows.reduce((s, r) => s + r.n, 0)).toBe(december);
    await newSalesPoint('一月新开散煤点');
    const jan = countsOnly.parse((await request(app).get('/api/violations?countsOnly=true').expect(200)).body).counts;
    january = jan.total;
    janByStreet = jan.byStreet;
    expect(january).toBe(december + 1);
  }, 120_000);

  it('sets January beside December, says what each month rests on, and keeps January once recorded', async () => {
    const text = await reportText(app, { month: '2026-01' });
    expect(text).toContain('三、问题线索（按行动计划条款，与12月对比）');
    expect(text).toContain(`共${january}条问题线索（12月${december}条，增加1）`);
    expect(text).toContain('12月数据：月末快照（2026-01-0100:05记录）');
    expect(text).toContain('1月数据：该月结束后首次生成月报时');
    expect(text).toMatch(/第6条禁煤区内散煤销售点：\d+条（12月\d+条，增加1）/);
    expect(text).toContain('四、问题线索（按街道办事处，与12月对比）');
    expect(text).toContain('不回溯要素的历史版本');

    // January is recorded now: another sales point does not change it
    await newSalesPoint('二月新开散煤点');
    const again = await reportText(app, { month: '2026-01' });
    expect(again).toContain(`共${january}条问题线索（12月${december}条，增加1）`);
  });

  it('for one street office, its own figures from the same snapshots', async () => {
    const [code, n] = Object.entries(janByStreet).sort((a, b) => b[1] - a[1])[0]!;
    const cov = z
      .object({ byStreet: z.array(z.object({ code: z.string().nullish(), name: z.string() })) })
      .parse((await request(app).get('/api/coverage').expect(200)).body);
    const name = cov.byStreet.find((s) => s.code === code)!.name;
    const text = await reportText(app, { month: '2026-01', street: code });
    expect(text).toContain(`${name}大气污染防治月报`);
    expect(text).toMatch(new RegExp(`共${n}条问题线索（12月\\d+条`));
  });

  it('does not compare with a month that has no snapshot', async () => {
    const text = await reportText(app, { month: '2025-11' });
    expect(text).toContain('10月没有记录问题线索快照，不作比较');
    expect(text).not.toContain('（10月');
  });

  describe('the month-end run', () => {
    it('is for admins', async () => {
      const anon = testApp(db(), {}, { actAs: 'anonymous' });
      await request(anon).post('/api/reports/findings-snapshots').expect(401);
    });
    it('records this month once, and refuses a month long past with a coded 400 that writes nothing', async () => {
      const first = snapshotResponseSchema.parse((await request(app).post('/api/reports/findings-snapshots').expect(200)).body);
      expect(first.basis).toBe('month_end');
      const second = snapshotResponseSchema.parse((await request(app).post('/api/reports/findings-snapshots').expect(200)).body);
      expect(second).toMatchObject({ month: first.month, created: false, takenAt: first.takenAt });
      const before = await db().query('SELECT month FROM findings_snapshots ORDER BY month');
      const bad = await request(app).post('/api/reports/findings-snapshots?month=2020-01').expect(400);
      expect(bad.body.error.code).toBe('SNAPSHOT_MONTH');
      expect(await db().query('SELECT month FROM findings_snapshots ORDER BY month')).toEqual(before);
    });
  });
});
