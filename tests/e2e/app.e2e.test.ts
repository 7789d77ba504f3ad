/**
 * The map UI in a real browser (Debian Chromium, software WebGL) against the real server with the
 * demo data: load, layers, site check by coordinates / click / search, inspector, shareable URL,
 * language, export, narrow layout, keyboard. Screenshots go to tests/e2e/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { pointOnFeature } from '@turf/turf';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, pageXY, shot, startHarness, waitForMap, type Harness, type TrackedPage } from './harness.ts';

interface LayerInfo {
  id: string;
  title: { zh: string; en: string };
  featureCount: number;
  geometryType: string;
  attributes: { key: string; type: string; label: { zh: string }; options?: { value: string; label: { zh: string } }[] }[];
}
type FC = { features: { id: number; geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[] };

let h: Harness;
let layers: LayerInfo[];
const get = async <T>(path: string): Promise<T> => (await (await fetch(`${h.url}${path}`)).json()) as T;
const hashOf = (p: TrackedPage) => decodeURIComponent(new URL(p.page.url()).hash);

/** A point inside the first feature of a zone layer, and that feature. */
async function insideZone(layerId: string) {
  const fc = await get<FC>(`/api/layers/${layerId}/features`);
  const zone = fc.features[0]!;
  const p = pointOnFeature({ type: 'Feature', geometry: zone.geometry, properties: {} }).geometry.coordinates as [number, number];
  return { zone, lng: p[0], lat: p[1] };
}

beforeAll(async () => {
  h = await startHarness();
  layers = (await get<{ layers: LayerInfo[] }>('/api/layers')).layers;
});

afterAll(async () => {
  await h?.close();
});

// Software WebGL on a busy CI machine is slow: each test gets a generous budget.
describe('the map UI', { timeout: 300_000 }, () => {
  // The tests that leave the page's layers, language and view as they found them (reading the first
  // view, layers switched on and back off, the language switch there and back, the export menu)
  // share one page: a page load is seconds of software WebGL.
  let shared: TrackedPage | undefined;
  const sharedPage = async () => (shared ??= await openPage(h));
  // The site checks typed or searched (WGS84, GCJ-02, by name) share a page of their own: each one
  // clears its answer and waits for it, and the link's check, to go, so the next starts from none.
  let checks: TrackedPage | undefined;
  const checkPage = async () => (checks ??= await openPage(h));
  const clearCheck = async (page: Page) => {
    await page.locator('[data-testid=check-clear]').click();
    await page.locator('[data-testid=check-result], [data-testid=check-error]').first().waitFor({ state: 'detached' });
    await page.waitForFunction(() => !decodeURIComponent(location.hash).includes('check='));
  };
  afterAll(async () => {
    await shared?.close();
    await checks?.close();
  });

  it('opens offline on Pingcheng with the layer panel, counts, legend and the illustrative-data badge', async () => {
    const p = await sharedPage();
    const { page } = p;
    await expect(page.locator('h1').textContent()).resolves.toBe('平城区大气污染防治空间管理');
    await page.locator('[data-testid=demo-badge-header]').waitFor();
    expect(await page.locator('[data-testid=demo-badge-header]').textContent()).toContain('示意数据');
    for (const l of layers) {
      const row = page.locator(`[data-testid=layer-row-${l.id}]`);
      await expect(row.textContent()).resolves.toContain(l.title.zh);
      await expect(row.locator('.layer-row__count').textContent()).resolves.toBe(l.featureCount.toLocaleString('zh-CN'));
    }
    expect(await page.locator('[data-testid=map-legend]').textContent()).toContain('禁煤区');
    expect(hashOf(p)).toMatch(/map=[\d.]+\/40\.\d+\/113\.\d+/);
    await shot(page, '01-overview-zh');
    // this Chromium draws WebGL in software (SwiftShader): the map leaves out multisampling and the
    // symbol fade (client/map/renderer.ts; the page asks for reduced motion too, which also has no fade)
    const drawing = await page.evaluate(() => {
      const map = (window as unknown as { __pcMapInstance: { getCanvas(): HTMLCanvasElement; _fadeDuration: number } }).__pcMapInstance;
      const gl = map.getCanvas().getContext('webgl2') ?? map.getCanvas().getContext('webgl');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return {
        renderer: info ? String(gl?.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '',
        antialias: gl?.getContextAttributes()?.antialias,
        fade: map._fadeDuration,
      };
    });
    expect(drawing).toEqual({ renderer: expect.stringContaining('SwiftShader'), antialias: false, fade: 0 });
    expect(p.external).toEqual([]);
    expect(p.problems).toEqual([]);
  });

  it('toggles a layer on and off, and the URL and the map legend follow', async () => {
    const p = await sharedPage();
    const { page } = p;
    const asFound = hashOf(p);
    const boilers = layers.find((l) => l.id === 'boilers')!;
    await page.locator('[data-testid=layer-toggle-boilers]').check();
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('boilers'));
    await waitForMap(page);
    expect(await page.locator('[data-testid=map-legend]').textContent()).toContain(boilers.title.zh);
    await page.locator('[data-testid=layer-toggle-construction_sites]').uncheck();
    await page.waitForFunction(() => !/layers=[^&]*construction_sites/.test(decodeURIComponent(location.hash)));
    // The unfolded row shows opacity and the legend drawn from the same style.
    await page.locator('[data-testid=layer-row-boilers] .layer-row__expand').click();
    await page.locator('[data-testid=layer-opacity-boilers]').fill('50');
    expect(await page.locator('[data-testid=layer-row-boilers] .legend').textContent()).toContain('燃煤');
    await shot(page, '02-layers-toggled');

    // and back: the link names the layers the page opened with, and the map legend drops the boilers
    await page.locator('[data-testid=layer-toggle-boilers]').uncheck();
    await page.locator('[data-testid=layer-toggle-construction_sites]').check();
    const layersOf = (hash: string) => /layers=([^&]*)/.exec(hash)?.[1];
    expect(layersOf(asFound)).toContain('construction_sites');
    await page.waitForFunction((want) => /layers=([^&]*)/.exec(decodeURIComponent(location.hash))?.[1] === want, layersOf(asFound));
    await waitForMap(page);
    expect(await page.locator('[data-testid=map-legend]').textContent()).not.toContain(boilers.title.zh);
    expect(p.problems).toEqual([]);
  });

  it('checks a site typed as WGS84 coordinates: marks it, outlines the zones and lists the articles', async () => {
    const { zone, lng, lat } = await insideZone('coal_ban_zones');
    const p = await checkPage();
    const { page } = p;
    await page.locator('[data-testid=tab-check]').click();
    await page.locator('[data-testid=crs-select]').selectOption('wgs84');
    await page.locator('[data-testid=coord-a]').fill(String(lng));
    await page.locator('[data-testid=coord-b]').fill(String(lat));
    await page.locator('[data-testid=coord-submit]').click();
    const result = page.locator('[data-testid=check-result]');
    await result.waitFor();
    expect(await page.locator('[data-testid=check-zones]').textContent()).toContain(String(zone.properties.name));
    const rules = await page.locator('[data-testid=check-rules]').textContent();
    expect(rules).toContain('第6条');
    expect(rules).toContain('散煤');
    // the dated rules, each saying whether it is in force at the moment checked (the API's list; in-force values follow the clock)
    const api = await get<{ windows: { rule: string }[] }>(`/api/check?lng=${lng}&lat=${lat}`);
    const windows = page.locator('[data-testid=check-windows] > li');
    expect(await windows.evaluateAll((els) => els.map((e) => e.getAttribute('data-in-force')))).toEqual(
      api.windows.map(() => expect.stringMatching(/^(true|false)$/)),
    );
    expect(await page.locator('[data-testid=check-windows]').textContent()).toContain('5月—9月每日10时—17时');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('check='));
    await waitForMap(page);
    await shot(page, '03-check-by-coordinates');
    expect(p.problems).toEqual([]);
    await clearCheck(page);
  });

  it('converts AMap (GCJ-02) coordinates back to WGS84 before checking, and explains the system', async () => {
    const { lng, lat } = await insideZone('coal_ban_zones');
    const [gLng, gLat] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const p = await checkPage();
    const { page } = p;
    await page.locator('[data-testid=tab-check]').click();
    await page.locator('[data-testid=crs-select]').selectOption('gcj02');
    expect(await page.locator('[data-testid=crs-help]').textContent()).toContain('高德');
    // A pasted "lng, lat" pair is split over both boxes.
    await page.locator('[data-testid=coord-a]').fill(`${gLng.toFixed(7)}, ${gLat.toFixed(7)}`);
    expect(await page.locator('[data-testid=coord-b]').inputValue()).toBe(gLat.toFixed(7).replace(/0+$/, ''));
    await page.locator('[data-testid=coord-submit]').click();
    await page.locator('[data-testid=check-result]').waitFor();
    const text = (await page.locator('[data-testid=check-point]').textContent()) ?? '';
    const [shownLng, shownLat] = (text.match(/-?\d+\.\d+/g) ?? []).map(Number);
    expect(Math.abs(shownLng! - lng)).toBeLessThan(2e-5);
    expect(Math.abs(shownLat! - lat)).toBeLessThan(2e-5);
    // EPSG:4547 needs easting/northing and says so; swapped axes get the server's explanation.
    await page.locator('[data-testid=crs-select]').selectOption('epsg4547');
    expect(await page.locator('[data-testid=crs-help]').textContent()).toContain('东坐标');
    await page.locator('[data-testid=coord-a]').fill('4438000');
    await page.locator('[data-testid=coord-b]').fill('525000');
    await page.locator('[data-testid=coord-submit]').click();
    await page.locator('[data-testid=check-error]').waitFor();
    expect(await page.locator('[data-testid=check-error]').textContent()).toMatch(/填反|x\/y/);
    // The browser logs the 400 answer itself; that one is expected here.
    p.problems.splice(0, p.problems.length, ...p.problems.filter((m) => !m.includes('status of 400')));
    expect(p.problems).toEqual([]);
    await clearCheck(page);
  });

  it('checks a site clicked on the map, and a reload of the link restores the check', async () => {
    const { zone, lng, lat } = await insideZone('coal_ban_zones');
    const p = await openPage(h, { sharedContext: true, hash: `#map=15.00/${lat.toFixed(5)}/${lng.toFixed(5)}&layers=coal_ban_zones,built_up_areas,streets` });
    const { page } = p;
    const c = await pageXY(page, [lng, lat]);
    await page.mouse.click(c.x, c.y);
    await page.locator('[data-testid=check-result]').waitFor();
    expect(await page.locator('[data-testid=check-zones]').textContent()).toContain(String(zone.properties.name));
    const text = (await page.locator('[data-testid=check-point]').textContent()) ?? '';
    const [cLng, cLat] = (text.match(/-?\d+\.\d+/g) ?? []).map(Number);
    expect(Math.abs(cLng! - lng)).toBeLessThan(1e-3);
    expect(Math.abs(cLat! - lat)).toBeLessThan(1e-3);
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('check='));
    await waitForMap(page);
    await shot(page, '04-check-by-click');

    await page.reload();
    await waitForMap(page);
    await page.locator('[data-testid=check-result]').waitFor();
    expect(await page.locator('[data-testid=check-zones]').textContent()).toContain(String(zone.properties.name));
    expect(await page.locator('[data-testid=layer-toggle-construction_sites]').isChecked()).toBe(false);
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('opens the inspector of a clicked site with every attribute in words and the zones it lies in', async () => {
    const sites = await get<FC>('/api/layers/construction_sites/features');
    const site = sites.features[0]!;
    const [lng, lat] = (site.geometry as GeoJSON.Point).coordinates as [number, number];
    const p = await openPage(h, { sharedContext: true, hash: `#map=17.50/${lat.toFixed(6)}/${lng.toFixed(6)}&layers=construction_sites` });
    const { page } = p;
    const c = await pageXY(page, [lng, lat]);
    await page.mouse.move(c.x - 30, c.y - 30);
    await page.mouse.move(c.x, c.y);
    await page.mouse.click(c.x, c.y);
    const inspector = page.locator('[data-testid=inspector]');
    await inspector.waitFor();
    expect(await page.locator('[data-testid=inspector-title]').textContent()).toBe(String(site.properties.name));
    const def = layers.find((l) => l.id === 'construction_sites')!;
    const attrs = (await page.locator('[data-testid=inspector]').textContent()) ?? '';
    expect(attrs).toContain(def.attributes.find((a) => a.key === 'site_type')!.label.zh);
    const typeWord = def.attributes.find((a) => a.key === 'site_type')!.options!.find((o) => o.value === site.properties.site_type)!.label.zh;
    expect(attrs).toContain(typeWord);
    expect(attrs).toContain('六个百分之百');
    await page.waitForFunction(() => !document.querySelector('[data-testid=inspector-zones]')?.textContent?.includes('正在查询'));
    // the harness acts as an admin (tests/helpers/app.ts), who may edit every layer: editing is offered
    expect(await page.locator('[data-testid=inspector-edit]').isEnabled()).toBe(true);
    expect(await page.locator('[data-testid=inspector-edit]').getAttribute('aria-disabled')).toBeNull();
    await page.waitForFunction(() => /f=construction_sites:\d+/.test(location.hash));
    await shot(page, '05-inspector');

    // The inspected feature is part of the link too.
    await page.reload();
    await waitForMap(page);
    await inspector.waitFor();
    expect(await page.locator('[data-testid=inspector-title]').textContent()).toBe(String(site.properties.name));
    await page.keyboard.press('Escape');
    await inspector.waitFor({ state: 'detached' });
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('finds a site by name and checks where it stands', async () => {
    const sites = await get<FC>('/api/layers/construction_sites/features');
    const site = sites.features[1]!;
    const name = String(site.properties.name);
    const p = await checkPage();
    const { page } = p;
    await page.locator('[data-testid=tab-check]').click();
    await page.locator('[data-testid=site-search]').fill(name.slice(0, Math.max(2, name.length - 1)));
    await page.locator('[data-testid=search-results] [role=option]').first().waitFor();
    await page.locator('[data-testid=search-results] [role=option]', { hasText: name }).first().click();
    await page.locator('[data-testid=check-result]').waitFor();
    expect(await page.locator('[data-testid=check-result]').textContent()).toContain(name);
    await page.locator('[data-testid=inspector]').waitFor();
    await waitForMap(page);
    await shot(page, '06-search');
    expect(p.problems).toEqual([]);
  });

  it('switches to English and back, and keeps the choice in the link', async () => {
    const p = await sharedPage();
    const { page } = p;
    await page.locator('[data-testid=lang-switch]').click();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Pingcheng air-quality spatial management');
    expect(await page.locator('[data-testid=layer-row-coal_ban_zones]').textContent()).toContain('Coal-ban zones');
    expect(await page.locator('[data-testid=demo-badge-header]').textContent()).toContain('Illustrative');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.waitForFunction(() => location.hash.includes('lang=en'));
    await waitForMap(page);
    await shot(page, '07-english');
    await page.locator('[data-testid=lang-switch]').click();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === '平城区大气污染防治空间管理');
    await page.waitForFunction(() => !location.hash.includes('lang=en'));
    expect(p.problems).toEqual([]);
  });

  it('exports a visible layer as a GeoJSON (and KML) download', async () => {
    const p = await sharedPage();
    const { page } = p;
    await page.locator('[data-testid=export-button]').click();
    await page.locator('[data-testid=export-menu]').waitFor();
    await shot(page, '08-export-menu');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-coal_ban_zones]').click()]);
    expect(download.suggestedFilename()).toMatch(/^coal_ban_zones.*\.geojson$/);
    const body = JSON.parse(await readFile((await download.path())!, 'utf8')) as { type: string; features: unknown[] };
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(layers.find((l) => l.id === 'coal_ban_zones')!.featureCount);

    // The other formats of the data I/O module come from the same menu.
    await page.locator('[data-testid=export-button]').click();
    await page.locator('[data-testid=export-format-kml]').check();
    const [kml] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-coal_ban_zones]').click()]);
    expect(kml.suggestedFilename()).toMatch(/^coal_ban_zones.*\.kml$/);
    expect(await readFile((await kml.path())!, 'utf8')).toContain('<kml');
    expect(p.problems).toEqual([]);
  });

  it('works on a narrow tablet screen with the panel as a drawer', async () => {
    const p = await openPage(h, { sharedContext: true, width: 820, height: 1180 });
    const { page } = p;
    expect(await page.locator('#sidebar').isVisible()).toBe(false);
    await shot(page, '09-tablet-map');
    await page.locator('[data-testid=panel-toggle]').click();
    await page.locator('#sidebar').waitFor({ state: 'visible' });
    await shot(page, '10-tablet-panel');
    expect(p.problems).toEqual([]);
    await p.close();
  });

  it('can be driven from the keyboard: skip link, layer switches, tabs', async () => {
    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'layer-toggle-coal_ban_zones');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Space');
    expect(await page.locator('[data-testid=layer-toggle-coal_ban_zones]').isChecked()).toBe(false);
    await page.locator('[data-testid=tab-check]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=coord-form]').waitFor();
    expect(p.problems).toEqual([]);
    await p.close();
  });
});
