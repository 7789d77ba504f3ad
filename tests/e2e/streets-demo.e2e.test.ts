/**
 * The street offices keep their official names; with the demo boundaries loaded the UI marks them
 * wherever street names are listed: the layer list, the analysis tab's lists by street, the site
 * check's zones. The marks say 示意 in words a reader sees (not only a tooltip).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startHarness, type Harness, type TrackedPage } from './harness.ts';

const NOTE = '街道边界为示意数据，所属街道办事处仅供参考。';
let h: Harness;
let p: TrackedPage;

beforeAll(async () => {
  h = await startHarness();
  p = await openPage(h, { sharedContext: true, mapTimeout: 240_000 });
  p.page.setDefaultTimeout(150_000);
}, 300_000);

afterAll(async () => {
  await p?.close();
  await h?.close();
});

describe('street offices on demo boundaries', { timeout: 300_000 }, () => {
  it('are marked in the layer list, the analysis lists by street and the site check’s zones', async () => {
    const { page } = p;
    expect(await page.locator('[data-testid=layer-row-streets] [data-testid=streets-demo-tag]').textContent()).toBe('示意边界');
    // no other layer row carries the street mark
    expect(await page.locator('[data-testid^=layer-row-] [data-testid=streets-demo-tag]').count()).toBe(1);

    await page.locator('[data-testid=tab-analysis]').click();
    await page.locator('[data-testid=viol-by-street]').waitFor();
    const notes = page.locator('[data-testid=streets-demo-note]');
    await notes.first().waitFor();
    expect(await notes.first().textContent()).toBe(NOTE);
    // the street filter's label carries the tag too (its options are bare names)
    expect(await page.locator('label:has([data-testid=viol-filter-street]) [data-testid=streets-demo-tag]').count()).toBe(1);

    // a point inside a street office: its name in the check's zones, with the tag beside it
    const [street] = await h.db.db.query<{ name: string; lng: number; lat: number }>(
      `SELECT name, ST_X(ST_PointOnSurface(geom)) AS lng, ST_Y(ST_PointOnSurface(geom)) AS lat FROM features WHERE layer_id = 'streets' ORDER BY id LIMIT 1`,
    );
    await page.locator('[data-testid=tab-check]').click();
    await page.locator('[data-testid=crs-select]').selectOption('wgs84');
    await page.locator('[data-testid=coord-a]').fill(street!.lng.toFixed(6));
    await page.locator('[data-testid=coord-b]').fill(street!.lat.toFixed(6));
    await page.locator('[data-testid=coord-submit]').click();
    await page.locator('[data-testid=check-result]').waitFor();
    const zones = page.locator('[data-testid=check-zones]');
    expect(await zones.textContent()).toContain(street!.name);
    expect(await zones.locator('[data-testid=streets-demo-tag]').textContent()).toBe('示意边界');
    expect(p.problems).toEqual([]);
  });
});
