/**
 * The import dialog in a real browser against the real server (signed in as admin by the harness):
 * real fixture files go in through the file input; what the dialog shows (format, CRS, counts,
 * rejected rows, warnings) must equal the API's own dry-run answer for the same file, fetched here;
 * the preview must be drawn on the map; confirming must grow the layer by exactly `imported`.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { fixture } from '../fixtures/io/helpers.ts';
import { openPage, shot, startHarness, waitForMap, type Harness } from './harness.ts';

interface Report {
  format: string;
  encoding?: string;
  crs: { id: string; label: string; source: string };
  total: number;
  imported: number;
  rejectedCount: number;
  repaired: number;
  rejected: { index: number; code: string }[];
  warnings: { code: string }[];
  preview?: { features: { id: number; rejected?: unknown }[] };
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The API's dry run for the same file (the harness signs anonymous requests in as admin). */
async function apiDryRun(layer: string, file: string, query = ''): Promise<Report> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await readFile(fixture(file)))]), file);
  const res = await fetch(`${h.url}/api/layers/${layer}/import?dryRun=true${query}`, {
    method: 'POST',
    body: form,
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

async function featureCount(layer: string): Promise<number> {
  const body = (await (await fetch(`${h.url}/api/layers`)).json()) as { layers: { id: string; featureCount: number }[] };
  return body.layers.find((l) => l.id === layer)!.featureCount;
}

/** Waits for the dialog to finish its dry run, then compares everything it shows with `api`. */
async function expectDialogShows(page: Page, api: Report) {
  const dialog = page.locator('[data-testid=import-dialog]');
  await page.waitForSelector('[data-testid=import-dialog][data-phase=ready]', { timeout: 180_000 });
  expect(await dialog.locator('[data-testid=import-format]').getAttribute('data-format')).toBe(api.format);
  expect(await dialog.locator('[data-testid=import-crs]').getAttribute('data-crs')).toBe(api.crs.id);
  // the detected encoding (CSV, Shapefile) is shown exactly when the API reports one
  expect(await dialog.locator('[data-testid=import-format] .import-detected__extra').allTextContents()).toEqual(api.encoding ? [api.encoding] : []);
  expect(Number(await dialog.locator('[data-testid=import-count-total]').getAttribute('data-value'))).toBe(api.total);
  expect(Number(await dialog.locator('[data-testid=import-count-imported]').getAttribute('data-value'))).toBe(api.imported);
  expect(Number(await dialog.locator('[data-testid=import-count-rejected]').getAttribute('data-value'))).toBe(api.rejectedCount);
  const rows = await dialog.locator('[data-testid=import-rejected] tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-index'))));
  expect(rows).toEqual(api.rejected.map((r) => r.index));
  const codes = await dialog.locator('[data-testid=import-warnings] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-code')));
  expect([...codes].sort()).toEqual(api.warnings.map((w) => w.code).sort());
  // the preview: every importable feature drawn on the map (fitted to them), rejected ones may be out of view
  const accepted = api.preview!.features.filter((f) => !f.rejected).length;
  const map = page.locator('[data-testid=map]');
  // waits for the drawn count to reach the API's (a stale count from an earlier draw cannot pass)
  await page
    .waitForFunction((n) => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.importPreviewAccepted === String(n), accepted, {
      timeout: 180_000,
    })
    .catch(() => undefined);
  expect(Number(await map.getAttribute('data-import-preview-accepted'))).toBe(accepted);
  const drawn = Number(await map.getAttribute('data-import-preview'));
  expect(drawn).toBeGreaterThanOrEqual(accepted);
  expect(drawn).toBeLessThanOrEqual(api.preview!.features.length);
}

async function confirmAndCheck(page: Page, layer: string, api: Report) {
  const before = await featureCount(layer);
  await page.locator('[data-testid=import-confirm]').click();
  const summary = page.locator('[data-testid=import-summary]');
  await summary.waitFor({ timeout: 180_000 });
  const imported = Number(await summary.getAttribute('data-imported'));
  expect(imported).toBe(api.imported);
  expect(await featureCount(layer)).toBe(before + imported);
}

describe('the import dialog', { timeout: 600_000 }, () => {
  it('imports a GCJ-02 CSV: detected format and CRS, override to GCJ-02, preview, confirm', async () => {
    const layer = 'construction_sites';
    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    page.setDefaultTimeout(120_000); // two cores shared by many: clicks can wait long for a stable frame
    await page.locator('[data-testid=import-button]').click();
    await page.locator('[data-testid=import-dialog]').waitFor();
    await page.locator('[data-testid=import-layer]').selectOption(layer);
    await shot(page, 'import-1-empty');
    await page.locator('[data-testid=import-file]').setInputFiles(fixture('sites-gcj02.csv'));
    expect(await page.locator('[data-testid=import-file-name]').textContent()).toContain('sites-gcj02.csv');

    const auto = await apiDryRun(layer, 'sites-gcj02.csv');
    await expectDialogShows(page, auto);
    expect(auto.format).toBe('csv');
    expect(auto.encoding).toBe('utf-8');
    await waitForMap(page);
    await shot(page, 'import-2-csv-detected');

    // the user says it is GCJ-02 (AMap): the dialog checks again and shows the new answer
    await page.locator('[data-testid=import-crs-select]').selectOption('gcj02');
    await page.waitForSelector('[data-testid=import-crs][data-crs=gcj02]', { timeout: 180_000 });
    const gcj = await apiDryRun(layer, 'sites-gcj02.csv', '&crs=gcj02');
    expect(gcj.crs).toMatchObject({ id: 'gcj02', source: 'override' });
    await expectDialogShows(page, gcj);
    await waitForMap(page);
    await shot(page, 'import-3-csv-gcj02-preview');

    await confirmAndCheck(page, layer, gcj);
    await waitForMap(page);
    await shot(page, 'import-4-csv-done');
    // the preview is gone once imported; the layer itself now shows the features
    expect(Number((await page.locator('[data-testid=map]').getAttribute('data-import-preview')) ?? 0)).toBe(0);
    expect(p.problems).toEqual([]);
    expect(p.external).toEqual([]);
    await p.close();
  });

  it('maps an attribute column, imports it, and names the column that matched nothing in the final report', async () => {
    const layer = 'construction_sites';
    const csv = [
      '项目名称,经度,纬度,工地类型,状态,围挡情况,扬尘措施',
      'E2E映射工地甲,113.3012,40.0911,房屋建筑,在建,是,洒水',
      'E2E映射工地乙,113.3033,40.0922,道路工程,在建,否,雾炮',
    ].join('\n');
    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    page.setDefaultTimeout(120_000);
    await page.locator('[data-testid=import-button]').click();
    await page.locator('[data-testid=import-layer]').selectOption(layer);
    await page.locator('[data-testid=import-file]').setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid=import-dialog][data-phase=ready]', { timeout: 180_000 });
    const attr = (column: string) => page.locator(`[data-testid=import-columns-attr][data-column="${column}"]`);
    // guessed from the catalogue's labels: 工地类型 → site_type; 围挡情况 names no attribute, so it is left for the user
    expect(await attr('工地类型').inputValue()).toBe('site_type');
    expect(await attr('围挡情况').inputValue()).toBe('');
    await attr('围挡情况').selectOption('hoarding');
    // the dry run runs again with the mapping: only 扬尘措施 is left over
    await page.waitForFunction(() => {
      const dialog = document.querySelector('[data-testid=import-dialog][data-phase=ready]');
      const unknown = dialog?.querySelector('[data-testid=import-warnings] [data-code=UNKNOWN_FIELDS]')?.textContent ?? '';
      return unknown.includes('扬尘措施') && !unknown.includes('围挡情况');
    });
    expect(await page.locator('[data-testid=import-columns-unused]').textContent()).toContain('扬尘措施');
    await shot(page, 'import-attr-mapped');
    await page.locator('[data-testid=import-confirm]').click();
    const unmatched = page.locator('[data-testid=import-summary-unmatched]');
    await unmatched.waitFor({ timeout: 180_000 });
    expect(await unmatched.getAttribute('data-columns')).toBe('扬尘措施');
    const all = (await (await fetch(`${h.url}/api/layers/${layer}/features`)).json()) as { features: { properties: Record<string, unknown> }[] };
    const mine = all.features.map((f) => f.properties).filter((q) => String(q.name).startsWith('E2E映射工地'));
    expect(mine.map((q) => [q.name, q.hoarding, q.site_type]).sort()).toEqual([
      ['E2E映射工地乙', false, 'road'],
      ['E2E映射工地甲', true, 'building'],
    ]);
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('reports the rejected features of a GeoJSON, repairs on request, and imports the rest', async () => {
    const layer = 'coal_ban_zones';
    // The app asks who is signed in as it starts; that answer is held here until the user has
    // opened the dialog and picked a zone layer. Arriving late, it must not move the import to a
    // point layer (it did, now and then, in CI).
    let hold: (route: Route) => void = () => undefined;
    const asked = new Promise<Route>((resolve) => {
      hold = resolve;
    });
    const p = await openPage(h, { sharedContext: true, beforeLoad: (page) => page.route('**/api/auth/me', (route) => hold(route)) });
    const { page } = p;
    page.setDefaultTimeout(120_000); // two cores shared by many: clicks can wait long for a stable frame
    await page.locator('[data-testid=import-button]').click();
    await page.locator('[data-testid=import-layer]').selectOption(layer);
    const held = await asked;
    expect(await page.locator('[data-testid=import-dialog]').getAttribute('data-session')).toBe('loading');
    await held.continue();
    await page.unroute('**/api/auth/me');
    await page.waitForSelector('[data-testid=import-dialog][data-session=ready]');
    expect(await page.locator('[data-testid=import-layer]').inputValue()).toBe(layer);
    await page.locator('[data-testid=import-file]').setInputFiles(fixture('zones-rejects.geojson'));
    const api = await apiDryRun(layer, 'zones-rejects.geojson');
    expect(api.rejectedCount).toBeGreaterThan(0);
    await expectDialogShows(page, api);
    await waitForMap(page);
    await page.locator('[data-testid=import-rejected]').scrollIntoViewIfNeeded();
    await shot(page, 'import-5-geojson-report');

    // "repair invalid geometry" re-runs the dry run: the self-intersecting polygon is fixed
    await page.locator('[data-testid=import-repair]').check();
    const repaired = await apiDryRun(layer, 'zones-rejects.geojson', '&repair=true');
    expect(repaired.repaired).toBeGreaterThan(0);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=import-count-repaired]')?.getAttribute('data-value') === String(n),
      repaired.repaired,
      { timeout: 180_000 },
    );
    await expectDialogShows(page, repaired);
    await waitForMap(page);
    await shot(page, 'import-6-geojson-repaired');

    await confirmAndCheck(page, layer, repaired);
    await shot(page, 'import-7-geojson-done');
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('says that signing in is needed when the server answers 401, and cancel clears the preview', async () => {
    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    page.setDefaultTimeout(120_000); // two cores shared by many: clicks can wait long for a stable frame
    await page.locator('[data-testid=import-button]').click();
    await page.locator('[data-testid=import-layer]').selectOption('construction_sites');
    await page.locator('[data-testid=import-file]').setInputFiles(fixture('sites-gcj02.csv'));
    await page.waitForSelector('[data-testid=import-dialog][data-phase=ready]', { timeout: 180_000 });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.importPreview !== undefined);
    await page.locator('[data-testid=import-cancel]').click();
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=map]')?.dataset.importPreview === undefined);
    expect(await page.locator('[data-testid=import-dialog]').getAttribute('data-phase')).toBe('pick');

    await page.route('**/api/layers/*/import**', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'Sign in required', messageZh: '需要登录' } }),
      }),
    );
    await page.locator('[data-testid=import-file]').setInputFiles(fixture('sites-gcj02.csv'));
    const err = page.locator('[data-testid=import-error]');
    await err.waitFor({ timeout: 180_000 });
    expect(await err.getAttribute('data-kind')).toBe('auth');
    expect(await err.textContent()).toContain('需要登录');
    await shot(page, 'import-8-sign-in-required');
    await p.close();
  });
});
