/**
 * The demo dataset on disk passes every check (checks.ts: catalogue validation, winding, the planted
 * manifest against the rules evaluated in JS, edge cases, geography) and equals a fresh run of the
 * generator; and a changed file is reported, so the check can fail.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASEMAP_DIR, DEMO_DIR, PROJECT_ROOT } from './generate.ts';
import { verifyDemo } from './verify.ts';

describe('demo dataset', () => {
  const copies: string[] = [];
  afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('is sound and what the generator writes', async () => {
    expect(await verifyDemo()).toEqual([]);
  });

  it('reports a planted site moved by hand', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pc-verify-'));
    copies.push(root);
    for (const dir of [DEMO_DIR, BASEMAP_DIR]) await cp(join(PROJECT_ROOT, dir), join(root, dir), { recursive: true });
    const file = join(root, DEMO_DIR, 'construction_sites.geojson');
    const text = await readFile(file, 'utf8');
    const moved = text.replace(/"coordinates":\[(\d+\.\d+),/, (_m, lng: string) => `"coordinates":[${(Number(lng) + 0.5).toFixed(6)},`);
    expect(moved).not.toBe(text);
    await writeFile(file, moved);
    const problems = await verifyDemo(root);
    expect(problems.some((p) => p.includes('construction_sites'))).toBe(true);
  });
});
