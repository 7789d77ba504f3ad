/**
 * The enforcement ledger in a real browser with a real sign-in: an editor opens a case from a
 * violation in the Analysis tab (立案), assigns it, uploads a photo (with its GPS position),
 * moves it to 已整改, corrects the site's attribute, sees "待复核", closes it (复核销号); the
 * history shows every step, and the XLSX download opens with Chinese headers.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PASSWORD, type TestUser } from '../helpers/auth.ts';
import { jpeg } from '../fixtures/cases-evidence.ts';
import { openPage, shot, startHarness, type Harness } from './harness.ts';

const RULE = 'site.six_measures';
const SIX_OK = { hoarding: true, stockpile_covered: true, wet_earthwork: true, roads_hardened: true, vehicle_washing: true, sealed_transport: true };

let h: Harness;
let editor: TestUser;

beforeAll(async () => {
  h = await startHarness({ auth: 'real' });
  editor = await makeUser(h.db.db, 'ledger-editor', 'editor', ['construction_sites']);
}, 300_000);
afterAll(async () => h?.close());

describe('the 台账 in Chromium', () => {
  it('takes a violation from 立案 to 复核销号 with the history, a photo and the XLSX', async () => {
    const tracked = await openPage(h, { sharedContext: true });
    const { page, problems } = tracked;
    await page.locator('[data-testid=signin-open]').click();
    await page.locator('[data-testid=login-username]').fill(editor.username);
    await page.locator('[data-testid=login-password]').fill(PASSWORD);
    await page.locator('[data-testid=login-submit]').click();
    await page.locator('[data-testid=account-role]').waitFor();

    const { violations } = (await (await fetch(`${h.url}/api/violations?rule=${RULE}`)).json()) as { violations: { layer: string; featureId: string }[] };
    const v = violations[0]!;
    await page.locator('[data-testid=tab-analysis]').click();
    const openButton = page.locator(`[data-testid="viol-open-case-${v.layer}-${v.featureId}-${RULE}"]`);
    await openButton.waitFor();
    await openButton.click();
    const drawer = page.locator('[data-testid=case-drawer]');
    await page.locator('[data-testid=case-drawer][data-status=found]').waitFor();
    await shot(page, 'cases-01-opened');

    // 交办 with a unit and an assignee
    await page.locator('[data-testid=case-unit]').fill('古城街道城管科');
    await page.locator('[data-testid=case-assignee]').fill('王五');
    await page.locator('[data-testid=case-note]').fill('请三日内补齐围挡');
    await page.locator('[data-testid=case-to-assigned]').click();
    await page.locator('[data-testid=case-drawer][data-status=assigned]').waitFor();
    expect(await drawer.textContent()).toContain('古城街道城管科');

    // a photo with its position
    await page
      .locator('[data-testid=case-upload]')
      .setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: jpeg({ gps: { lng: 113.3, lat: 40.09 } }) });
    await page.locator('[data-testid=case-evidence] li').first().waitFor();
    expect(await page.locator('[data-testid=case-evidence]').textContent()).toContain('现场照片.jpg');

    await page.locator('[data-testid=case-to-rectifying]').click();
    await page.locator('[data-testid=case-drawer][data-status=rectifying]').waitFor();
    await page.locator('[data-testid=case-to-rectified]').click();
    await page.locator('[data-testid=case-drawer][data-status=rectified]').waitFor();
    // the rule still flags the site: no 复核销号 for an editor yet
    expect(await page.locator('[data-testid=case-to-closed]').count()).toBe(0);

    // the site's record is corrected (as the editor, through the OGC API with the session cookie)
    const patched = await page.evaluate(
      async ([layer, id, props]) => {
        const url = `/ogc/collections/${layer}/items/${id}`;
        const etag = (await fetch(url)).headers.get('etag') ?? '';
        const res = await fetch(url, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'if-match': etag, 'x-requested-with': 'XMLHttpRequest' },
          body: JSON.stringify({ properties: props }),
        });
        return res.status;
      },
      [v.layer, v.featureId, SIX_OK] as const,
    );
    expect(patched).toBe(200);

    // reading the case again: no longer detected, ready for review; close it
    await page.locator('[data-testid=case-close]').click();
    await page.locator('[data-testid=case-list] button').first().click();
    await page.locator('[data-testid=case-ready]').waitFor();
    await page.locator('[data-testid=case-note]').fill('现场复核：六个百分之百已落实');
    await page.locator('[data-testid=case-to-closed]').click();
    await page.locator('[data-testid=case-drawer][data-status=closed]').waitFor();
    const steps = await page.locator('[data-testid=case-timeline] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-to')));
    expect(steps).toEqual(['found', 'assigned', 'rectifying', 'rectified', 'closed']);
    expect(await page.locator('[data-testid=case-timeline]').textContent()).toContain('请三日内补齐围挡');
    await shot(page, 'cases-02-closed');

    // the XLSX download opens with Chinese headers
    await page.locator('[data-testid=case-close]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=cases-download-xlsx]').click()]);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    const bytes = await readFile(file);
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['案件', '流转记录']);
    expect((book.getWorksheet('案件')!.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['案件编号', '问题线索', '规则']);
    expect(book.getWorksheet('流转记录')!.rowCount).toBe(1 + 5);
    expect(problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
    await tracked.close();
  }, 300_000);
});
