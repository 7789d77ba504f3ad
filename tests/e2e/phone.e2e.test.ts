/**
 * Phone (390 × 844) and tablet (1024 × 768): nothing runs past the screen, a finger's targets are
 * at least 44 px, and the main flows complete — layer toggle, site check by coordinates (on the
 * phone the answer comes first in the bottom sheet) and "我的位置" from the browser's position.
 */
import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, shot, startHarness, waitForMap, type Harness } from './harness.ts';

let h: Harness;
let inside: { lng: number; lat: number; name: string };

beforeAll(async () => {
  // the layout is measured to the pixel here: whole device pixels for 390 × 844 (harness.ts)
  h = await startHarness({ deviceScale: 0.5 });
  const fc = (await (await fetch(`${h.url}/api/layers/coal_ban_zones/features`)).json()) as {
    features: { geometry: GeoJSON.Geometry; properties: { name: string } }[];
  };
  const zone = fc.features[0]!;
  const [lng, lat] = pointOnFeature({ type: 'Feature', geometry: zone.geometry, properties: {} }).geometry.coordinates as [number, number];
  inside = { lng, lat, name: zone.properties.name };
});

afterAll(async () => {
  await h?.close();
});

/** Everything shown lies within the viewport, and the page itself does not scroll sideways or down. */
async function expectNothingOverflows(page: Page, selectors: string[]) {
  const r = await page.evaluate((sels) => {
    const se = document.scrollingElement!;
    const out: { sel: string; left: number; right: number; top: number; bottom: number }[] = [];
    for (const sel of sels)
      for (const el of document.querySelectorAll(sel)) {
        const b = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (b.width === 0 || b.height === 0 || style.visibility === 'hidden') continue;
        out.push({ sel, left: b.left, right: b.right, top: b.top, bottom: b.bottom });
      }
    return { scrollWidth: se.scrollWidth, scrollHeight: se.scrollHeight, w: window.innerWidth, hgt: window.innerHeight, rects: out };
  }, selectors);
  expect(r.scrollWidth).toBeLessThanOrEqual(r.w);
  expect(r.scrollHeight).toBeLessThanOrEqual(r.hgt);
  expect(r.rects.length).toBeGreaterThan(0);
  const outside = r.rects.filter((b) => b.left < -0.5 || b.top < -0.5 || b.right > r.w + 0.5 || b.bottom > r.hgt + 0.5);
  expect(outside).toEqual([]);
}

/** The smallest height among the visible controls matched. */
async function smallestTarget(page: Page, selector: string): Promise<{ min: number; count: number; smallest: string }> {
  return page.evaluate((sel) => {
    const hs = [...document.querySelectorAll(sel)]
      .map((e) => ({ e, b: e.getBoundingClientRect() }))
      .filter(({ b }) => b.width > 0 && b.height > 0)
      .sort((x, y) => x.b.height - y.b.height);
    return { min: hs[0]?.b.height ?? 0, count: hs.length, smallest: hs[0]?.e.outerHTML.slice(0, 80) ?? '' };
  }, selector);
}

const CHROME = [
  '.app-header',
  '.app-header button',
  '.app-header__title',
  '[data-testid=map] canvas',
  '.map-toolbar > *',
  '.zoom-buttons',
  '.map-demo',
  '.maplibregl-ctrl-scale',
  '.maplibregl-ctrl-attrib',
];

async function checkCoordinates(page: Page) {
  await page.locator('[data-testid=tab-check]').click();
  await page.locator('[data-testid=crs-select]').selectOption('wgs84');
  await page.locator('[data-testid=coord-a]').fill(String(inside.lng));
  await page.locator('[data-testid=coord-b]').fill(String(inside.lat));
  await page.locator('[data-testid=coord-submit]').click();
  await page.locator('[data-testid=check-result]').waitFor();
  expect(await page.locator('[data-testid=check-zones]').textContent()).toContain(inside.name);
}

describe('on a phone (390 × 844)', { timeout: 300_000 }, () => {
  it('fits the screen, opens the panel as a bottom sheet with the answer first, and has 44 px targets', async () => {
    const p = await openPage(h, { sharedContext: true, width: 390, height: 844 });
    const { page } = p;
    await expectNothingOverflows(page, CHROME);
    await shot(page, 'phone-01-map');
    const header = await smallestTarget(page, '.app-header button');
    expect(header.count).toBeGreaterThanOrEqual(2);
    expect(header.min, header.smallest).toBeGreaterThanOrEqual(44);
    const toolbar = await smallestTarget(page, '.map-toolbar button, .map-toolbar select, .zoom-buttons button');
    expect(toolbar.min, toolbar.smallest).toBeGreaterThanOrEqual(44);

    // the layer toggle
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('#sidebar').waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const b = document.getElementById('sidebar')!.getBoundingClientRect();
      return Math.abs(b.bottom - window.innerHeight) < 1;
    });
    const sheet = await page.locator('#sidebar').boundingBox();
    // a bottom sheet: full width, in the lower part of the screen, the map still visible above it
    expect(sheet!.width).toBe(390);
    expect(sheet!.y).toBeGreaterThan(844 * 0.3);
    expect((await smallestTarget(page, '#sidebar [role=tab]')).min).toBeGreaterThanOrEqual(44);
    await page.locator('[data-testid=layer-toggle-boilers]').check();
    await page.waitForFunction(() => /layers=[^&]*boilers/.test(decodeURIComponent(location.hash)));
    await waitForMap(page);
    await expectNothingOverflows(page, [...CHROME, '#sidebar', '#sidebar [role=tab]']);
    await shot(page, 'phone-02-layers-sheet');

    // the site check: the answer is above the form in the sheet
    await checkCoordinates(page);
    const result = await page.locator('[data-testid=check-result]').boundingBox();
    const form = await page.locator('[data-testid=coord-form]').boundingBox();
    expect(result!.y).toBeLessThan(form!.y);
    // and in view: the sheet shows the answer, not the form scrolled to before
    const sheetNow = await page.locator('#sidebar').boundingBox();
    expect(result!.y).toBeGreaterThanOrEqual(sheetNow!.y);
    expect(result!.y).toBeLessThan(sheetNow!.y + sheetNow!.height / 2);
    expect((await smallestTarget(page, '#sidebar .site-check__actions .button, [data-testid=coord-submit]')).min).toBeGreaterThanOrEqual(44);
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('check='));
    await waitForMap(page);
    await expectNothingOverflows(page, [...CHROME, '#sidebar']);
    await shot(page, 'phone-03-check-result-first');
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('checks "my location" from the browser position, as WGS84', async () => {
    // a context of its own: the permission and the position are the context's; and the motion a
    // user gets by default (the other browser tests ask for reduced motion): the map flies there
    const p = await openPage(h, { width: 390, height: 844, motion: 'no-preference' });
    const { page, context } = p;
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(false);
    await context.grantPermissions(['geolocation'], { origin: h.url });
    await context.setGeolocation({ longitude: inside.lng, latitude: inside.lat, accuracy: 12 });
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('[data-testid=tab-check]').click();
    await page.locator('[data-testid=locate-me]').click();
    await page.locator('[data-testid=check-result]').waitFor();
    const label = await page.locator('.check-result__label').textContent();
    expect(label).toContain('我的位置');
    expect(label).toContain('WGS84');
    expect(label).toContain('12');
    expect(await page.locator('[data-testid=check-zones]').textContent()).toContain(inside.name);
    await page.waitForFunction((want) => decodeURIComponent(location.hash).includes(`check=${want}`), `${inside.lng.toFixed(6)},${inside.lat.toFixed(6)}`);
    await waitForMap(page);
    await shot(page, 'phone-04-my-location');
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('says why when the browser may not give its position', async () => {
    const p = await openPage(h, { sharedContext: true, width: 390, height: 844 });
    const { page } = p;
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('[data-testid=tab-check]').click();
    await page.locator('[data-testid=locate-me]').click();
    expect(await page.locator('[data-testid=locate-error]').textContent()).toContain('无法获取位置');
    expect(await page.locator('[data-testid=check-result]').count()).toBe(0);
    await p.close();
  });
});

describe('on a tablet (1024 × 768)', { timeout: 300_000 }, () => {
  it('fits the screen with the side panel beside the map, and the main flows complete', async () => {
    const p = await openPage(h, { sharedContext: true, width: 1024, height: 768 });
    const { page } = p;
    await expectNothingOverflows(page, [...CHROME, '#sidebar', '#sidebar [role=tab]']);
    const side = await page.locator('#sidebar').boundingBox();
    const canvas = await page.locator('[data-testid=map] canvas').boundingBox();
    expect(side!.x).toBe(0);
    expect(canvas!.x).toBeGreaterThanOrEqual(side!.width - 1);
    await page.locator('[data-testid=layer-toggle-boilers]').check();
    await page.waitForFunction(() => /layers=[^&]*boilers/.test(decodeURIComponent(location.hash)));
    await checkCoordinates(page);
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('check='));
    await waitForMap(page);
    await expectNothingOverflows(page, [...CHROME, '#sidebar']);
    await shot(page, 'tablet-01-check');
    expect(p.problems).toEqual([]);
    await p.close();
  });
});
