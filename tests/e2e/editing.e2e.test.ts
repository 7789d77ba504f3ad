/**
 * Editing in a real browser with a real sign-in (no implicit admin): an editor of the coal-ban
 * zones signs in through the header form, draws a polygon by clicking on the map, fills the form
 * and saves; the stored geometry is checked through the OGC API against the clicked pixels turned
 * into coordinates by the map itself. Then a vertex is dragged and an attribute changed, the
 * inspector's history shows both versions, version 1 is restored and the API must hold exactly
 * version 1 again. Last, a concurrent change (through the API) makes the next save a conflict.
 */
import { booleanPointInPolygon, lineString, point, pointToLineDistance, polygonToLine } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PASSWORD, type TestUser } from '../helpers/auth.ts';
import { openPage, shot, startHarness, waitForMap, waitForMapIdle, type Harness, type TrackedPage } from './harness.ts';

type Feature = { type: 'Feature'; id: number; geometry: GeoJSON.Geometry; properties: Record<string, unknown> };
type FC = { features: Feature[] };

const LAYER = 'coal_ban_zones';
const POLYGON_LAYERS = ['built_up_areas', 'clean_heating_areas', 'coal_ban_zones', 'nrmm_control_zones', 'streets', 'ash_yards'];
/** Half the side of the drawn square, in px. */
const HALF = 70;
/** One pixel at zoom 17 is ~1e-5°; clicks and stored vertices must agree far better than that. */
const TOL = 2e-6;

let h: Harness;
let editor: TestUser;

const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T; etag: string | null }> => {
  const res = await fetch(`${h.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, etag: res.headers.get('etag') };
};

/**
 * A spot of the district at least `clearance` metres from every boundary of the loaded polygon
 * layers, so that snapping (which pulls vertices onto nearby boundaries) cannot move the clicks.
 */
async function quietSpot(clearance: number): Promise<[number, number]> {
  const boundaries: GeoJSON.Feature[] = [];
  const streets: Feature[] = [];
  for (const id of POLYGON_LAYERS) {
    const fc = (await api<FC>(`/api/layers/${id}/features`)).body;
    for (const f of fc.features) {
      if (id === 'streets') streets.push(f);
      const lines = polygonToLine(f.geometry as GeoJSON.Polygon);
      if (lines.type === 'FeatureCollection') boundaries.push(...lines.features);
      else boundaries.push(lines);
    }
  }
  // walk a grid over the streets' extent (the district), inside some street area
  let best: { at: [number, number]; d: number } | null = null;
  for (let lng = 113.26; lng <= 113.34; lng += 0.004)
    for (let lat = 40.06; lat <= 40.12; lat += 0.004) {
      const p = point([lng, lat]);
      if (!streets.some((s) => booleanPointInPolygon(p, s.geometry as GeoJSON.Polygon))) continue;
      let d = Infinity;
      for (const b of boundaries) {
        const g = b.geometry as GeoJSON.LineString | GeoJSON.MultiLineString;
        const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
        for (const c of parts) d = Math.min(d, pointToLineDistance(p, lineString(c), { units: 'meters' }));
        if (d < clearance) break;
      }
      if (d >= clearance && (!best || d > best.d)) best = { at: [lng, lat], d };
    }
  if (!best) throw new Error('no quiet spot found for drawing');
  return best.at;
}

/** Page coordinates ↔ map coordinates through the map itself (window.__pcMap, set while drawing). */
async function canvasBox(page: Page) {
  const box = await page.locator('[data-testid=map] canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  return box;
}
async function unproject(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = await canvasBox(page);
  return page.evaluate(
    ([cx, cy]) => (window as unknown as { __pcMap: { unproject(x: number, y: number): [number, number] } }).__pcMap.unproject(cx!, cy!),
    [x - box.x, y - box.y],
  );
}

const near = (a: GeoJSON.Position, b: GeoJSON.Position) => Math.abs(a[0]! - b[0]!) < TOL && Math.abs(a[1]! - b[1]!) < TOL;

/** Every expected vertex is a vertex of the closed ring, and the ring has no others. */
function expectRing(g: GeoJSON.Geometry, expected: [number, number][]) {
  expect(g.type).toBe('Polygon');
  const ring = (g as GeoJSON.Polygon).coordinates[0]!;
  expect((g as GeoJSON.Polygon).coordinates).toHaveLength(1);
  expect(ring[0]).toEqual(ring[ring.length - 1]);
  const open = ring.slice(0, -1);
  expect(open).toHaveLength(expected.length);
  for (const v of expected)
    expect(
      open.some((r) => near(r, v)),
      `vertex ${v.join(',')} in ${JSON.stringify(open)}`,
    ).toBe(true);
}

const featureIdFromHash = (page: Page) => {
  const m = /f=coal_ban_zones:(\d+)/.exec(decodeURIComponent(new URL(page.url()).hash));
  return m ? Number(m[1]) : null;
};

beforeAll(async () => {
  h = await startHarness({ auth: 'real' });
  editor = await makeUser(h.db.db, 'zhang.editor', 'editor', [LAYER]);
});

afterAll(async () => {
  await h?.close();
});

describe('editing in the map', { timeout: 600_000 }, () => {
  // The audit-log test reads what the editing test did, and starts where it ends (signed out), on
  // its page: a page load is seconds of software WebGL.
  let editingPage: TrackedPage | undefined;
  afterAll(async () => {
    await editingPage?.close();
  });

  it('signs in, draws, saves, edits, shows the history and restores version 1', async () => {
    // the square is drawn 200 px left of the map's centre (clear of the editor panel): centre the map so that it lands on the quiet spot
    const [lng, lat] = await quietSpot(150);
    const degPerPx = 360 / (256 * 2 ** 17);
    const p = await openPage(h, { sharedContext: true, hash: `#map=17.00/${lat.toFixed(6)}/${(lng + 200 * degPerPx).toFixed(6)}&layers=${LAYER}` });
    editingPage = p;
    const { page } = p;

    // ---- nobody is signed in: no way to edit
    expect(await page.locator('[data-testid=edit-new]').count()).toBe(0);
    await page.locator('[data-testid=signin-open]').click();
    await page.locator('[data-testid=login-username]').fill(editor.username);
    await page.locator('[data-testid=login-password]').fill('wrong password');
    await page.locator('[data-testid=login-submit]').click();
    await expect(page.locator('[data-testid=login-error]').textContent()).resolves.toContain('用户名或密码错误');
    await page.locator('[data-testid=login-password]').fill(PASSWORD);
    await shot(page, 'editing-01-login');
    await page.locator('[data-testid=login-submit]').click();
    await page.locator('[data-testid=account-role]').waitFor();
    expect(await page.locator('[data-testid=account-role]').textContent()).toBe('编辑员');
    expect(await page.locator('[data-testid=account-name]').textContent()).toBe(editor.username);
    // an editor is offered only the layers assigned to them
    const offered = await page.locator('[data-testid=edit-new] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered).toEqual([LAYER]);

    // ---- draw a square by clicking its corners, closing on the first one
    await page.locator('[data-testid=edit-new]').selectOption(LAYER);
    await page.locator('[data-testid=editor]').waitFor();
    const box = await canvasBox(page);
    const cx = Math.round(box.x + box.width / 2 - 200); // left of the editor panel
    const cy = Math.round(box.y + box.height / 2);
    const corners: [number, number][] = [
      [cx - HALF, cy - HALF],
      [cx + HALF, cy - HALF],
      [cx + HALF, cy + HALF],
      [cx - HALF, cy + HALF],
    ];
    const drawn: [number, number][] = [];
    for (const [x, y] of corners) drawn.push(await unproject(page, x, y));
    for (const [x, y] of corners) {
      await page.mouse.move(x, y, { steps: 3 });
      await page.mouse.click(x, y);
      await waitForMapIdle(page); // the vertex is on the map before the next click
    }
    await page.mouse.move(corners[0]![0], corners[0]![1], { steps: 3 });
    await page.mouse.click(corners[0]![0], corners[0]![1]);
    await page.waitForFunction(() => !!document.querySelector('[data-testid=editor-undo]:not([disabled])'));
    await page.locator('[data-testid=editor-field-name]').fill('测试禁煤区');
    await page.locator('[data-testid=editor-field-code]').fill('JM-T1');
    await page.locator('[data-testid=editor-field-effective_date]').fill('2023-06-01');
    // 划定文号 is required (a zone names the notice that designated it): marked, explained, and refused before sending
    const decree = page.locator('[data-testid=editor-field-decree]');
    expect(await decree.getAttribute('aria-required')).toBe('true');
    expect(await decree.locator('xpath=..').textContent()).toContain('划定该禁煤区的政府文件文号');
    await page.locator('[data-testid=editor-save]').click();
    await page.locator('[data-testid=editor-field-decree][aria-invalid=true]').waitFor();
    expect(await page.locator('[data-testid=editor-error]').textContent()).toContain('请先更正');
    expect(featureIdFromHash(page)).toBeNull(); // nothing was sent
    await decree.fill('测试用划定文号（示意，非真实文件）');
    await shot(page, 'editing-02-drawn');
    await page.locator('[data-testid=editor-save]').click();
    await page.locator('[data-testid=inspector]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=inspector-title]')?.textContent === '测试禁煤区');
    // the URL hash is written after the inspector renders: wait for it, never read it at once
    await page.waitForFunction(() => /f=coal_ban_zones:\d+/.test(decodeURIComponent(location.hash)));
    const id = featureIdFromHash(page);
    expect(id).not.toBeNull();

    const v1 = await api<Feature>(`/ogc/collections/${LAYER}/items/${id}`);
    expect(v1.status).toBe(200);
    expect(v1.etag).toBe(`"${LAYER}.${id}.v1"`);
    expectRing(v1.body.geometry, drawn);
    expect(v1.body.properties).toMatchObject({ name: '测试禁煤区', code: 'JM-T1', effective_date: '2023-06-01' });
    await page.locator('[data-testid=history-v1]').waitFor();
    await shot(page, 'editing-03-saved');

    // ---- edit: change the code and drag the south-east corner outwards
    await page.locator('[data-testid=inspector-edit]').click();
    await page.locator('[data-testid=editor]').waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid=editor-field-code]') as HTMLInputElement | null)?.value === 'JM-T1');
    // the shape is loaded into the drawing and drawn before it is dragged
    await page.locator('[data-testid=editor][data-phase=editing]').waitFor();
    await waitForMapIdle(page);
    await page.locator('[data-testid=editor-field-code]').fill('JM-T2');
    const drag = async ([x0, y0]: [number, number], [x1, y1]: [number, number]) => {
      await page.mouse.move(x0, y0, { steps: 3 });
      await page.mouse.down();
      await page.mouse.move(x1, y1, { steps: 12 });
      await page.mouse.up();
      await page.waitForFunction(() => !!document.querySelector('[data-testid=editor-undo]:not([disabled])'));
    };
    // a slip: the north-east corner dragged away, then undone (the saved shape must not have it)
    await drag(corners[1]!, [corners[1]![0] + 45, corners[1]![1] - 35]);
    await page.locator('[data-testid=editor-undo]').click();
    await page.waitForFunction(() => !!document.querySelector('[data-testid=editor-undo][disabled]'));
    const [sx, sy] = corners[2]!;
    const moved: [number, number] = [sx + 40, sy + 30];
    const movedAt = await unproject(page, moved[0], moved[1]);
    await drag([sx, sy], moved);
    await shot(page, 'editing-04-editing');
    await page.locator('[data-testid=editor-save]').click();
    await page.locator('[data-testid=inspector]').waitFor();
    const v2 = await api<Feature>(`/ogc/collections/${LAYER}/items/${id}`);
    expect(v2.etag).toBe(`"${LAYER}.${id}.v2"`);
    expectRing(v2.body.geometry, [drawn[0]!, drawn[1]!, movedAt, drawn[3]!]);
    expect(v2.body.properties.code).toBe('JM-T2');

    // ---- history: two versions, restore the first
    await page.locator('[data-testid=history-v2]').waitFor();
    await page.locator('[data-testid=history]').scrollIntoViewIfNeeded();
    expect(await page.locator('[data-testid=history-list] > li').count()).toBe(2);
    const v2Text = (await page.locator('[data-testid=history-v2]').textContent()) ?? '';
    expect(v2Text).toContain(editor.username);
    expect(v2Text).toContain('编号'); // changed fields: the code…
    expect(v2Text).toContain('图形'); // …and the shape
    await shot(page, 'editing-05-history');
    await page.locator('[data-testid=history-restore-v1]').click();
    await page.locator('[data-testid=history-v3]').waitFor();
    await page.locator('[data-testid=history]').scrollIntoViewIfNeeded();
    const v3 = await api<Feature>(`/ogc/collections/${LAYER}/items/${id}`);
    expect(v3.etag).toBe(`"${LAYER}.${id}.v3"`);
    expect(v3.body.geometry).toEqual(v1.body.geometry);
    expect(v3.body.properties).toEqual(v1.body.properties);
    await page.waitForFunction(() => (document.querySelector('[data-testid=inspector-attributes]')?.textContent ?? '').includes('JM-T1'));
    await shot(page, 'editing-06-restored');

    // ---- someone else changes it while this editor edits: the save is a conflict
    await page.locator('[data-testid=inspector-edit]').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid=editor-field-code]') as HTMLInputElement | null)?.value === 'JM-T1');
    const other = await api<Feature>(`/ogc/collections/${LAYER}/items/${id}`, {
      method: 'PATCH',
      headers: { authorization: editor.bearer, 'content-type': 'application/merge-patch+json', 'if-match': v3.etag! },
      body: JSON.stringify({ properties: { note: '他人同时修改' } }),
    });
    expect(other.status).toBe(200);
    await page.locator('[data-testid=editor-field-lead_unit]').fill('平城区生态环境局');
    await page.locator('[data-testid=editor-save]').click();
    await page.locator('[data-testid=editor-conflict]').waitFor();
    expect(await page.locator('[data-testid=editor-conflict-theirs]').textContent()).toContain('他人同时修改');
    await shot(page, 'editing-07-conflict');
    await page.locator('[data-testid=editor-take-theirs]').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid=editor-field-note]') as HTMLInputElement | null)?.value === '他人同时修改');
    await page.locator('[data-testid=editor-field-lead_unit]').fill('平城区生态环境局');
    await page.locator('[data-testid=editor-save]').click();
    await page.locator('[data-testid=inspector]').waitFor();
    const v5 = await api<Feature>(`/ogc/collections/${LAYER}/items/${id}`);
    expect(v5.etag).toBe(`"${LAYER}.${id}.v5"`);
    expect(v5.body.properties).toMatchObject({ code: 'JM-T1', note: '他人同时修改', lead_unit: '平城区生态环境局' });
    expect(v5.body.geometry).toEqual(v1.body.geometry);

    // signing out ends the editing rights in the UI
    await page.locator('[data-testid=account-menu]').click();
    await page.locator('[data-testid=signout]').click();
    await page.locator('[data-testid=signin-open]').waitFor();
    expect(await page.locator('[data-testid=edit-new]').count()).toBe(0);
    await waitForMap(page);
    expect(p.problems.filter((x) => !x.includes('401') && !x.includes('412'))).toEqual([]);
    expect(p.external).toEqual([]);
  });

  it('gives admins the audit log: filter by user, export link, and undo of an import', async () => {
    const admin = await makeUser(h.db.db, 'li.admin', 'admin');
    // an import of three construction sites, as the editor of that layer would do it
    const importer = await makeUser(h.db.db, 'wang.importer', 'editor', ['construction_sites']);
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [0, 1, 2].map((i) => ({
        type: 'Feature',
        properties: { name: `导入工地-${i}`, site_type: 'building', status: 'active' },
        geometry: { type: 'Point', coordinates: [113.29 + i * 0.001, 40.09] },
      })),
    });
    const form = new FormData();
    form.append('file', new Blob([file], { type: 'application/geo+json' }), 'sites.geojson');
    const imported = await fetch(`${h.url}/api/layers/construction_sites/import?mode=append`, {
      method: 'POST',
      headers: { authorization: importer.bearer },
      body: form,
    });
    expect(imported.status).toBe(200);
    const countSites = async () =>
      (await api<FC>('/api/layers/construction_sites/features')).body.features.filter((f) => String(f.properties.name).startsWith('导入工地-')).length;
    expect(await countSites()).toBe(3);

    const p = editingPage;
    if (!p) throw new Error('the editing test did not open its page');
    const { page } = p;
    const seen = p.problems.length;
    await page.locator('[data-testid=signin-open]').click();
    await page.locator('[data-testid=login-username]').fill(admin.username);
    await page.locator('[data-testid=login-password]').fill(PASSWORD);
    await page.locator('[data-testid=login-submit]').click();
    expect(await page.locator('[data-testid=account-role]').textContent()).toBe('管理员');
    // admins may edit every layer
    const offered = await page.locator('[data-testid=edit-new] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered.length).toBeGreaterThan(10);

    await page.locator('[data-testid=account-menu]').click();
    await page.locator('[data-testid=audit-open]').click();
    await page.locator('[data-testid=audit-table]').waitFor();
    await page.locator('[data-testid=audit-user]').fill(editor.username);
    await page.locator('[data-testid=audit-apply]').click();
    await page.waitForFunction((u) => {
      const rows = [...document.querySelectorAll('[data-testid=audit-table] tbody tr')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes(u));
    }, editor.username);
    // the editor's create, update, restore, update (theirs via API) and the last save
    expect(await page.locator('[data-testid=audit-table] tbody tr').count()).toBe(5);
    expect(await page.locator('[data-testid=audit-export-csv]').getAttribute('href')).toBe(`/api/admin/audit/export.csv?user=${editor.username}`);
    const csv = await (await page.context().request.get(`${h.url}/api/admin/audit/export.csv?user=${editor.username}`)).text();
    expect(csv.trim().split(/\r?\n/)).toHaveLength(1 + 5);
    await shot(page, 'editing-08-audit');

    await page.locator('[data-testid=audit-user]').fill(importer.username);
    await page.locator('[data-testid=audit-apply]').click();
    const undoButton = page.locator('[data-testid^=audit-undo-]').first();
    await undoButton.waitFor();
    await undoButton.click();
    await page.locator('[data-testid^=audit-undo-confirm-]').click();
    await page.waitForFunction(() => (document.querySelector('.audit__message')?.textContent ?? '').includes('3'));
    expect(await countSites()).toBe(0);
    await shot(page, 'editing-09-audit-undone');
    expect(p.problems.slice(seen).filter((x) => !x.includes('401'))).toEqual([]);
  });
});
