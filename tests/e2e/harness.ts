/**
 * What the browser tests stand on: the client built with its test hooks (window.__pcMap,
 * client/config.ts) into dist/client-test by the e2e project's global setup when missing or older
 * than client/ (tests/helpers/client-build.ts; the production build carries no hooks),
 * the real server (createApp over an embedded PostGIS copy with the demo data) on a loopback port,
 * and Debian's Chromium driven by playwright-core (one per worker; a context per page, or one per
 * worker whose pages are reused, see workerContext). Console errors are collected per page so a test
 * can assert there were none.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page, type Request } from 'playwright-core';
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
  /** Device pixels per CSS pixel of this file's pages (see DEVICE_SCALE). */
  deviceScale: number;
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
  /**
   * Device pixels per CSS pixel of this file's pages, for files that measure layout to the pixel
   * (DEVICE_SCALE says why the default is so low). Chromium places boxes on whole device pixels: at
   * 0.25 a 390 px wide phone screen lays out 392 px wide; at 0.5 every size the tests use is whole.
   */
  deviceScale?: number;
}

/**
 * One Chromium per Vitest worker: the worker runs several browser files one after another
 * (`isolate: false` keeps this module, vite.config.ts), and each file works in contexts of its own,
 * all closed when it ends. Launching Chromium and warming its software GPU process once per worker
 * instead of once per file saves seconds of CPU a file. A browser that crashed or was closed is
 * launched again. Playwright closes it when the worker exits.
 */
let workerBrowser: Promise<Browser> | undefined;

/**
 * The Chromium features Playwright (1.65) turns off for every browser it launches, as its own
 * `--disable-features` argument says. Chromium keeps only the last `--disable-features` of its
 * command line, so ours must carry Playwright's too (tests/e2e/browser.e2e.test.ts checks that it
 * does, with the browser's own record of its features).
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Headless Chromium (156) still builds the browser's own interface for every window, and every
 * context is a window: each one loads the address bar's two suggestion popups
 * (chrome://omnibox-popup.top-chrome/, a web page of its own in a renderer process of its own) and
 * keeps them informed of every change of the page's address, which the app changes as the map moves.
 * Nobody sees them here. Measured (three contexts, each loading the app until the map is idle): the
 * popups' renderers took 1.2–1.4 CPU-s a context, and Chromium in all went from 17–18 to 10–12 CPU-s
 * without them.
 */
export const TEST_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...TEST_DISABLED_FEATURES].join(',')}`,
];

export async function sharedBrowser(): Promise<Browser> {
  if (workerBrowser && !(await workerBrowser.catch(() => undefined))?.isConnected()) workerBrowser = undefined;
  workerBrowser ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
    deviceScale: opts.deviceScale ?? DEVICE_SCALE,
    async close() {
      // files in a worker run one at a time: the next one starts with the shared contexts only
      await closeFileContexts(browser);
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
  /** Closes the page (its context too, unless it is the file's shared one). */
  close(): Promise<void>;
}

/**
 * Every context draws at a quarter of the device pixels of its CSS size in each direction. Layout,
 * MapLibre's camera, hit-testing and label placement all work in CSS pixels, so a test sees the same
 * page, the same map and the same features; only the raster is smaller. Software WebGL
 * (SwiftShader) pays for every device pixel of every frame, and the map's frames were most of the
 * browser files' CPU: at 1366 × 768 a frame of the demo map cost ~190 ms of the GPU process at
 * scale 1 and ~60 ms at 0.5. From 0.5 to 0.25 the GPU process of the whole e2e project went from
 * 67–69 to 47–57 CPU-s (two runs each, other work on the machine); app.e2e and map-details.e2e
 * together from 95–100 to 74–82 CPU-s in all. A file that measures layout to the pixel asks for more
 * (HarnessOptions.deviceScale). Screenshots (SCREENSHOTS=1) are for people to look at: they keep
 * full resolution (contextOptions).
 */
const DEVICE_SCALE = 0.25;

/**
 * A page of the app, in a fresh context or in the file's shared one (opts.sharedContext). Every
 * pixel of software WebGL is CPU work, so tests that need no particular size take a small laptop's
 * 1024 × 640: the desktop layout (side panel beside the map, from 900 px; the header leaves out
 * its subtitle below 1180 px), with 40 % fewer pixels than the commonest office screen, 1366 × 768. Tests about a size pass it (phone, tablet, wide
 * screens: app, phone, batch and map-details files).
 *
 * The context asks for reduced motion, as a user may in the system settings: the app then moves
 * the map without animation (MapLibre jumps instead of easing) and shows no CSS transitions or
 * spinners (client/styles/base.css), and labels and basemap tiles do not fade in
 * (client/map/renderer.ts). A 600 ms camera ease is about ten frames of software WebGL; a jump is the
 * frames of the new view only (half the CPU of a fly to a feature, measured). No test asserts
 * anything about a movement in progress, only where it ends. A test passes motion: 'no-preference'
 * to keep the animated path covered (phone.e2e's "my location" flies there).
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
    /**
     * Load the app into a page of the worker's shared context that an earlier test (of any file) closed, when
     * there is one, instead of a new page in a new context (see workerContext). Not for a test that
     * sets the context's permissions or geolocation, or listens on the context.
     */
    sharedContext?: boolean;
    /** The user's motion preference (prefers-reduced-motion); only for a page in a context of its own. */
    motion?: 'reduce' | 'no-preference';
  } = {},
): Promise<TrackedPage> {
  const size = { width: opts.width ?? 1024, height: opts.height ?? 640 };
  if (opts.sharedContext && opts.motion) throw new Error("openPage: motion is the context's; not with sharedContext");
  const context = opts.sharedContext ? await workerContext(h) : await h.browser.newContext(contextOptions(size, h.deviceScale, opts.motion));
  // one page in use at a time: releasing a page clears the context's cookies and the origin's
  // storage, which would sign out and reset any other page of the context mid-test
  if (opts.sharedContext && context.pages().some((other) => !released.get(context)?.includes(other)))
    throw new Error('openPage: the shared context already has a page in use; close it first, or open this page without sharedContext');
  const page = (opts.sharedContext && released.get(context)?.pop()) || (await context.newPage());
  if (opts.sharedContext) await page.setViewportSize(size);
  const problems: string[] = [];
  const external: string[] = [];
  const listeners = {
    console: (m: ConsoleMessage) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    },
    pageerror: (e: Error) => problems.push(`pageerror: ${e.message}`),
    requestfailed: (r: Request) => {
      // Aborted requests (a newer search replaced an older one) are normal.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
    },
    request: (r: Request) => {
      const u = new URL(r.url());
      if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) external.push(r.url());
    },
  };
  page.on('console', listeners.console);
  page.on('pageerror', listeners.pageerror);
  page.on('requestfailed', listeners.requestfailed);
  page.on('request', listeners.request);
  await opts.beforeLoad?.(page);
  await page.goto(`${h.url}/${opts.hash ?? ''}`);
  await waitForMap(page, opts.mapTimeout);
  const close = opts.sharedContext
    ? async () => {
        page.off('console', listeners.console);
        page.off('pageerror', listeners.pageerror);
        page.off('requestfailed', listeners.requestfailed);
        page.off('request', listeners.request);
        await releasePage(page);
      }
    : () => context.close();
  return { page, context, problems, external, close };
}

function contextOptions(
  viewport: { width: number; height: number },
  deviceScaleFactor: number,
  reducedMotion: 'reduce' | 'no-preference' = 'reduce',
): BrowserContextOptions {
  return { viewport, acceptDownloads: true, locale: 'zh-CN', deviceScaleFactor: TAKE_SCREENSHOTS ? 1 : deviceScaleFactor, reducedMotion };
}

/**
 * Loading the app into a page that had it before costs about half the CPU of a load in a new
 * page (1.9 against 3.6 CPU-s of Chromium, demo map): the page keeps its renderer process, whose
 * V8 still holds the app's compiled scripts. Sharing a context alone does not help: a new page
 * starts a new process, and Chromium keeps no compiled code for contexts that live only in memory
 * (measured: no saving). So the tests that can share one context do, across the files the worker
 * runs, and a test's closed page waits, blank and emptied, for the next openPage of any file: each
 * file's app has a port, so an origin, of its own, and a page is emptied of the last app's storage
 * and cookies when it is released. One such context per browser and device scale (a context's
 * scale is fixed when it is made).
 */
const sharedContexts = new WeakMap<Browser, Map<number, Promise<BrowserContext>>>();
const released = new WeakMap<BrowserContext, Page[]>();

function sharedContextsOf(browser: Browser): Map<number, Promise<BrowserContext>> {
  const byScale = sharedContexts.get(browser) ?? new Map<number, Promise<BrowserContext>>();
  sharedContexts.set(browser, byScale);
  return byScale;
}

function workerContext(h: Harness): Promise<BrowserContext> {
  const byScale = sharedContextsOf(h.browser);
  let context = byScale.get(h.deviceScale);
  if (!context) {
    context = h.browser.newContext(contextOptions({ width: 1024, height: 640 }, h.deviceScale));
    byScale.set(h.deviceScale, context);
  }
  return context;
}

/**
 * The end of a file: its own contexts are closed; in the shared ones, a page a test left in use
 * (one that failed before closing it) is closed, so the next file finds only released pages.
 */
async function closeFileContexts(browser: Browser): Promise<void> {
  const shared = new Set(await Promise.all(sharedContextsOf(browser).values()));
  const inUse = (c: BrowserContext) => c.pages().filter((p) => !released.get(c)?.includes(p));
  await Promise.all(browser.contexts().map((c) => (shared.has(c) ? Promise.all(inUse(c).map((p) => p.close())) : c.close())));
}

/**
 * Leaves the page as a new one in a new context would be: no stored language, column mapping or
 * session, no routes, screen media, Playwright's default timeouts, and no app running (about:blank
 * also makes the next goto a full load, even to a URL that differs from this one only in its hash).
 */
async function releasePage(page: Page): Promise<void> {
  await page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await page.context().clearCookies();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.emulateMedia({ media: null });
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(30_000);
  await page.goto('about:blank');
  const pages = released.get(page.context()) ?? [];
  pages.push(page);
  released.set(page.context(), pages);
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

/**
 * Where a place is on the page, through the map itself (window.__pcMapInstance), once the map has
 * settled: a panel that opens narrows the map, so a point taken from the canvas's box before the
 * layout settles can land hundreds of metres from the place meant.
 */
export async function pageXY(page: Page, lngLat: readonly [number, number]): Promise<{ x: number; y: number }> {
  await waitForMapIdle(page);
  return page.evaluate(([lng, lat]) => {
    const map = (globalThis as unknown as { __pcMapInstance: import('maplibre-gl').Map }).__pcMapInstance;
    const box = map.getCanvas().getBoundingClientRect();
    const p = map.project([lng!, lat!]);
    return { x: box.left + p.x, y: box.top + p.y };
  }, lngLat);
}
