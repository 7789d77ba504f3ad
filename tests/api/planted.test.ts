/**
 * The demo data plants violations on purpose and lists them in seeds/demo/planted.json. The rules
 * must find every planted case and flag nothing else: the test compares (rule, layer, name) sets
 * exactly and names both differences when they disagree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { coverageResponseSchema } from '../../server/features/coverage/coverage.contract.ts';
import { findRule } from '../../server/features/rules/catalogue/index.ts';
import { violationsResponseSchema } from '../../server/features/rules/rules.contract.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { DEMO_AS_OF } from '../../seeds/checks.ts';
import { statsResponseSchema } from '../../server/features/stats/stats.contract.ts';
import { PATHS } from '../../server/paths.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

interface Planted {
  rule: string;
  layer: string;
  name: string;
  /** Absent: 违规; `unverified`: 待核查. */
  outcome?: 'unverified';
}

function readManifest(): Planted[] {
  const raw = JSON.parse(readFileSync(join(PATHS.demoSeeds, 'planted.json'), 'utf8')) as Planted[] | { planted: Planted[] };
  return Array.isArray(raw) ? raw : raw.planted;
}

const key = (p: Planted) => `${p.rule} | ${p.layer} | ${p.name} | ${p.outcome ?? 'violation'}`;

it('the manifest names known rules on their own layers', () => {
  for (const p of readManifest()) {
    const rule = findRule(p.rule);
    expect(rule, p.rule).toBeDefined();
    expect(p.layer, key(p)).toBe(rule!.siteLayer);
  }
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    await seedDemo(db(), PATHS.demoSeeds);
  });

  it('finds every planted case in the demo data, with its outcome (违规 / 待核查), and nothing else', async () => {
    const body = violationsResponseSchema.parse((await request(app).get(`/api/violations?asOf=${DEMO_AS_OF}`).expect(200)).body);
    expect(body.notInForce).toEqual([]);
    const found = body.violations
      .map((v) => key({ rule: v.rule, layer: v.layer, name: v.name, ...(v.outcome === 'unverified' ? { outcome: 'unverified' as const } : {}) }))
      .sort();
    const planted = readManifest().map(key).sort();
    const missing = planted.filter((k) => !found.includes(k));
    const unexpected = found.filter((k) => !planted.includes(k));
    expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
    expect(found).toEqual(planted); // duplicates too
  });

  it('each planted case names exactly one demo feature', async () => {
    for (const p of readManifest()) {
      const rows = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM features WHERE layer_id = $1 AND name = $2 AND is_demo', [p.layer, p.name]);
      expect(rows[0]!.n, key(p)).toBe(1);
    }
  });

  it('computes coverage and statistics over the demo data', async () => {
    const coverage = coverageResponseSchema.parse((await request(app).get('/api/coverage').expect(200)).body);
    expect(coverage.builtUpAreaM2).toBeGreaterThan(0);
    expect(coverage.byStreet.length).toBeGreaterThan(0);
    const stats = statsResponseSchema.parse((await request(app).get('/api/stats').expect(200)).body);
    expect(stats.zoneLayers.every((z) => z.featureCount > 0 && z.areaM2 > 0)).toBe(true);
    // 反对“一刀切”: the village and household boilers in the urban village without clean heating are listed for a replacement plan, not as violations
    const planned = coverage.replacementPlanSites.map((b) => b.name);
    expect(planned).toEqual(expect.arrayContaining(['城南村集体供暖燃煤锅炉（示意）', '示意居民家用燃煤锅炉（城中村）']));
    expect(coverage.replacementPlanSites.find((b) => b.name === '城南村集体供暖燃煤锅炉（示意）')).toMatchObject({ use: 'village', inBuiltUpArea: true });
    const gaps = JSON.parse((await request(app).get('/api/coverage/gaps.geojson').expect(200)).text);
    expect(gaps.features).toHaveLength(coverage.uncovered.length);
  });
});
