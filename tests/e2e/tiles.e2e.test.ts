/**
 * A layer above the tile threshold is drawn from vector tiles, never downloaded whole, and a point
 * clicked on the map still opens the inspector (the feature is fetched by id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { mulberry32 } from '../../seeds/lib/prng.ts';
import { openPage, pageXY, shot, startHarness, waitForMap, type Harness } from './harness.ts';

let h: Harness;
const TARGET: [number, number] = [113.3012, 40.0867];

beforeAll(async () => {
  h = await startHarness();
  const layer = findLayer('gas_stations')!;
  const r = mulberry32(3);
  const raw = Array.from({ length: 25_000 }, (_, i) => ({ name: `密集站${i}`, at: [113.22 + r() * 0.16, 40.0 + r() * 0.16] }));
  raw.push({ name: '目标加油站', at: TARGET });
  const features = raw.map((f) => {
    const v = validateFeature(layer, { type: 'Feature', properties: { name: f.name }, geometry: { type: 'Point', coordinates: f.at } });
    if (!v.valid) throw new Error(v.reason);
    return v.feature;
  });
  await writeFeatures(h.db.db, 'gas_stations', features);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe('a layer drawn from vector tiles', { timeout: 300_000 }, () => {
  it('loads tiles instead of the whole layer, shows server clusters, and inspects a clicked point', async () => {
    const p = await openPage(h, { hash: '#map=12.00/40.0800/113.3000&layers=gas_stations' });
    // the main thread never fetched the layer as GeoJSON (MapLibre's worker fetches the tiles)
    const requests = await p.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    await shot(p.page, '20-tiles-low-zoom');
    p.context.on('request', (req) => requests.push(new URL(req.url()).pathname));
    await p.page.goto(`${h.url}/#map=18.00/${TARGET[1]}/${TARGET[0]}&layers=gas_stations`);
    await p.page.reload();
    await waitForMap(p.page, 120_000); // ready, and the tiles in view drawn
    expect(requests.some((u) => u.startsWith('/tiles/gas_stations/'))).toBe(true);
    expect(requests.some((u) => u === '/api/layers/gas_stations/features')).toBe(false);
    const c = await pageXY(p.page, TARGET);
    await p.page.mouse.move(c.x - 30, c.y - 30);
    await p.page.mouse.move(c.x, c.y);
    await p.page.mouse.click(c.x, c.y);
    await p.page.locator('[data-testid=inspector]').waitFor();
    await p.page.waitForFunction(() => document.querySelector('[data-testid=inspector-title]')?.textContent === '目标加油站');
    await shot(p.page, '21-tiles-inspector');
    expect(p.problems).toEqual([]);
    expect(p.external).toEqual([]);
    await p.context.close();
  });
});
