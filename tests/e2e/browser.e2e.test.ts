/**
 * The browser the other files drive (tests/e2e/harness.ts): Chromium keeps only the last
 * `--disable-features` of its command line, so the harness's must carry every feature Playwright
 * turns off with its own, and the address bar's suggestion popups it turns off must be gone. Read
 * from the browser's own record (chrome://version lists the features its command line changed) and
 * from its list of targets, so a Playwright or Chromium upgrade that changes either shows here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { sharedBrowser, TEST_DISABLED_FEATURES } from './harness.ts';

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await sharedBrowser();
  context = await browser.newContext();
});

afterAll(async () => {
  await context?.close();
});

/** The comma-separated names of every `--disable-features=` (quoted or not) in a command line, in order. */
const disableFeatureLists = (commandLine: string): string[][] =>
  [...commandLine.matchAll(/--disable-features="?([^"\s]*)"?/g)].map((m) => m[1]!.split(',').filter(Boolean));

describe('the test browser', () => {
  it("keeps Playwright's disabled features and turns the address bar's popups off", async () => {
    const page = await context.newPage();
    await page.goto('chrome://version/?show-variations-cmd');
    // the page's cells by their ids: the command line as given, and the features it changed
    const cell = async (id: string) => (await page.locator(`#${id}`).textContent()) ?? '';
    const given = disableFeatureLists(await cell('command_line'));
    // Playwright's own argument first, the harness's last
    expect(given.length).toBeGreaterThanOrEqual(2);
    const playwrights = given[0]!;
    expect(playwrights).toContain('AimEnabled');
    const effective = disableFeatureLists(await cell('variations-cmd')).flat();
    for (const feature of [...playwrights, ...TEST_DISABLED_FEATURES]) expect(effective, feature).toContain(feature);

    // and the popups' pages are not there (they are targets of type browser_ui when they are)
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
    await cdp.detach();
    const urls = targetInfos.map((t) => t.url);
    expect(urls).toContain('chrome://version/?show-variations-cmd');
    expect(urls.filter((u) => u.startsWith('chrome://omnibox'))).toEqual([]);
    await page.close();
  });
});
