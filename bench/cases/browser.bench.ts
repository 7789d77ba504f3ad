/**
 * Headless Chromium (Debian's, via playwright-core): time from navigation to the map's first `idle`
 * with the sites layer drawn, against the same page with no sites layer (the floor: the app shell,
 * the offline basemap, the zone layers and MapLibre itself). "First idle with the data" is the
 * first `idle` the map fires after the app has handed it every shown layer (the map container's
 * data-ready turns true): for GeoJSON the whole layer has been downloaded, clustered and drawn; for
 * tiles every tile in view has been fetched and drawn. The map container carries the time of its
 * latest `idle` (data-idle-at, ms since navigation); a script in the page notes the first one
 * after data-ready.
 *
 * Each size is drawn both ways, forced by the link (`tiles=off`: the whole layer as GeoJSON,
 * clustered in the browser; `tiles=on`: vector tiles from the server), which is how
 * TILE_THRESHOLD in client/map/tileSource.ts is chosen. On a server the sizes are 10 000 and
 * 100 000 sites (loaded step by step into the scratch schema `bench_browser`; with --quick, the
 * run's own number of sites); on the embedded database, the run's own data. One warm-up run of the
 * floor, then two measured runs per row (the first run of a tiled row renders its tiles cold, as
 * for a first visitor).
 */
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { migrate } from '../../server/db/migrate.ts';
import { ensureClientBuilt } from '../../tests/helpers/client-build.ts';
import { loadFile, type BenchContext } from '../context.ts';
import { summarise, type Row, type Timing } from '../stats.ts';
import { comparisonData, openSmallServerDb } from './embedded.bench.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEW = '#map=12.00/40.0800/113.3000';
// two sizes either side of TILE_THRESHOLD; at 100 000 points one run takes 15–25 s in software GL
const SIZES = [10_000, 100_000];

interface Probe {
  __readyAt?: number;
  __firstIdleAfterReady?: number;
}

/** Runs in the page before the app: notes when data-ready turns true, then the first idle after it. */
export function noteFirstIdleAfterReady() {
  const w = window as unknown as Probe;
  new MutationObserver((changes) => {
    for (const c of changes) {
      const el = c.target as HTMLElement;
      if (el.dataset.testid !== 'map') continue;
      if (c.attributeName === 'data-ready' && el.dataset.ready === 'true') w.__readyAt ??= performance.now();
      if (c.attributeName === 'data-idle-at' && w.__readyAt !== undefined && w.__firstIdleAfterReady === undefined) {
        const at = Number(el.dataset.idleAt);
        if (at >= w.__readyAt) w.__firstIdleAfterReady = at;
      }
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready', 'data-idle-at'] });
}

/**
 * Milliseconds from navigation to the first idle with the data drawn, one fresh browser context per
 * run; `warmup` runs first, unmeasured.
 */
export async function timeToIdle(browser: Browser, url: string, hash: string, reps: number, warmup = 0): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < reps + warmup; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.addInitScript(noteFirstIdleAfterReady);
    await page.goto(`${url}/${VIEW}&${hash}`);
    const idleAt = await page.waitForFunction(() => (window as unknown as Probe).__firstIdleAfterReady, undefined, { timeout: 180_000, polling: 100 });
    if (i >= warmup) samples.push(Number(await idleAt.jsonValue()));
    await context.close();
  }
  return summarise(samples);
}

/** GeoJSON and tiles at one size, against the floor; notes which is faster. */
async function atSize(browser: Browser, url: string, sites: number, floor: Timing, reps: number): Promise<Row[]> {
  const geojson = await timeToIdle(browser, url, 'layers=nrmm_machines&tiles=off', reps);
  const tiles = await timeToIdle(browser, url, 'layers=nrmm_machines&tiles=on', reps);
  const faster = tiles.median < geojson.median ? 'tiles' : 'GeoJSON';
  const row = (how: string, t: Timing): Row => ({
    case: `browser: navigation → first map idle, ${sites} points as ${how}`,
    ours: t,
    floor,
    floorName: 'same page, no data layer',
    target: '< 2.5 s',
    met: t.median < 2500,
    note: `${faster} faster at this size`,
  });
  return [row('GeoJSON (browser clusters)', geojson), row('vector tiles', tiles)];
}

async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  // the production build, as users get it (rebuilt when client/ is newer: a stale build once measured an old client)
  ensureClientBuilt();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

export async function browserBench(ctx: BenchContext, log: (m: string) => void): Promise<Row[]> {
  const reps = 2;
  if (!ctx.databaseUrl) {
    return withBrowser(async (browser) => atSize(browser, ctx.url, ctx.sites, await timeToIdle(browser, ctx.url, 'layers=', reps, 1), reps));
  }
  const { sites, sitesPath } = await comparisonData(ctx);
  const sizes = ctx.quick ? [sites] : SIZES;
  const db = await openSmallServerDb(ctx.databaseUrl, 'bench_browser');
  const server = createApp({ db, config: {}, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await migrate(db);
    return await withBrowser(async (browser) => {
      const floor = await timeToIdle(browser, url, 'layers=', reps, 1); // the warm-up run warms the browser and the app
      const rows: Row[] = [];
      let loaded = 0;
      for (const size of sizes) {
        log(`  ${size} sites…`);
        loaded += await loadFile(db, 'nrmm_machines', sitesPath, { skip: loaded, limit: size - loaded });
        await db.query('VACUUM ANALYZE features'); // as in run.ts: no autovacuum during the timing
        rows.push(...(await atSize(browser, url, loaded, floor, reps)));
      }
      return rows;
    });
  } finally {
    server.close();
    await db.close();
  }
}
