/**
 * What the browser tests stand on: the client built with its test hooks (window.__pcMap,
 * client/config.ts) into dist/client-test by the e2e project's global setup when missing or older
 * than client/ (tests/helpers/client-build.ts; the production build carries no hooks),
 * the real server (createApp over an embedded PostGIS copy with the demo data) on a loopback port,
 * and Debian's Chromium driven by playwright-core (one per worker, a context per page). Console errors are collected per page so a test
 * can assert there were none.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { openTestDb, type TestDb } from '../helpers/db.ts';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppDeps } from '../../server/app.ts';
import { testApp } from '../helpers/app.ts';

export const SCREENSHOTS = join(PATHS.root, 'tests/e2e/screenshots');
const TAKE_SCREENSHOTS = process.env.SCREENSHOTS === '1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The real app on a loopback port. E2E_BASEMAP_DIR (development only) serves another
 * data/basemap folder in front of the app's own.
 */
async function listen(db: TestDb['db'], auth: HarnessOptions['auth'], config: AppDeps['config'] = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const outer = express();
  if (process.env.E2E_BASEMAP_DIR) outer.use('/data/basemap', express.static(process.env.E2E_BASEMAP_DIR));
  outer.use(testApp(db, config, { actAs: auth === 'real' ? 'anonymous' : 'admin', clientDist: PATHS.clientDistTest }));
  const server = outer.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Harness {
  url: string;
  browser: Browser;
  db: TestDb;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * 'implicit-admin' (default): requests without credentials act as an admin (tests/helpers/app.ts).
   * 'real': nobody is signed in until the page signs in through the UI (create the account with
   * server/features/auth/users.service.ts on `db`).
   */
  auth?: 'implicit-admin' | 'real';
  /** Server configuration beyond the defaults (e.g. BASEMAP_FILE). */
  config?: AppDeps['config'];
}

/**
 * One Chromium per Vitest worker: the worker runs several browser files one after another
 * (`isolate: false` keeps this module, vite.config.ts), and each file works in contexts of its own,
 * all closed when it ends. Launching Chromium and warming its software GPU process once per worker
 * instead of once per file saves seconds of CPU a file. A browser that crashed or was closed is
 * launched again. Playwright closes it when the worker exits.
 */
let workerBrowser: Promise<Browser> | undefined;

async function sharedBrowser(): Promise<Browser> {
  if (workerBrowser && !(await workerBrowser.catch(() => undefined))?.isConnected()) workerBrowser = undefined;
  workerBrowser ??= chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  return workerBrowser;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const db = await openTestDb('pglite');
  await seedDemo(db.db, process.env.E2E_SEED_DIR ?? PATHS.demoSeeds);
  const server = await listen(db.db, opts.auth, opts.config);
  const browser = await sharedBrowser();
  return {
    url: server.url,
    browser,
    db,
    async close() {
      // the file's own contexts (files in a worker run one at a time): the next file starts with none
      await Promise.all(browser.contexts().map((c) => c.close()));
      await server.close();
      await db.close();
    },
  };
}

export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
  /** Requests that left the loopback server (the app must work offline). */
  external: string[];
}

/**
 * Every context draws at half the device pixels of its CSS size. Layout, MapLibre's camera,
 * hit-testing and label placement all work in CSS pixels, so a test sees the same page, the same
 * map and the same features; only the raster is smaller. Software WebGL (SwiftShader) pays for
 * every device pixel of every frame, and the map's frames were most of the browser files' CPU:
 * at 1366 × 768 a frame of the demo map cost ~190 ms of the GPU process at scale 1 and ~60 ms
 * at 0.5. Screenshots (SCREENSHOTS=1) are for people to look at: they keep full resolution.
 */
const DEVICE_SCALE = TAKE_SCREENSHOTS ? 1 : 0.5;

/**
 * A page of the app in a fresh context. Every pixel of software WebGL is CPU work, so tests that
 * need no particular size take a small laptop's 1024 × 640: the desktop layout (side panel beside
 * the map, from 900 px; the header leaves out its subtitle below 1180 px), with 40 % fewer pixels
 * than the commonest office screen, 1366 × 768. Tests about a size pass it (phone, tablet, wide
 * screens: app, phone, batch and map-details files).
 *
 * The context asks for reduced motion, as a user may in the system settings: the app then moves
 * the map without animation (MapLibre jumps instead of easing) and shows no CSS transitions or
 * spinners (client/styles/base.css). A 600 ms camera ease is about ten frames of software WebGL; a
 * jump is the frames of the new view only (half the CPU of a fly to a feature, measured). No test
 * asserts anything about a movement in progress, only where it ends.
 */
export async function openPage(
  h: Harness,
  opts: {
    width?: number;
    height?: number;
    hash?: string;
    mapTimeout?: number;
    /** Runs before the app is loaded (to route a request the app makes as it starts). */
    beforeLoad?: (page: Page) => Promise<unknown>;
  } = {},
): Promise<TrackedPage> {
  const context = await h.browser.newContext({
    viewport: { width: opts.width ?? 1024, height: opts.height ?? 640 },
    acceptDownloads: true,
    locale: 'zh-CN',
    deviceScaleFactor: DEVICE_SCALE,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // Aborted requests (a newer search replaced an older one) are normal.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) external.push(r.url());
  });
  await opts.beforeLoad?.(page);
  await page.goto(`${h.url}/${opts.hash ?? ''}`);
  await waitForMap(page, opts.mapTimeout);
  return { page, context, problems, external };
}

/**
 * The map has drawn everything it was given: two animation frames let the page's last change
 * reach the map (React effects, MapLibre's repaint), then the map container's data-idle
 * (client/map/MapController.ts: false while the map loads, moves or draws) must be true.
 */
export async function waitForMapIdle(page: Page, timeout = 180_000): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  await page.waitForSelector('[data-testid=map][data-idle=true]', { timeout });
}

/** The app marks the map container ready once the style and every visible layer have loaded; then the map has drawn them. */
export async function waitForMap(page: Page, timeout = 180_000): Promise<void> {
  // generous: on a loaded 2-core machine software WebGL can need well over a minute
  await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout });
  await waitForMapIdle(page, timeout);
}

/** Screenshots for looking at the UI: only with SCREENSHOTS=1 (they cost time and assert nothing). */
export async function shot(page: Page, name: string): Promise<string | undefined> {
  if (!TAKE_SCREENSHOTS) return undefined;
  await mkdir(SCREENSHOTS, { recursive: true });
  await waitForMapIdle(page);
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** Centre of the map canvas in page coordinates. */
export async function mapCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.locator('[data-testid=map] canvas').boundingBox();
  if (!box) throw new Error('map canvas not found');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
