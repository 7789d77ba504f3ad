/**
 * The smaller defects of issue #17, in Chromium against the real server with the demo data: the
 * statistics tables stay inside the side panel; each coverage gap (its pieces split by street
 * boundaries together) is labelled once, with the summed area; the legend explains the violation
 * rings (违规 and 待核查) and the gap hatching; no ring is drawn for a hidden layer; street names give
 * way to cluster bubbles (checked with MapLibre's own placement: queryRenderedFeatures, not pixels);
 * the attribute table pages through every row of a layer, sorting and filtering all of them; on a
 * phone the inspector and the bottom sheet never cover each other. Screenshots (SCREENSHOTS=1):
 * tests/e2e/screenshots/details-*.png at 1440 × 900, 1024 × 768 and 390 × 844.
 */
import { booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GapFeatureProperties } from '../../server/features/coverage/coverage.contract.ts';
import type { ViolationsResponse } from '../../server/features/rules/rules.contract.ts';
import { openPage, shot, startHarness, waitForMap, waitForMapIdle, type Harness, type TrackedPage } from './harness.ts';

type Gaps = GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapFeatureProperties>;
let h: Harness;
/** Rows added to a layer so that its attribute table has several pages. */
const ADDED = 250;
const TABLE_LAYER = 'gas_stations';

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${h.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  h = await startHarness();
  const features = Array.from({ length: ADDED }, (_, i) => ({
    type: 'Feature',
    properties: { name: `分页测试加油站${String(i + 1).padStart(3, '0')}` },
    geometry: { type: 'Point', coordinates: [113.25 + (i % 25) * 0.004, 40.06 + Math.floor(i / 25) * 0.004] },
  }));
  const form = new FormData();
  form.append('file', new Blob([JSON.stringify({ type: 'FeatureCollection', features })], { type: 'application/geo+json' }), 'many.geojson');
  const res = await fetch(`${h.url}/api/layers/${TABLE_LAYER}/import`, { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBe(200);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Every table of the statistics lies within the side panel (a wide one scrolls inside its own box). */
async function statsTablesOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.querySelector('#sidebar .sidebar__body')!.getBoundingClientRect();
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid=stats] table, [data-testid=stats] .table-wrap, [data-testid=stats] li')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0) continue;
      if (b.left < panel.left - 0.5 || b.right > panel.right + 0.5)
        out.push(`${el.tagName}.${el.className} ${b.left}–${b.right} outside ${panel.left}–${panel.right}`);
    }
    // and nothing makes the panel itself scroll sideways
    const body = document.querySelector<HTMLElement>('#sidebar .sidebar__body')!;
    if (body.scrollWidth > body.clientWidth + 0.5) out.push(`panel scrolls sideways: ${body.scrollWidth} > ${body.clientWidth}`);
    return out;
  });
}

async function openStats(page: Page) {
  await page.locator('[data-testid=tab-analysis]').click();
  await page.locator('[data-testid=analysis-tab-stats]').click();
  await page.locator('[data-testid=stats-sites-zones]').waitFor();
}

/** MapLibre's answer for the rendered marks of some layers: their properties (and the layer id). */
async function rendered(page: Page, layers: string[]): Promise<{ layer: string; props: Record<string, unknown>; xy: [number, number] }[]> {
  return page.evaluate((ids) => {
    const map = (globalThis as unknown as { __pcMapInstance: import('maplibre-gl').Map }).__pcMapInstance;
    const present = ids.filter((id) => map.getLayer(id));
    if (!present.length) return [];
    return map.queryRenderedFeatures({ layers: present }).map((f) => {
      const c = (f.geometry as GeoJSON.Point).coordinates as [number, number];
      const p = f.geometry.type === 'Point' ? map.project(c) : { x: Number.NaN, y: Number.NaN };
      return { layer: f.layer.id, props: f.properties, xy: [p.x, p.y] as [number, number] };
    });
  }, layers);
}

describe('map details (issue #17)', { timeout: 600_000 }, () => {
  let p: TrackedPage;
  afterAll(async () => {
    await p?.close();
  });

  it('places no street name over a cluster bubble, and still places street names', async () => {
    p = await openPage(h, {
      sharedContext: true,
      width: 1440,
      height: 900,
      hash: '#layers=streets,construction_sites,nrmm_machines,coal_ban_zones,clean_heating_areas',
      mapTimeout: 240_000,
    });
    const { page } = p;
    page.setDefaultTimeout(150_000);
    const r = await page.evaluate(() => {
      const map = (globalThis as unknown as { __pcMapInstance: import('maplibre-gl').Map }).__pcMapInstance;
      const bubbles = map.queryRenderedFeatures({ layers: ['lyr:construction_sites:cluster', 'lyr:nrmm_machines:cluster'] });
      const labels = map.queryRenderedFeatures({ layers: ['lyr:streets:label'] });
      const hits: string[] = [];
      for (const b of bubbles) {
        const n = Number(b.properties.point_count);
        // the bubble's radius as drawn (circle-radius steps) with its stroke; a pixel in from the edge
        const r = (n < 10 ? 11 : n < 50 ? 14 : n < 200 ? 18 : 23) + 2.5 - 1;
        const c = map.project((b.geometry as GeoJSON.Point).coordinates as [number, number]);
        const over = map.queryRenderedFeatures(
          [
            [c.x - r, c.y - r],
            [c.x + r, c.y + r],
          ],
          { layers: ['lyr:streets:label'] },
        );
        for (const l of over) hits.push(`${l.properties.name} over a bubble of ${n}`);
      }
      return { bubbles: bubbles.length, labels: labels.length, hits };
    });
    expect(r.bubbles).toBeGreaterThan(0);
    expect(r.labels).toBeGreaterThan(3);
    expect(r.hits).toEqual([]);
  });

  it('draws violation rings only for visible layers, with 违规 and 待核查 in the legend', async () => {
    const { page } = p;
    const api = await get<ViolationsResponse>('/api/violations');
    const flagged = new Set(api.violations.map((v) => v.layer));
    // a flagged point layer that is hidden now (not in the link's layers)
    const visible = new Set(['streets', 'construction_sites', 'nrmm_machines', 'coal_ban_zones', 'clean_heating_areas']);
    const hidden = ['boilers', 'restaurants', 'coal_sales_points', 'gas_stations'].find((l) => flagged.has(l) && !visible.has(l));
    expect(hidden, 'a flagged layer that is hidden').toBeDefined();
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=viol-total]').waitFor();
    await page.locator('[data-testid=legend-overlay-violation]').waitFor();
    expect(await page.locator('[data-testid=legend-overlay-unverified]').count()).toBe(1);
    await waitForMap(page);
    const rings = await rendered(page, ['ana:viol:ring']);
    expect(rings.length).toBeGreaterThan(0);
    expect([...new Set(rings.map((r) => String(r.props.layer)))].filter((l) => !visible.has(l))).toEqual([]);

    // shown: its rings come; hidden again: they go
    const toggle = page.locator(`[data-testid=layer-toggle-${hidden}]`);
    await page.locator('[data-testid=tab-layers]').click();
    await toggle.check();
    await waitForMap(page);
    expect((await rendered(page, ['ana:viol:ring'])).filter((r) => r.props.layer === hidden).length).toBeGreaterThan(0);
    await toggle.uncheck();
    await waitForMapIdle(page);
    expect((await rendered(page, ['ana:viol:ring'])).filter((r) => r.props.layer === hidden)).toEqual([]);
    await shot(page, 'details-1440-legend-rings');
  });

  it('labels each coverage gap once (pieces split by a street boundary together), the legend explaining the hatching', async () => {
    const { page } = p;
    const gaps = await get<Gaps>('/api/coverage/gaps.geojson');
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=analysis-tab-coverage]').click();
    await page.locator('[data-testid=gaps-toggle]').check();
    await page.locator('[data-testid=gaps-status]:not([data-drawn=""])').waitFor();
    await page.locator('[data-testid=legend-overlay-gaps]').waitFor();
    await waitForMap(page);
    const labels = await rendered(page, ['ana:gaps:label']);
    expect(labels.length).toBeGreaterThan(0);
    // no label twice
    expect(new Set(labels.map((l) => `${l.xy[0].toFixed(1)},${l.xy[1].toFixed(1)}`)).size).toBe(labels.length);
    // each label: inside a gap piece, and its size the summed area of that piece and every piece connected to it
    const pieces = gaps.features;
    const component = (start: number): Set<number> => {
      const seen = new Set([start]);
      const todo = [start];
      while (todo.length) {
        const i = todo.pop()!;
        pieces.forEach((q, j) => {
          if (!seen.has(j) && booleanIntersects(pieces[i]!, q)) {
            seen.add(j);
            todo.push(j);
          }
        });
      }
      return seen;
    };
    const at = await page.evaluate(
      (xys) => xys.map(([x, y]) => (globalThis as unknown as { __pcMapInstance: import('maplibre-gl').Map }).__pcMapInstance.unproject([x, y]).toArray()),
      labels.map((l) => l.xy),
    );
    const groupsLabelled = new Set<string>();
    labels.forEach((l, k) => {
      const home = pieces.findIndex((f) => booleanPointInPolygon(at[k]!, f));
      expect(home, `label ${String(l.props.label)} lies in a gap`).toBeGreaterThanOrEqual(0);
      const group = component(home);
      const key = [...group].sort().join(',');
      expect(groupsLabelled.has(key), 'one label per gap').toBe(false);
      groupsLabelled.add(key);
      const sum = [...group].reduce((s, i) => s + pieces[i]!.properties.area_m2, 0);
      expect(Number(l.props.size)).toBeCloseTo(sum, 3);
    });
    await shot(page, 'details-1440-gaps');
  });

  it('keeps the statistics tables inside the side panel', async () => {
    const { page } = p;
    await openStats(page);
    expect(await statsTablesOutside(page)).toEqual([]);
    await page.locator('[data-testid=stats-sites-zones]').scrollIntoViewIfNeeded();
    await shot(page, 'details-1440-stats');
  });

  it('pages through every row of a layer in the attribute table, sorting and filtering all of them', async () => {
    const { page } = p;
    const all = (await get<{ features: { id: number; properties: { name: string } }[] }>(`/api/layers/${TABLE_LAYER}/features`)).features;
    expect(all.length).toBeGreaterThan(2 * 100);
    await page.locator('[data-testid=tab-tools]').click();
    await page.locator('[data-testid=attr-layer]').selectOption(TABLE_LAYER);
    const count = page.locator('[data-testid=attr-count]');
    await page.locator(`[data-testid=attr-count][data-total="${all.length}"]`).waitFor();
    const pager = page.locator('[data-testid=attr-pager]');
    const pages = Math.ceil(all.length / 100);
    expect(await pager.getAttribute('data-pages')).toBe(String(pages));
    const rowIds = async () =>
      await page.locator('[data-testid=attr-table] tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-testid')!.slice(9))));
    const seen: number[] = [];
    for (let i = 1; i <= pages; i++) {
      await page.locator(`[data-testid=attr-pager][data-page="${i}"]`).waitFor();
      const ids = await rowIds();
      expect(ids.length).toBe(i < pages ? 100 : all.length - 100 * (pages - 1));
      seen.push(...ids);
      if (i < pages) await page.locator('[data-testid=attr-next]').click();
    }
    expect(seen).toEqual(all.map((f) => f.id).sort((a, b) => a - b));
    expect(await page.locator('[data-testid=attr-next]').isDisabled()).toBe(true);
    await pager.scrollIntoViewIfNeeded();
    await shot(page, 'details-1440-attr-last-page');

    // sorting runs over every row (and goes back to the first page): the largest id first
    await page.locator('[data-testid=attr-sort-id]').click();
    await page.locator('[data-testid=attr-pager][data-page="1"]').waitFor();
    expect((await rowIds())[0]).toBe(Math.max(...all.map((f) => f.id)));
    // filtering too: the added rows only, counted against the whole layer
    await page.locator('[data-testid=attr-filter]').fill('分页测试加油站');
    await page.locator(`[data-testid=attr-count][data-shown="${ADDED}"]`).waitFor();
    expect(Number(await count.getAttribute('data-total'))).toBe(all.length);
    expect(await pager.getAttribute('data-pages')).toBe(String(Math.ceil(ADDED / 100)));
    await shot(page, 'details-1440-attr');
    expect(p.problems).toEqual([]);
  });
});

describe('on a tablet (1024 × 768)', { timeout: 600_000 }, () => {
  it('keeps the statistics inside the side panel and shows the legend of the analysis marks', async () => {
    const p = await openPage(h, {
      sharedContext: true,
      width: 1024,
      height: 768,
      hash: '#layers=streets,construction_sites,boilers,coal_ban_zones',
      mapTimeout: 240_000,
    });
    const { page } = p;
    page.setDefaultTimeout(150_000);
    await openStats(page);
    expect(await statsTablesOutside(page)).toEqual([]);
    await page.locator('[data-testid=legend-overlay-violation]').waitFor();
    await page.locator('[data-testid=stats-sites-zones]').scrollIntoViewIfNeeded();
    await shot(page, 'details-1024-stats');
    await page.locator('[data-testid=tab-tools]').click();
    await page.locator('[data-testid=attr-layer]').selectOption(TABLE_LAYER);
    await page.locator('[data-testid=attr-pager]').scrollIntoViewIfNeeded();
    await shot(page, 'details-1024-attr');
    expect(p.problems).toEqual([]);
    await p.close();
  });
});

describe('on a phone (390 × 844)', { timeout: 600_000 }, () => {
  it('never shows the inspector and the bottom sheet over each other', async () => {
    const p = await openPage(h, { sharedContext: true, width: 390, height: 844, hash: '#layers=streets,construction_sites', mapTimeout: 240_000 });
    const { page } = p;
    page.setDefaultTimeout(150_000);
    const sheetShown = () => page.evaluate(() => getComputedStyle(document.getElementById('sidebar')!).visibility !== 'hidden');
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('#sidebar').waitFor({ state: 'visible' });
    await openStats(page);
    expect(await statsTablesOutside(page)).toEqual([]);
    await page.locator('[data-testid=stats-sites-zones]').scrollIntoViewIfNeeded();
    await shot(page, 'details-390-stats');
    // the map with its legend (folded on a phone until asked for), the analysis marks included
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    await page.locator('.map-legend summary').click();
    await page.locator('[data-testid=legend-overlay-unverified]').waitFor();
    await shot(page, 'details-390-legend');
    await page.locator('.map-legend summary').click();
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('#sidebar').waitFor({ state: 'visible' });

    // a row of the attribute table opens the inspector: the sheet makes way
    await page.locator('[data-testid=tab-tools]').click();
    await page.locator('[data-testid=attr-layer]').selectOption('construction_sites');
    const first = page.locator('[data-testid^=attr-zoom-]').first();
    const id = Number((await first.getAttribute('data-testid'))!.slice('attr-zoom-'.length));
    const sites = await get<{ features: { id: number; geometry: GeoJSON.Point }[] }>('/api/layers/construction_sites/features');
    const site = sites.features.find((f) => f.id === id)!.geometry.coordinates as [number, number];
    await first.click();
    const inspector = page.locator('.inspector');
    await inspector.waitFor({ state: 'visible' });
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(await sheetShown()).toBe(false);
    const box = (await inspector.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844 + 0.5);
    await waitForMap(page);
    // the site is brought into the map above the inspector, not behind it
    const at = await page.evaluate((c) => {
      const map = (globalThis as unknown as { __pcMapInstance: import('maplibre-gl').Map }).__pcMapInstance;
      const p = map.project(c);
      const r = map.getContainer().getBoundingClientRect();
      return { x: p.x + r.left, y: p.y + r.top };
    }, site);
    expect(at.y).toBeLessThan(box.y);
    expect(at.y).toBeGreaterThan(52);
    expect(at.x).toBeGreaterThan(0);
    expect(at.x).toBeLessThan(390);
    await shot(page, 'details-390-inspector');

    // the sheet opened again: the inspector waits behind it, and comes back when the sheet closes
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('#sidebar').waitFor({ state: 'visible' });
    await inspector.waitFor({ state: 'hidden' });
    await shot(page, 'details-390-sheet');
    await page.locator('[data-testid=panel-toggle]').click();
    await inspector.waitFor({ state: 'visible' });
    await page.locator('#sidebar').waitFor({ state: 'hidden' });
    expect(p.problems).toEqual([]);
    await p.close();
  });
});
