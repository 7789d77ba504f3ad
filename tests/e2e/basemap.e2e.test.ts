/**
 * The basemap switcher in a real browser: a deployment with a PMTiles file but no Tianditu key
 * offers the file, shows Tianditu disabled with the key it needs, and draws the file's tiles.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileAt } from '../../server/lib/tile-math.ts';
import { solidPng, writePmtiles, type TestTile } from '../helpers/pmtiles.ts';
import { openPage, shot, startHarness, type Harness } from './harness.ts';

let h: Harness;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'basemap-e2e-'));
  const png = solidPng([200, 120, 60]);
  const tiles: TestTile[] = [];
  for (let z = 8; z <= 12; z++) {
    const [, x0, y0] = tileAt(113.1, 40.3, z);
    const [, x1, y1] = tileAt(113.5, 39.9, z);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push({ z, x, y, data: png });
  }
  const file = join(dir, 'district.pmtiles');
  await writeFile(file, writePmtiles(tiles, { tileType: 2 }));
  h = await startHarness({ config: { BASEMAP_FILE: file } });
});

afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('basemap switcher', { timeout: 300_000 }, () => {
  it('offers the file, says Tianditu needs TIANDITU_KEY, and draws the file under the layers', async () => {
    const p = await openPage(h, { sharedContext: true });
    const { page } = p;
    const select = page.locator('[data-testid=basemap-select]');
    const options = await select
      .locator('option')
      .evaluateAll((els) => els.map((e) => ({ value: (e as HTMLOptionElement).value, disabled: (e as HTMLOptionElement).disabled, text: e.textContent })));
    expect(options.map((o) => o.value)).toEqual(['offline', 'file', 'tianditu-vec', 'tianditu-img']);
    expect(options.map((o) => o.disabled)).toEqual([false, false, true, true]);
    expect(options[2]!.text).toContain('TIANDITU_KEY');
    const tile = page.waitForResponse((r) => /\/basemap\/file\/\d+\/\d+\/\d+$/.test(r.url()) && r.status() === 200);
    await select.selectOption('file');
    const res = await tile;
    expect(res.headers()['content-type']).toBe('image/png');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('base=file'));
    await shot(page, '20-basemap-file');
    expect(p.external).toEqual([]);
    expect(p.problems).toEqual([]);
    await p.close();
  });
});
