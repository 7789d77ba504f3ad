/**
 * The 月报's ledger section on both databases: cases opened and moved through the workflow by the
 * API, their steps then dated into September and October 2023 in the database; the October report,
 * read back with pdftotext, counts the month's steps, the cases open and overdue at its end, and the
 * same figures for September beside them. A month with no cases says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { getBuffer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'pc-ledger-report-'));

async function reportText(app: ReturnType<typeof testApp>, query: Record<string, string>, name: string): Promise<string> {
  const res = await getBuffer(app, `/api/reports/monthly.pdf?${new URLSearchParams(query)}`);
  expect(res.status).toBe(200);
  const path = join(dir, name);
  writeFileSync(path, res.body as Buffer);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    // five complaints at map points; deadlines far off except case 4's
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const deadline = i === 4 ? '2023-10-15' : '2023-12-31';
      const res = await request(app)
        .post('/api/cases')
        .send({ lng: 113.25 + i * 0.01, lat: 40.05, title: `扬尘投诉${i}`, deadline })
        .expect(201);
      ids.push(res.body.case.id as number);
    }
    // case 3 is rectified
    for (const to of ['assigned', 'rectifying', 'rectified']) await request(app).post(`/api/cases/${ids[2]}/transitions`).send({ to }).expect(200);
    // dates: cases 1–2 opened in September, 3–5 in October; case 3's steps on 5, 10 and 20 October (Beijing time)
    const at = (day: string) => `${day}T10:00:00+08:00`;
    const opened = ['2023-09-05', '2023-09-28', '2023-10-02', '2023-10-03', '2023-10-31'];
    for (const [i, id] of ids.entries()) {
      await db().query('UPDATE case_transitions SET at = $2::timestamptz WHERE case_id = $1 AND from_status IS NULL', [id, at(opened[i]!)]);
      await db().query('UPDATE cases SET deadline = $2::date WHERE id = $1', [id, i === 3 ? '2023-10-15' : '2023-12-31']);
    }
    for (const [to, day] of [
      ['assigned', '2023-10-05'],
      ['rectifying', '2023-10-10'],
      ['rectified', '2023-10-20'],
    ] as const)
      await db().query('UPDATE case_transitions SET at = $3::timestamptz WHERE case_id = $1 AND to_status = $2', [ids[2], to, at(day)]);
  }, 120_000);

  it('counts October against September: opened, rectified, open and overdue at month end, by status', async () => {
    const text = await reportText(app, { month: '2023-10' }, `oct-${Math.random()}.pdf`);
    expect(text).toContain('五、整改台账进展（10月，与9月对比）');
    expect(text).toContain('本月立案：3件（9月2件，增加1）');
    expect(text).toContain('本月整改完成：1件（9月0件，增加1）');
    expect(text).toContain('本月办结：0件（9月0件，持平）');
    expect(text).toContain('月末在办：5件（9月2件，增加3）');
    // case 4 (found, deadline 15 October) is overdue at the end of October, nothing at the end of September
    expect(text).toContain('月末逾期：1件（9月0件，增加1）');
    expect(text).toContain('月末案件状态（共5件）');
  });

  it('counts only what existed then: September has two cases, August none', async () => {
    const sep = await reportText(app, { month: '2023-09' }, `sep-${Math.random()}.pdf`);
    expect(sep).toContain('本月立案：2件（8月0件，增加2）');
    expect(sep).toContain('月末案件状态（共2件）');
    const aug = await reportText(app, { month: '2023-08' }, `aug-${Math.random()}.pdf`);
    expect(aug).toContain('截至本月末，台账中没有案件。');
  });

  it('compares January with the December before it, and a deadline passes when its day ends', async () => {
    const jan = await reportText(app, { month: '2024-01' }, `jan-${Math.random()}.pdf`);
    expect(jan).toContain('五、整改台账进展（1月，与12月对比）');
    // all five still open; at the end of 31 December the deadline of cases 1, 2 and 5 has passed too
    // (case 4's since October); case 3 is rectified, so not overdue
    expect(jan).toContain('月末在办：5件（12月5件，持平）');
    expect(jan).toContain('月末逾期：4件（12月4件，持平）');
    const nov = await reportText(app, { month: '2023-11' }, `nov-${Math.random()}.pdf`);
    expect(nov).toContain('月末逾期：1件（10月1件，持平）');
  });
});
