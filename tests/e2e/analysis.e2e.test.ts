/**
 * The analysis tab (issue 4) in a real browser against the real server with the demo data: the
 * numbers shown equal the API's, the list opens the inspector, the gaps are drawn as a map layer,
 * the statistics chart renders, English works, and an added violating site shows up after a
 * refresh (no stale caches). Screenshots: tests/e2e/screenshots/analysis-*.png.
 */
import { pointOnFeature } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageResponse } from '../../server/features/coverage/coverage.contract.ts';
import type { FeatureViolationsResponse, RulesResponse, ViolationsResponse } from '../../server/features/rules/rules.contract.ts';
import type { StatsResponse } from '../../server/features/stats/stats.contract.ts';
import { openPage, shot, startHarness, waitForMap, type Harness, type TrackedPage } from './harness.ts';

let h: Harness;
/** One page for the whole file, opened once (a map load in software WebGL is slow); the tests run in order on it. */
let p: TrackedPage;
const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${h.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
const zhNum = (n: number) => n.toLocaleString('zh-CN');
/** How the panel prints a percentage (one decimal, locale digits). */
const pctText = (p: number | null, locale = 'zh-CN') =>
  p === null ? '—' : `${(Math.round(p * 10) / 10).toLocaleString(locale, { maximumFractionDigits: 1 })} %`;

beforeAll(async () => {
  h = await startHarness();
  p = await openPage(h, { sharedContext: true, mapTimeout: 240_000 });
  // Software WebGL on a shared two-core machine: a click that moves the map can keep the page busy for a while.
  p.page.setDefaultTimeout(150_000);
}, 300_000);

afterAll(async () => {
  await p?.close();
  await h?.close();
});

describe('the analysis tab', { timeout: 300_000 }, () => {
  it('shows the same violation counts per rule, per street and in total as the API, and filters by rule', async () => {
    const api = await get<ViolationsResponse>('/api/violations');
    const { rules } = await get<RulesResponse>('/api/rules');
    expect(api.counts.total).toBeGreaterThan(0);
    const { page } = p;
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=viol-total]').waitFor();
    expect(await page.locator('[data-testid=viol-total]').textContent()).toBe(zhNum(api.counts.total));
    for (const r of rules) {
      const badge = page.locator(`[data-testid="viol-rule-${r.id}"]`);
      expect(await badge.locator('[data-testid=count]').textContent(), r.id).toBe(zhNum(api.counts.byRule[r.id] ?? 0));
      // The badge names the rule in Chinese with its article.
      expect(await badge.textContent()).toContain(r.title.zh);
    }
    for (const [code, n] of Object.entries(api.counts.byStreet)) {
      expect(await page.locator(`[data-testid="viol-street-${code}"] [data-testid=count]`).textContent(), code).toBe(zhNum(n));
    }
    // One list entry per flagged site.
    const sites = new Set(api.violations.map((v) => `${v.layer}-${v.featureId}`));
    expect(await page.locator('[data-testid=viol-list] > li').count()).toBe(sites.size);
    await waitForMap(page, 240_000);
    await shot(page, 'analysis-violations');

    // Filter by the rule with most cases: the total and the download link follow.
    const [ruleId, ruleCount] = Object.entries(api.counts.byRule).sort((a, b) => b[1] - a[1])[0]!;
    await page.locator('[data-testid=viol-filter-rule]').selectOption(ruleId);
    await page.waitForFunction((n) => document.querySelector('[data-testid=viol-total]')?.textContent === n, zhNum(ruleCount));
    const filtered = await get<ViolationsResponse>(`/api/violations?rule=${encodeURIComponent(ruleId)}`);
    expect(filtered.counts.total).toBe(ruleCount);
    const href = await page.locator('[data-testid=viol-download]').getAttribute('href');
    expect(href).toBe(`/api/violations.geojson?rule=${encodeURIComponent(ruleId)}`);
    const geo = (await (await fetch(`${h.url}${href}`)).json()) as { features: unknown[] };
    expect(geo.features.length).toBeGreaterThan(0);
    // Back to every rule for the next tests.
    await page.locator('[data-testid=viol-filter-rule]').selectOption('');
    await page.waitForFunction((n) => document.querySelector('[data-testid=viol-total]')?.textContent === n, zhNum(api.counts.total));
    expect(p.problems).toEqual([]);
  });

  it('opens the inspector for a violating site clicked in the list and marks violations on the map', async () => {
    const api = await get<ViolationsResponse>('/api/violations');
    const v = api.violations.find((x) => x.layer === 'coal_sales_points') ?? api.violations[0]!;
    const { page } = p;
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator(`[data-testid="viol-item-${v.layer}-${v.featureId}"]`).click();
    await page.locator('[data-testid=inspector]').waitFor();
    expect(await page.locator('[data-testid=inspector-title]').textContent()).toContain(v.name);
    await page.waitForFunction((f) => decodeURIComponent(location.hash).includes(`f=${f}`), `${v.layer}:${v.featureId}`);
    // the inspector lists the site's outcomes: the same items as the API, each with its rule's title and the 违规 / 待核查 tag
    const own = await get<FeatureViolationsResponse>(`/api/features/${v.layer}/${v.featureId}/violations`);
    const items = page.locator('[data-testid=inspector-outcomes] li[data-outcome]');
    await items.first().waitFor();
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-outcome')))).toEqual(own.violations.map((x) => x.outcome));
    for (const [i, x] of own.violations.entries()) {
      const text = await items.nth(i).textContent();
      expect(text).toContain(x.outcome === 'violation' ? '违规' : '待核查');
      expect(text).toContain(own.rules!.find((r) => r.id === x.rule)!.title.zh);
    }
    await waitForMap(page, 240_000);
    await shot(page, 'analysis-inspector');
    expect(p.problems).toEqual([]);
  });

  it('shows the coverage % and per-street table of the API and draws the gap polygons as a layer', async () => {
    const api = await get<CoverageResponse>('/api/coverage');
    const gaps = await get<{ features: { properties: { id: string; area_m2: number } }[] }>('/api/coverage/gaps.geojson');
    const { page } = p;
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=analysis-tab-coverage]').click();
    await page.locator('[data-testid=coverage-pct]').waitFor();
    expect(await page.locator('[data-testid=coverage-pct]').textContent()).toBe(pctText(api.coveragePct));
    const rows = api.byStreet.filter((s) => s.builtUpM2 > 0);
    expect(await page.locator('[data-testid=coverage-streets] tbody tr').count()).toBe(rows.length);
    for (const s of rows) {
      const row = page.locator('[data-testid=coverage-streets] tbody tr', { hasText: s.name });
      expect(await row.locator('td').last().textContent(), s.name).toContain(pctText(s.coveragePct));
    }
    expect(await page.locator('[data-testid=coverage-uncovered] > li').count()).toBe(Math.min(30, api.uncovered.length) + (api.uncovered.length > 30 ? 1 : 0));

    await page.locator('[data-testid=gaps-toggle]').check();
    const status = page.locator('[data-testid=gaps-status]');
    await page.waitForFunction(() => document.querySelector('[data-testid=gaps-status]')?.getAttribute('data-drawn') !== '', undefined, { timeout: 60_000 });
    // The source holds every gap piece of the API, and the map has drawn gap polygons.
    // (the demo data leaves gaps: coverage is below the 100 % target)
    expect(gaps.features.length).toBeGreaterThan(0);
    expect(Number(await status.getAttribute('data-loaded'))).toBe(gaps.features.length);
    expect(Number(await status.getAttribute('data-drawn'))).toBeGreaterThan(0);
    await shot(page, 'analysis-gaps');
    expect(await page.locator('[data-testid=gaps-download]').getAttribute('href')).toBe('/api/coverage/gaps.geojson');
    expect(p.problems).toEqual([]);
  });

  it('counts a violating site added through the API after Refresh (no stale cache)', async () => {
    const before = await get<ViolationsResponse>('/api/violations');
    const RULE = 'coal_ban.sales_point';
    const { page } = p;
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=analysis-tab-violations]').click();
    const badge = page.locator(`[data-testid="viol-rule-${RULE}"] [data-testid=count]`);
    await badge.waitFor();
    expect(await badge.textContent()).toBe(zhNum(before.counts.byRule[RULE]!));

    // An operating loose-coal outlet inside a coal-ban zone, added as an editor would.
    const zones = await get<{ features: { geometry: GeoJSON.Geometry }[] }>('/api/layers/coal_ban_zones/features');
    const at = pointOnFeature({ type: 'Feature', geometry: zones.features[0]!.geometry, properties: {} }).geometry.coordinates;
    const res = await fetch(`${h.url}/ogc/collections/coal_sales_points/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'Feature',
        properties: { name: '测试新增散煤点（e2e）', status: 'operating' },
        geometry: { type: 'Point', coordinates: at },
      }),
    });
    expect(res.status).toBe(201);

    await page.locator('[data-testid=analysis-refresh]').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=viol-total]')?.textContent === n, zhNum(before.counts.total + 1), {
      timeout: 60_000,
    });
    expect(await badge.textContent()).toBe(zhNum(before.counts.byRule[RULE]! + 1));
    expect(await page.locator('[data-testid=viol-list]').textContent()).toContain('测试新增散煤点（e2e）');
    const after = await get<ViolationsResponse>('/api/violations');
    expect(after.counts.total).toBe(before.counts.total + 1);
    expect(p.problems).toEqual([]);
  });
  it('shows zone areas, overlaps and site counts with a chart, and switches to English', async () => {
    const api = await get<StatsResponse>('/api/stats');
    const { page } = p;
    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=analysis-tab-stats]').click();
    await page.locator('[data-testid=stats-zones]').waitFor();
    const counts = await page.locator('[data-testid=stats-zones] tbody tr td:first-of-type').allTextContents();
    expect(counts).toEqual(api.zoneLayers.map((z) => zhNum(z.featureCount)));
    const totals = await page.locator('[data-testid=stats-sites-zones] tbody tr td:first-of-type').allTextContents();
    expect(totals).toEqual(Object.values(api.siteTotals).map(zhNum));
    // chart.js drew on the canvas: it has a size on the page and non-blank pixels (a share of its
    // device pixels, which the harness keeps few)
    const drawn = await page.locator('[data-testid=chart-zones] canvas').evaluate((c: HTMLCanvasElement) => {
      const ctx = c.getContext('2d')!;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) ink++;
      return { cssWidth: c.clientWidth, inkShare: ink / (c.width * c.height) };
    });
    expect(drawn.cssWidth).toBeGreaterThan(100);
    expect(drawn.inkShare).toBeGreaterThan(0.05);
    await page.locator('[data-testid=chart-streets] canvas').waitFor();
    const builtInBan = api.overlaps.find((o) => o.layer === 'built_up_areas' && o.within === 'coal_ban_zones');
    if (builtInBan?.sharePct != null && builtInBan.areaM2 > 0)
      expect(await page.locator('[data-testid=overlap-built_up_areas-coal_ban_zones]').textContent()).toContain(pctText(builtInBan.sharePct));
    await shot(page, 'analysis-stats');

    await page.locator('[data-testid=lang-switch]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('[data-testid=tab-analysis]').textContent()).toBe('Analysis');
    expect(await page.locator('[data-testid=analysis-tab-stats]').textContent()).toBe('Statistics');
    expect(await page.locator('[data-testid=stats]').textContent()).toContain('Sites per street office');
    await page.locator('[data-testid=analysis-tab-violations]').click();
    expect(await page.locator('[data-testid=violations]').textContent()).toContain('By rule');
    await shot(page, 'analysis-en');
    expect(p.problems).toEqual([]);
  });
});
