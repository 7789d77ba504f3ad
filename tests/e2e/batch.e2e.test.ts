/**
 * Batch screening in a real browser against the real server: a spreadsheet generated here (exceljs,
 * GCJ-02 coordinates of demo sites under headers the panel cannot guess) is dropped on the panel,
 * the coordinate columns are mapped and the source answered (高德), and the screening is compared
 * with the API's own answer for the same points: the table's rows and verdicts, the rows drawn on
 * the map, both downloads read back, a row's 核查报告 read by pdftotext, and the print stylesheet.
 * The import dialog's column mapping, and a site check's report and printout, run here too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResponse } from '../../server/features/batch/batch.contract.ts';
import { fromWgs84 } from '../../server/lib/crs.ts';
import { openPage, shot, startHarness, waitForMapIdle, type Harness } from './harness.ts';

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'batch-e2e-'));
});
afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Site {
  name: string;
  wgs: [number, number];
}

/** Demo construction sites and coal boilers (inside and outside the zones), as the list's truth. */
async function demoSites(): Promise<Site[]> {
  const out: Site[] = [];
  for (const layer of ['construction_sites', 'boilers']) {
    const fc = (await (await fetch(`${h.url}/api/layers/${layer}/features`)).json()) as {
      features: { properties: { name: string }; geometry: { coordinates: [number, number] } }[];
    };
    out.push(...fc.features.slice(0, 6).map((f) => ({ name: f.properties.name, wgs: f.geometry.coordinates })));
  }
  return out;
}

/** The register as a street office would send it: a title row, then 序号/工程名称/X值/Y值/备注 in GCJ-02, one unreadable row. */
async function register(sites: readonly Site[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['平城区在建工程登记表（测试）']);
  ws.addRow(['序号', '工程名称', 'X值', 'Y值', '备注']);
  sites.forEach((s, i) => {
    const [x, y] = fromWgs84('gcj02', ...s.wgs);
    ws.addRow([i + 1, s.name, x, y, `备注${i + 1}`]);
  });
  ws.addRow([sites.length + 1, '坐标缺失的工程', '东经', 40.1, '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('batch screening', { timeout: 600_000 }, () => {
  it('drops a spreadsheet, maps its columns, screens it, draws it, downloads both files and prints a 核查报告', async () => {
    const sites = await demoSites();
    expect(sites.length).toBeGreaterThanOrEqual(8);
    const xlsx = await register(sites);

    // the API's answer for the same rows, as the panel will send them
    const points = sites.map((s, i) => {
      const [lng, lat] = fromWgs84('gcj02', ...s.wgs);
      return { name: s.name, lng, lat, 序号: i + 1 };
    });
    const apiRes = await fetch(`${h.url}/api/check/batch?crs=gcj02&near=50`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ points }),
    });
    expect(apiRes.status).toBe(200);
    const api = (await apiRes.json()) as BatchResponse;
    expect(api.results).toHaveLength(sites.length);
    const restricted = api.results.filter((r) => r.rules.length > 0).length;
    expect(restricted).toBeGreaterThan(0); // the demo sites include ones inside restricted zones
    expect(restricted).toBeLessThan(sites.length + 1);

    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    page.setDefaultTimeout(120_000); // two cores shared by many: clicks can wait long for a stable frame
    await page.locator('[data-testid=tab-batch]').click();
    const panel = page.locator('[data-testid=batch-panel]');
    await panel.waitFor();

    // drop the workbook on the drop zone (a real drop event carrying the file)
    await page.evaluate(
      ({ b64, name }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
        document.querySelector('[data-testid=batch-drop]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      { b64: xlsx.toString('base64'), name: '在建工程.xlsx' },
    );
    await page.waitForSelector('[data-testid=batch-panel][data-phase=mapping]', { timeout: 180_000 });
    const info = page.locator('[data-testid=batch-table-info]');
    expect(await info.getAttribute('data-format')).toBe('xlsx');
    expect(Number(await info.getAttribute('data-rows'))).toBe(sites.length + 1);
    // the name is guessed (工程名称), the coordinates are not: the run waits for them
    expect(await page.locator('[data-testid=column-mapping-name]').inputValue()).toBe('工程名称');
    expect(await page.locator('[data-testid=column-mapping-x]').inputValue()).toBe('');
    expect(await page.locator('[data-testid=batch-run]').isDisabled()).toBe(true);
    await page.locator('[data-testid=column-mapping-x]').selectOption('X值');
    await page.locator('[data-testid=column-mapping-y]').selectOption('Y值');
    // where did they come from? AMap (GCJ-02): the numbers alone suggest WGS84
    expect(await page.locator('[data-testid=coordinate-source]').getAttribute('data-crs')).toBe('wgs84');
    await page.locator('[data-testid=source-gcj02]').check();
    expect(await page.locator('[data-testid=coordinate-source]').getAttribute('data-crs')).toBe('gcj02');
    await shot(page, 'batch-1-mapping');

    await page.locator('[data-testid=batch-run]').click();
    // the answer, or the error the panel shows instead
    await page.waitForSelector('[data-testid=batch-panel][data-phase=done], [data-testid=batch-error]', { timeout: 180_000 });
    expect(await page.locator('[data-testid=batch-error]').allTextContents()).toEqual([]);

    // the table: every screened row with the API's verdict, the unreadable row rejected by number
    const rows = await page
      .locator('[data-testid=batch-table] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => ({ row: Number(tr.getAttribute('data-row')), verdict: tr.getAttribute('data-verdict') })));
    expect(rows).toEqual(api.results.map((r) => ({ row: r.row, verdict: r.rules.length > 0 ? 'restricted' : r.near.length > 0 ? 'near' : 'clear' })));
    const rejected = await page.locator('[data-testid=batch-rejected] tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row'))));
    expect(rejected).toEqual([sites.length + 1]);
    expect(Number(await page.locator('[data-testid=batch-counts] [data-verdict=restricted]').getAttribute('data-value'))).toBe(restricted);

    // the map: every row drawn (the camera frames them), the restricted ones flagged
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.batchDrawn !== undefined, null, {
      timeout: 180_000,
    });
    await waitForMapIdle(page);
    const map = page.locator('[data-testid=map]');
    expect(Number(await map.getAttribute('data-batch-drawn'))).toBe(api.results.length);
    expect(Number(await map.getAttribute('data-batch-flagged'))).toBeGreaterThan(0);
    await shot(page, 'batch-2-results');

    // XLSX download: the results sheet with Chinese headers, the input columns kept, every row
    const [xDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=batch-download-xlsx]').click()]);
    expect(xDownload.suggestedFilename()).toMatch(/^batch-check-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xPath = join(dir, 'out.xlsx');
    await xDownload.saveAs(xPath);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xPath);
    const sheet = wb.getWorksheet('筛查结果')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toEqual(expect.arrayContaining(['行号', '工程名称', 'X值', 'Y值', '备注', '街道办事处（示意边界）']));
    expect(sheet.actualRowCount - 1).toBe(api.results.length);
    const nameCol = header.indexOf('工程名称') + 1;
    expect(String(sheet.getRow(2).getCell(nameCol).value)).toBe(sites[0]!.name);
    expect(wb.getWorksheet('未通过行')!.actualRowCount - 1).toBe(1);

    // GeoJSON download: one point per screened row, at the API's WGS84 position
    const [gDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=batch-download-geojson]').click()]);
    expect(gDownload.suggestedFilename()).toMatch(/\.geojson$/);
    const gPath = join(dir, 'out.geojson');
    await gDownload.saveAs(gPath);
    const fc = JSON.parse(await readFile(gPath, 'utf8')) as { features: { geometry: { coordinates: number[] } }[] };
    expect(fc.features.map((f) => f.geometry.coordinates.slice(0, 2))).toEqual(api.results.map((r) => [r.point.lng, r.point.lat]));

    // choosing a row highlights it; its 核查报告 is the PDF of that site, in its input coordinates
    const first = api.results.find((r) => r.rules.length > 0)!;
    await page.locator(`[data-testid=batch-table] tbody tr[data-row="${first.row}"]`).click();
    expect(await page.locator(`[data-testid=batch-table] tbody tr[data-row="${first.row}"]`).getAttribute('aria-selected')).toBe('true');
    const href = await page.locator(`[data-testid=batch-table] tbody tr[data-row="${first.row}"] [data-testid=batch-report]`).getAttribute('href');
    expect(href).toContain('crs=gcj02');
    const pdf = await fetch(new URL(href!, h.url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const pdfPath = join(dir, 'report.pdf');
    await writeFile(pdfPath, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('点位核查报告');
    const zone = first.zones.find((z) => z.layer !== 'streets')!;
    expect(text).toContain(zone.name.replace(/\s+/g, ''));

    // printing: the results table without the map, the forms or the buttons
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.map-area').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=batch-drop]').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=batch-download-xlsx]').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=batch-table]').isVisible()).toBe(true);
    const tableBox = await page.locator('[data-testid=batch-table]').boundingBox();
    const viewport = page.viewportSize()!;
    expect(tableBox!.width).toBeGreaterThan(viewport.width * 0.8); // full width, not the 360 px sidebar
    await page.emulateMedia({ media: 'screen' });

    // on a laptop the table opens wide over the map, beside the side panel, and closes with Esc
    await page.setViewportSize({ width: 1366, height: 768 });
    const inSidebar = async () => (await page.locator('[data-testid=batch-table-panel]').boundingBox())!.width;
    expect(await inSidebar()).toBeLessThan(380);
    await page.locator('[data-testid=batch-wide]').click();
    expect(await page.locator('[data-testid=batch-wide]').getAttribute('aria-pressed')).toBe('true');
    const widePanel = (await page.locator('[data-testid=batch-table-panel]').boundingBox())!;
    const side = (await page.locator('.sidebar').boundingBox())!;
    const mapBox = (await page.locator('.map-area').boundingBox())!;
    expect(widePanel.x).toBeGreaterThanOrEqual(side.x + side.width); // beside the side panel, not under it
    expect(widePanel.x + widePanel.width).toBeLessThanOrEqual(mapBox.x + mapBox.width);
    expect(widePanel.width).toBeGreaterThan(900);
    await shot(page, 'batch-results-wide');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=batch-wide]').getAttribute('aria-pressed')).toBe('false');
    expect(await inSidebar()).toBeLessThan(380);

    expect(p.problems).toEqual([]);
    expect(p.external).toEqual([]);
    await p.close();
  });

  it('maps the columns of a register in the layer import dialog too, and remembers them for the layer', async () => {
    const layer = 'construction_sites';
    const csv = [
      '平城区在建工程登记表',
      '序号,工程名称,X值,Y值,site_type,status',
      '1,映射导入测试工程甲,113.3012,40.0861,building,active',
      '2,映射导入测试工程乙,113.2874,40.0952,road,active',
    ].join('\n');
    const before = (await (await fetch(`${h.url}/api/layers`)).json()) as { layers: { id: string; featureCount: number }[] };
    const count = before.layers.find((l) => l.id === layer)!.featureCount;

    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    page.setDefaultTimeout(120_000);
    await page.locator('[data-testid=import-button]').click();
    await page.locator('[data-testid=import-layer]').selectOption(layer);
    await page.locator('[data-testid=import-file]').setInputFiles({ name: '登记表.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // nobody can guess X值/Y值: the dry run says so, and the mapping step is there
    await page.locator('[data-testid=import-columns]').waitFor();
    await page.locator('[data-testid=import-error]').waitFor({ timeout: 180_000 });
    expect(await page.locator('[data-testid=import-columns-name]').inputValue()).toBe('工程名称');
    await page.locator('[data-testid=import-columns-x]').selectOption('X值');
    await page.locator('[data-testid=import-columns-y]').selectOption('Y值');
    await page.waitForSelector('[data-testid=import-dialog][data-phase=ready]', { timeout: 180_000 });
    expect(Number(await page.locator('[data-testid=import-count-imported]').getAttribute('data-value'))).toBe(2);
    await shot(page, 'batch-3-import-columns');
    await page.locator('[data-testid=import-confirm]').click();
    const summary = page.locator('[data-testid=import-summary]');
    await summary.waitFor({ timeout: 180_000 });
    expect(Number(await summary.getAttribute('data-imported'))).toBe(2);

    // written with the mapped names at the mapped positions
    const fc = (await (await fetch(`${h.url}/api/layers/${layer}/features`)).json()) as {
      features: { properties: { name: string }; geometry: { coordinates: number[] } }[];
    };
    const mine = fc.features.filter((f) => f.properties.name.startsWith('映射导入测试工程'));
    expect(mine.map((f) => [f.properties.name, f.geometry.coordinates.map((c) => Number(c.toFixed(6)))]).sort()).toEqual([
      ['映射导入测试工程乙', [113.2874, 40.0952]],
      ['映射导入测试工程甲', [113.3012, 40.0861]],
    ]);
    expect(fc.features.length).toBe(count + 2);
    // remembered for this layer
    const saved = await page.evaluate(() => localStorage.getItem('pingcheng.columns.import:construction_sites'));
    expect(JSON.parse(saved!)).toMatchObject({ name: '工程名称', x: 'X值', y: 'Y值' });
    expect(p.problems.filter((x) => !x.includes('422'))).toEqual([]);
    await p.close();
  });

  it('prints a site check: its 核查报告 is a Chinese PDF, and the page prints the result without the map', async () => {
    // a demo site inside a restricted zone, as the single-site check says
    let at: [number, number] | undefined;
    let zone = '';
    for (const s of await demoSites()) {
      const r = (await (await fetch(`${h.url}/api/check?lng=${s.wgs[0]}&lat=${s.wgs[1]}`)).json()) as {
        rules: unknown[];
        zones: { layer: string; name: string }[];
      };
      if (r.rules.length > 0) {
        at = s.wgs;
        zone = r.zones.find((z) => z.layer !== 'streets')!.name;
        break;
      }
    }
    expect(at).toBeDefined();
    const p = await openPage(h, { sharedContext: true, hash: `#check=${at![0].toFixed(6)},${at![1].toFixed(6)}` });
    const { page } = p;
    page.setDefaultTimeout(120_000);
    await page.locator('[data-testid=check-result]').waitFor({ timeout: 180_000 });
    const href = await page.locator('[data-testid=check-report]').getAttribute('href');
    const pdf = await fetch(new URL(href!, h.url));
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const pdfPath = join(dir, 'check.pdf');
    await writeFile(pdfPath, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('点位核查报告');
    expect(text).toContain(zone.replace(/\s+/g, ''));

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.map-area').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=pick-toggle]').isVisible()).toBe(false);
    expect(await page.locator('[data-testid=check-result]').isVisible()).toBe(true);
    expect((await page.locator('[data-testid=check-result]').boundingBox())!.width).toBeGreaterThan(page.viewportSize()!.width * 0.8);
    await page.emulateMedia({ media: 'screen' });
    expect(p.problems).toEqual([]);
    await p.close();
  });
});
