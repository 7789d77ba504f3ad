/**
 * The 工具 tab: measuring a line on the map, a 500 m buffer listing the sites inside it, and the
 * attribute table (filter, sort, zoom to a row, download the filtered rows). Answers are checked
 * against independent computations: the clicked pixels turned into coordinates with the Web
 * Mercator formulas, and haversine distances from the API's own features.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, pageXY, shot, startHarness, waitForMap, type Harness } from './harness.ts';

type FC = { features: { id: number; geometry: GeoJSON.Point; properties: Record<string, unknown> }[] };
let h: Harness;
let sites: FC;

beforeAll(async () => {
  h = await startHarness();
  sites = (await (await fetch(`${h.url}/api/layers/construction_sites/features`)).json()) as FC;
});
afterAll(async () => {
  await h?.close();
});

const R = 6371008.8;
const rad = (d: number) => (d * Math.PI) / 180;
function haversine(a: number[], b: number[]): number {
  const h2 = Math.sin(rad(b[1]! - a[1]!) / 2) ** 2 + Math.cos(rad(a[1]!)) * Math.cos(rad(b[1]!)) * Math.sin(rad(b[0]! - a[0]!) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h2));
}
/** A pixel offset from the map's centre to lng/lat (Web Mercator, 512 px tiles as MapLibre draws them). */
function unproject(centre: [number, number], zoom: number, dx: number, dy: number): [number, number] {
  const world = 512 * 2 ** zoom;
  const x = ((centre[0] + 180) / 360) * world + dx;
  const y = ((1 - Math.log(Math.tan(Math.PI / 4 + rad(centre[1]) / 2)) / Math.PI) / 2) * world + dy;
  return [(x / world) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / world))) * 180) / Math.PI];
}

async function openTools(page: Page) {
  await page.locator('[data-testid=tab-tools]').click();
  await page.locator('[data-testid=tools]').waitFor();
}

describe('the planner tools', { timeout: 300_000 }, () => {
  it('measures a line drawn on the map like the great-circle distance of its clicked points', async () => {
    const centre: [number, number] = [113.3, 40.09];
    const p = await openPage(h, { sharedContext: true, hash: '#map=15.00/40.09000/113.30000&layers=' });
    const { page } = p;
    await openTools(page);
    await page.locator('[data-testid=measure-line]').click();
    // the drawing code comes on demand: the tool is on once the map takes its clicks
    await page.locator('[data-testid=measure-line][aria-pressed=true]').waitFor();
    const c = await pageXY(page, centre);
    await page.mouse.click(c.x - 150, c.y + 40);
    await page.mouse.click(c.x + 120, c.y - 60);
    await page.keyboard.press('Enter');
    const result = page.locator('[data-testid=measure-result]');
    await result.waitFor();
    const got = Number(await result.getAttribute('data-m'));
    const want = haversine(unproject(centre, 15, -150, 40), unproject(centre, 15, 120, -60));
    expect(Math.abs(got - want) / want).toBeLessThan(0.01);
    expect(await result.textContent()).toMatch(/长度：[\d,.]+ (m|km)/);
    // while measuring, a click is not a site check
    expect(await page.locator('[data-testid=check-result]').count()).toBe(0);
    await shot(page, 'tools-01-measure');
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('lists the construction sites within 500 m of a clicked centre, as the haversine distance says', async () => {
    // the centre: the site with the most neighbours within 500 m
    const near = (c: number[]) => sites.features.filter((f) => haversine(c, f.geometry.coordinates) <= 500).length;
    const centreSite = [...sites.features].sort((a, b) => near(b.geometry.coordinates) - near(a.geometry.coordinates))[0]!;
    const [lng, lat] = centreSite.geometry.coordinates as [number, number];
    const p = await openPage(h, { sharedContext: true, hash: `#map=15.00/${lat.toFixed(5)}/${lng.toFixed(5)}&layers=construction_sites` });
    const { page } = p;
    await openTools(page);
    for (const box of await page.locator('[data-testid^=select-layer-]').all()) if (await box.isChecked()) await box.uncheck();
    await page.locator('[data-testid=select-layer-construction_sites]').check();
    await page.locator('[data-testid=select-radius]').fill('500');
    await page.locator('[data-testid=select-buffer]').click();
    await page.locator('[data-testid=select-buffer][aria-pressed=true]').waitFor();
    // the centre of the view the link asked for, wherever the open panel has left it on the page
    const centre: [number, number] = [Number(lng.toFixed(5)), Number(lat.toFixed(5))];
    const c = await pageXY(page, centre);
    await page.mouse.click(c.x, c.y);
    const result = page.locator('[data-testid=select-result]');
    await result.waitFor();
    const got = Number(await page.locator('[data-testid=select-count-construction_sites]').getAttribute('data-count'));
    const surely = sites.features.filter((f) => haversine(centre, f.geometry.coordinates) < 490).length;
    const maybe = sites.features.filter((f) => haversine(centre, f.geometry.coordinates) <= 510).length;
    expect(surely).toBeGreaterThan(0);
    expect(got).toBeGreaterThanOrEqual(surely);
    expect(got).toBeLessThanOrEqual(maybe);
    // the download holds the same sites
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=select-download-geojson]').click()]);
    const fc = JSON.parse(await readFile((await download.path())!, 'utf8')) as FC;
    expect(fc.features).toHaveLength(got);
    for (const f of fc.features) expect(haversine(centre, f.geometry.coordinates)).toBeLessThanOrEqual(510);
    await waitForMap(page);
    await shot(page, 'tools-02-buffer');
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('shows a layer as an attribute table: filter, sort, zoom to a row, download the filtered rows', async () => {
    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    await openTools(page);
    await page.locator('[data-testid=attr-layer]').selectOption('construction_sites');
    const count = page.locator('[data-testid=attr-count]');
    await page.waitForFunction((n) => document.querySelector('[data-testid=attr-count]')?.getAttribute('data-total') === String(n), sites.features.length);
    const site = sites.features[3]!;
    const name = String(site.properties.name);
    await page.locator('[data-testid=attr-filter]').fill(name);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=attr-count]')?.getAttribute('data-shown')) < 10);
    expect(Number(await count.getAttribute('data-shown'))).toBeGreaterThanOrEqual(1);
    expect(await page.locator(`[data-testid=attr-row-${site.id}]`).count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=attr-download-csv]').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\ufefflayer,id,名称')).toBe(true);
    expect(csv).toContain(`construction_sites,${site.id},`);
    expect(csv.trim().split('\r\n').length - 1).toBe(Number(await count.getAttribute('data-shown')));

    // sorted by id (ascending at first); one more click on its header: the largest id first
    await page.locator('[data-testid=attr-filter]').fill('');
    await page.locator('[data-testid=attr-sort-id]').click();
    const maxId = Math.max(...sites.features.map((f) => f.id));
    await page.waitForFunction((id) => document.querySelector('[data-testid=attr-table] tbody tr')?.getAttribute('data-testid') === `attr-row-${id}`, maxId);

    // zoom to a row: the inspector opens on it and the link names it
    await page.locator(`[data-testid=attr-zoom-${site.id}]`).click();
    await page.locator('[data-testid=inspector]').waitFor();
    expect(await page.locator('[data-testid=inspector-title]').textContent()).toBe(name);
    await page.waitForFunction((id) => decodeURIComponent(location.hash).includes(`f=construction_sites:${id}`), site.id);
    await waitForMap(page);
    await shot(page, 'tools-03-attribute-table');
    expect(p.problems).toEqual([]);
    await p.close();
  });
});

describe('the link', { timeout: 300_000 }, () => {
  it('brings a shared feature (f= without map=) into view, and keeps opacities and the analysis filters', async () => {
    const site = sites.features[5]!;
    const p = await openPage(h, { sharedContext: true, hash: `#f=construction_sites:${site.id}` });
    const { page } = p;
    await page.locator('[data-testid=inspector]').waitFor();
    await page.waitForFunction(() => {
      const m = /map=([\d.]+)\//.exec(decodeURIComponent(location.hash));
      return m && Number(m[1]) >= 15;
    });
    const [, , lat, lng] = /map=([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(decodeURIComponent(new URL(page.url()).hash))!.map(Number) as number[];
    // the camera is on the site (a little left of it: the inspector covers the map's right side)
    expect(haversine([lng!, lat!], site.geometry.coordinates)).toBeLessThan(400);
    await p.close();

    const rule = ((await (await fetch(`${h.url}/api/rules`)).json()) as { rules: { id: string }[] }).rules[0]!.id;
    const q = await openPage(h, { sharedContext: true, hash: `#op=coal_ban_zones:0.30&rule=${rule}` });
    await q.page.locator('[data-testid=layer-row-coal_ban_zones] .layer-row__expand').click();
    expect(await q.page.locator('[data-testid=layer-opacity-coal_ban_zones]').inputValue()).toBe('30');
    await q.page.locator('[data-testid=tab-analysis]').click();
    expect(await q.page.locator('[data-testid=viol-filter-rule]').inputValue()).toBe(rule);
    await q.page.waitForFunction((r) => {
      const hash = decodeURIComponent(location.hash);
      return hash.includes('op=coal_ban_zones:0.30') && hash.includes(`rule=${r}`);
    }, rule);
    expect(q.problems).toEqual([]);
    await q.close();
  });
});
