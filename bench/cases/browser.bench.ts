/**
 * Headless Chromium (Debian's, via playwright-core): time from navigation to the map's first `idle`
 * with every point of the sites layer on it, against the same page with no data layer (the floor:
 * the app shell, the offline basemap and MapLibre itself). "First idle with the data" is the last
 * `idle` before the map has been quiet for a second after the app reported its layers loaded; the
 * map container carries the time of its latest `idle` (data-idle-at, ms since navigation).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PATHS } from '../../server/paths.ts';
import { summarise, type Row, type Timing } from '../stats.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEW = '#map=12.00/40.0800/113.3000';

export function ensureClientBuild(): void {
  if (existsSync(join(PATHS.clientDist, 'index.html'))) return;
  const r = spawnSync(process.execPath, [join(PATHS.root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: PATHS.root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

/** Milliseconds from navigation to the first idle with the data drawn, one fresh browser context per run. */
export async function timeToIdle(browser: Browser, url: string, layers: string, reps: number): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${url}/${VIEW}&layers=${layers}`);
    await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 180_000 });
    let last = '';
    for (;;) {
      await page.waitForTimeout(1000);
      const now = (await page.getAttribute('[data-testid=map]', 'data-idle-at')) ?? '';
      if (now && now === last) break;
      last = now;
    }
    if (i > 0) samples.push(Number(last)); // the first run warms the server's caches
    await context.close();
  }
  return summarise(samples);
}

export async function browserBench(url: string, sites: number, quick: boolean): Promise<Row> {
  ensureClientBuild();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const reps = quick ? 2 : 3;
    const ours = await timeToIdle(browser, url, 'nrmm_machines', reps);
    const floor = await timeToIdle(browser, url, '', reps);
    return {
      case: `browser: navigation → first map idle, ${sites} points (headless Chromium, software GL)`,
      ours,
      floor,
      floorName: 'same page, no data layer',
      target: '< 2.5 s',
      met: ours.median < 2500,
    };
  } finally {
    await browser.close();
  }
}
