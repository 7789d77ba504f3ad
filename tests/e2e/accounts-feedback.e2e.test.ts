/**
 * Accounts and save-time feedback in a real browser, signed in through the UI: an admin creates
 * an editor, gives them a layer, resets their password and changes their own (each checked on the
 * server afterwards); an import of a loose-coal sales point inside a coal-ban zone shows the rule
 * notice at once, and undoing it from the audit log brings the layer count back without a reload.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, listUsers } from '../../server/features/auth/users.service.ts';
import { openPage, startHarness, type Harness, type TrackedPage } from './harness.ts';

let h: Harness;
let t: TrackedPage;
const ADMIN = { username: 'e2e-admin', password: 'first-admin-pass-1' };

const signInWorks = async (username: string, password: string) =>
  (
    await fetch(`${h.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch' },
      body: JSON.stringify({ username, password }),
    })
  ).status === 200;

const layerCount = async (layer: string) =>
  Number((await t.page.locator(`[data-testid=layer-row-${layer}] .layer-row__count`).getAttribute('title'))?.match(/\d+/)?.[0]);

beforeAll(async () => {
  h = await startHarness({ auth: 'real' });
  await createUser(h.db.db, { ...ADMIN, role: 'admin' });
  t = await openPage(h, { sharedContext: true });
  // signed out, the import dialog says why it cannot import instead of offering the first layer
  await t.page.click('[data-testid=import-button]');
  await t.page.waitForSelector('[data-testid=import-signin]');
  expect(await t.page.locator('[data-testid=import-layer]').count()).toBe(0);
  await t.page.click('[data-testid=import-close]');
  await t.page.click('[data-testid=signin-open]');
  await t.page.fill('[data-testid=login-username]', ADMIN.username);
  await t.page.fill('[data-testid=login-password]', ADMIN.password);
  await t.page.click('[data-testid=login-submit]');
  await t.page.waitForSelector('[data-testid=account-name]');
});
afterAll(async () => {
  await t?.close();
  await h?.close();
});

it('an admin creates an editor, assigns a layer and resets the password; the server has it all', async () => {
  const { page } = t;
  await page.click('[data-testid=account-menu]');
  await page.click('[data-testid=users-open]');
  await page.fill('[data-testid=new-user-username]', 'planner01');
  await page.fill('[data-testid=new-user-password]', 'initial-pass-123');
  await page.selectOption('[data-testid=new-user-role]', 'editor');
  await page.click('[data-testid=new-user-submit]');
  const row = page.locator('[data-testid=user-row][data-username=planner01]');
  await row.waitFor();
  await row.locator('[data-testid=user-layers]').click();
  await row.locator('[data-testid=user-layer-coal_sales_points]').check();
  await row.locator('[data-testid=user-save]').click();
  await row.locator('[data-testid=user-message].account-ok').waitFor();
  expect((await listUsers(h.db.db)).find((u) => u.username === 'planner01')).toMatchObject({ role: 'editor', layers: ['coal_sales_points'], disabled: false });

  await row.locator('[data-testid=user-reset]').click();
  await row.locator('[data-testid=user-reset-password]').fill('reset-pass-4567');
  await row.locator('[data-testid=user-reset-confirm]').click();
  await row.locator('[data-testid=user-message].account-ok').waitFor();
  expect(await signInWorks('planner01', 'reset-pass-4567')).toBe(true);
  expect(await signInWorks('planner01', 'initial-pass-123')).toBe(false);

  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=users-panel]', { state: 'detached' });
});

it('changes one’s own password from the header', async () => {
  const { page } = t;
  await page.click('[data-testid=account-menu]');
  await page.click('[data-testid=password-open]');
  await page.fill('[data-testid=password-current]', ADMIN.password);
  await page.fill('[data-testid=password-new]', 'second-admin-pass-2');
  await page.fill('[data-testid=password-again]', 'second-admin-pass-2');
  await page.click('[data-testid=password-submit]');
  await page.waitForSelector('[data-testid=password-done]');
  expect(await signInWorks(ADMIN.username, 'second-admin-pass-2')).toBe(true);
  expect(await signInWorks(ADMIN.username, ADMIN.password)).toBe(false);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=password-dialog]', { state: 'detached' });
  await page.waitForSelector('[data-testid=account-name]'); // still signed in here
});

it('an import that breaks a rule shows the notice at once; undoing it in the audit log brings the count back', async () => {
  const { page } = t;
  const [zone] = await h.db.db.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM features WHERE layer_id = 'coal_ban_zones' ORDER BY id LIMIT 1) z`,
  );
  const before = await layerCount('coal_sales_points');
  await page.click('[data-testid=import-button]');
  // it starts on a site layer the user may write (the catalogue's first layer is a zone layer)
  await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('[data-testid=import-layer]')?.value !== 'ash_yards');
  await page.selectOption('[data-testid=import-layer]', 'ash_yards'); // the user's own pick stands
  expect(await page.locator('[data-testid=import-layer]').inputValue()).toBe('ash_yards');
  await page.selectOption('[data-testid=import-layer]', 'coal_sales_points');
  await page.setInputFiles('[data-testid=import-file]', {
    name: 'points.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`name,status,lng,lat\n区内散煤点,operating,${zone!.lng},${zone!.lat}\n`),
  });
  await page.waitForSelector('[data-testid=import-dialog][data-phase=ready]', { timeout: 180_000 });
  // the layer already holds points near it, so the source question is asked and the answer sent as crs=
  await page.click('[data-testid=import-source-wgs84]');
  await page.waitForSelector('[data-testid=import-dialog][data-phase=ready] [data-testid=import-crs][data-crs=wgs84][data-source=override]', {
    timeout: 180_000,
  });
  await page.click('[data-testid=import-confirm]');
  const notice = page.locator('[data-testid=write-warnings]');
  await notice.waitFor({ timeout: 60_000 });
  expect(await notice.getAttribute('data-kind')).toBe('import');
  expect(await notice.locator('[data-rule="coal_ban.sales_point"][data-outcome=violation]').count()).toBe(1);
  expect(await notice.textContent()).toContain('第6条');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=layer-row-coal_sales_points] .layer-row__count')?.getAttribute('title') === `${n} 个`,
    before + 1,
  );
  await page.click('[data-testid=import-done]');
  await page.click('[data-testid=write-warnings-close]');

  const [event] = await h.db.db.query<{ id: string }>(`SELECT max(id)::text AS id FROM edit_events WHERE kind = 'import'`);
  await page.click('[data-testid=account-menu]');
  await page.click('[data-testid=audit-open]');
  await page.click(`[data-testid=audit-undo-${event!.id}]`);
  await page.click(`[data-testid=audit-undo-confirm-${event!.id}]`);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=layer-row-coal_sales_points] .layer-row__count')?.getAttribute('title') === `${n} 个`,
    before,
  );
  expect(await layerCount('coal_sales_points')).toBe(before);
  expect(t.problems).toEqual([]);
});
