/**
 * The first page in headless Chromium (Debian's, via playwright-core), as a ratio: navigation → the
 * map's first `idle` with the default layers drawn, in the app, against a bare MapLibre page with the
 * same style and data (software GL makes absolute times meaningless here, the ratio is what the
 * app's own weight costs). The bare page is the app's map style copied once from a loaded app page
 * (sources with their GeoJSON inline, served as one style.json) and maplibre-gl's own files, both
 * compressed like the app's assets. Every run is a fresh browser context (a cold cache: the first
 * visit), one warm-up each, then the measured runs alternate between the two pages.
 *
 * In `npm run bench` on the run's own database; alone: `npx tsx bench/cases/first-page.bench.ts`
 * (an embedded database with the demo data).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import compression from 'compression';
import express from 'express';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { firstLoad } from '../first-page.ts';
import { summarise, type Row } from '../stats.ts';
import { ensureClientBuilt } from '../../tests/helpers/client-build.ts';
import { noteFirstIdleAfterReady } from './browser.bench.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const CENTER = [113.3, 40.08] as const;
const ZOOM = 12;
// three alternating pairs: a pair takes 20–25 s in software GL, and five took 230 s of the server run's 15 minutes
const REPS = 3;

interface Probe {
  __pcMapInstance?: { getStyle(): unknown };
  __firstIdleAfterReady?: number;
}

const BARE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/__bare/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head>
<body><div id="map"></div>
<script type="module">
import { Map, setWorkerUrl } from '/__bare/maplibre-gl.mjs';
setWorkerUrl('/__bare/maplibre-gl-worker.mjs');
const style = await (await fetch('/__bare/style.json')).json();
// the app's own drawing settings on this software renderer (client/map/renderer.ts): no multisampling, no symbol fade
const map = new Map({ container: 'map', style, center: ${JSON.stringify(CENTER)}, zoom: ${ZOOM}, attributionControl: false, fadeDuration: 0, canvasContextAttributes: { antialias: false } });
map.once('idle', () => { window.__firstIdleAfterReady = performance.now(); });
</script></body></html>`;

/** The app with a bare MapLibre page in front of it, on one loopback port. */
async function serve(db: Db, style: () => unknown) {
  const outer = express();
  outer.use('/__bare', compression());
  outer.get('/__bare/index.html', (_req, res) => res.type('html').send(BARE_PAGE));
  outer.get('/__bare/style.json', (_req, res) => res.json(style()));
  outer.use('/__bare', express.static(join(PATHS.root, 'node_modules/maplibre-gl/dist')));
  outer.use(createApp({ db, config: {}, logger: pino({ level: 'silent' }), clientDist: PATHS.clientDistTest }));
  const server = outer.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Milliseconds from navigation to the page's first idle with its data, in a fresh context. */
async function loadOnce(browser: Browser, pageUrl: string, capture = false): Promise<{ ms: number; style?: unknown }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    // the first idle after data-ready
    await page.addInitScript(noteFirstIdleAfterReady);
    await page.goto(pageUrl);
    const at = await page.waitForFunction(() => (window as unknown as Probe).__firstIdleAfterReady, undefined, { timeout: 180_000, polling: 100 });
    const ms = Number(await at.jsonValue());
    if (!capture) return { ms };
    return { ms, style: await page.evaluate(() => (window as unknown as Probe).__pcMapInstance?.getStyle()) };
  } finally {
    await context.close();
  }
}

export async function firstPageBench(db: Db): Promise<Row> {
  // the build with the test hooks: the page hands its map's style to the bare page (window.__pcMapInstance);
  // it differs from the production build by those few lines only
  ensureClientBuilt('test');
  let style: unknown;
  const { url, close } = await serve(db, () => style);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const app = `${url}/#map=${ZOOM.toFixed(2)}/${CENTER[1].toFixed(4)}/${CENTER[0].toFixed(4)}`;
    style = (await loadOnce(browser, app, true)).style; // also the app's warm-up
    if (!style) throw new Error('the app page exposed no map (window.__pcMapInstance)');
    await loadOnce(browser, `${url}/__bare/index.html`);
    const ours: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < REPS; i++) {
      ours.push((await loadOnce(browser, app)).ms);
      bare.push((await loadOnce(browser, `${url}/__bare/index.html`)).ms);
    }
    // the weight is the production build's (what users load), built here when missing or stale
    const js = firstLoad(ensureClientBuilt()).total.js;
    const t = summarise(ours);
    const floor = summarise(bare);
    return {
      case: 'first page: navigation → first map idle with the default layers',
      ours: t,
      floor,
      floorName: 'bare MapLibre page, same style and data',
      target: 'initial JS ≤ 500 kB compressed; ratio reported',
      met: js.gzip <= 500_000 && js.brotli <= 500_000,
      note: `initial JS ${(js.raw / 1000).toFixed(0)} kB, ${(js.gzip / 1000).toFixed(0)} kB gzip, ${(js.brotli / 1000).toFixed(0)} kB brotli; ratio ${(t.median / floor.median).toFixed(2)}×`,
    };
  } finally {
    await browser.close();
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = await mkdtemp(join(tmpdir(), 'pingcheng-first-page-'));
  const db = await openPglite({ dataDir: dir });
  try {
    await migrate(db);
    await seedDemo(db, PATHS.demoSeeds);
    const row = await firstPageBench(db);
    console.log(JSON.stringify(row, null, 2));
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
