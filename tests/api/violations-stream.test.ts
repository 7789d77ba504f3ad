/**
 * Issue 18: GET /api/violations streamed. Without `limit` the full list, the same document as
 * before (a contract), sent as the ranges of sites are scanned; `limit`/`offset` page it with a
 * `next` link; `countsOnly=true` gives the counts without items. 25 000 synthetic machines besides
 * the demo data, so the scan runs over two ranges of sites.
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { machineProperties, rng, sitePoint } from '../../bench/synthetic.ts';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { insertFeaturesTx } from '../../server/features/layers/feature-write.service.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { parseAsOf } from '../../server/features/rules/as-of.ts';
import type { Violation, ViolationsResponse } from '../../server/features/rules/rules.contract.ts';
import { listViolations } from '../../server/features/rules/violations.service.ts';
import { seedDemo } from '../../server/features/seed/seed.service.ts';
import { PATHS } from '../../server/paths.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const MACHINES = 25_000;
const AS_OF = '2023-12-01';

/** Counts recomputed from the items, in this test (not the server's tally). */
function recount(items: readonly Violation[]) {
  const byRule: Record<string, number> = {};
  const byStreet: Record<string, number> = {};
  const byOutcome = { violation: 0, unverified: 0 };
  let noStreet = 0;
  for (const v of items) {
    byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
    byOutcome[v.outcome]++;
    if (v.streetCode === undefined) noStreet++;
    else byStreet[v.streetCode] = (byStreet[v.streetCode] ?? 0) + 1;
  }
  return { total: items.length, byRule, byStreet, noStreet, byOutcome };
}

const nonZero = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0));

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let full: ViolationsResponse;
  beforeAll(async () => {
    await seedDemo(db(), PATHS.demoSeeds);
    const layer = findLayer('nrmm_machines')!;
    const r = rng(18);
    const machines = Array.from({ length: MACHINES }, (_, i) => {
      const v = validateFeature(layer, { type: 'Feature', properties: machineProperties(r, i), geometry: { type: 'Point', coordinates: sitePoint(r) } });
      if (!v.valid) throw new Error(v.reason);
      return v.feature;
    });
    await db().transaction((tx) => insertFeaturesTx(tx, layer.id, machines));
    app = testApp(db());
    const res = await request(app).get(`/api/violations?asOf=${AS_OF}`).expect(200);
    full = res.body as ViolationsResponse;
  }, 600_000);

  it('without limit: the same document as the in-memory list (items, order, counts, asOf, notInForce), streamed', async () => {
    const expected = await listViolations(db(), { asOf: parseAsOf(AS_OF) });
    expect(Object.keys(full)).toEqual(['violations', 'counts', 'asOf', 'notInForce']);
    expect(full.violations.length).toBeGreaterThan(1000);
    expect(full).toEqual(expected);
    expect(full.counts).toEqual({ ...recount(full.violations), byRule: { ...full.counts.byRule, ...recount(full.violations).byRule } });
  });

  it('counts match an independent count: nrmm.unregistered over the synthetic machines, by ST_Covers on the zones themselves', async () => {
    const [row] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM features s
        WHERE s.layer_id = 'nrmm_machines' AND s.name LIKE '机械%'
          AND NOT (s.properties ? 'reg_code') AND (s.properties ->> 'exempt_use')::boolean IS NOT TRUE
          AND EXISTS (SELECT 1 FROM features z WHERE z.layer_id = 'nrmm_control_zones' AND ST_Covers(z.geom, s.geom))`,
    );
    const n = row!.n;
    const listed = full.violations.filter((v) => v.rule === 'nrmm.unregistered' && v.name.startsWith('机械'));
    expect(n).toBeGreaterThan(50);
    expect(listed).toHaveLength(n);
    expect(listed.every((v) => v.outcome === 'violation')).toBe(true);
  });

  it('countsOnly=true: the counts of the full list (GROUP BY in the database), no items', async () => {
    // Each filter's list is the full list filtered here (one scan instead of one per filter); the
    // layer filter, which also narrows the rules evaluated (byRule's zeros), is listed by the server too.
    const filters: [string, (v: Violation) => boolean, 'all' | 'listed' | readonly string[]][] = [
      ['', () => true, 'all'],
      ['&outcome=violation', (v) => v.outcome === 'violation', 'all'],
      ['&outcome=unverified&layer=nrmm_machines', (v) => v.outcome === 'unverified' && v.layer === 'nrmm_machines', 'listed'],
      ['&rule=nrmm.unregistered', (v) => v.rule === 'nrmm.unregistered', ['nrmm.unregistered']],
    ];
    for (const [q, keep, rules] of filters) {
      const res = await request(app).get(`/api/violations?asOf=${AS_OF}&countsOnly=true${q}`).expect(200);
      expect(res.body.violations, q).toBeUndefined();
      const items = full.violations.filter(keep);
      const again = recount(items);
      expect(nonZero(res.body.counts.byRule), q).toEqual(again.byRule);
      expect(res.body.counts.byStreet, q).toEqual(again.byStreet);
      expect(res.body.counts.noStreet, q).toBe(again.noStreet);
      expect(res.body.counts.byOutcome, q).toEqual(again.byOutcome);
      expect(res.body.counts.total, q).toBe(items.length);
      expect(res.body.asOf).toBe(full.asOf);
      if (rules === 'listed') {
        const listed = (await request(app).get(`/api/violations?asOf=${AS_OF}${q}`).expect(200)).body as ViolationsResponse;
        expect(listed.violations, q).toEqual(items);
        expect(res.body.counts, q).toEqual(listed.counts);
        expect(res.body.notInForce, q).toEqual(listed.notInForce);
      } else {
        // every rule evaluated under the filter is counted, zeros included; those not in force are named
        const evaluated = rules === 'all' ? Object.keys(full.counts.byRule) : rules;
        expect(Object.keys(res.body.counts.byRule).sort(), q).toEqual([...evaluated].sort());
        expect(res.body.notInForce, q).toEqual(full.notInForce.filter((r) => evaluated.includes(r)));
      }
    }
  });

  it('limit/offset: pages that join up to the full list, each with the full counts and a next link until the last', async () => {
    // three pages, the last one short: enough to show pages join up, without a full scan per 1 000 items
    const limit = Math.floor(full.violations.length / 2.5);
    const items: Violation[] = [];
    let url: string | undefined = `/api/violations?asOf=${AS_OF}&limit=${limit}`;
    let pages = 0;
    while (url) {
      const res = await request(app)
        .get(url.replace(/^https?:\/\/[^/]+/, ''))
        .expect(200);
      const body = res.body as ViolationsResponse;
      expect(body.counts).toEqual(full.counts);
      items.push(...body.violations);
      pages++;
      if (body.next) {
        expect(body.violations).toHaveLength(limit);
        expect(new URL(body.next).searchParams.get('offset')).toBe(String(pages * limit));
      }
      url = body.next;
    }
    expect(pages).toBe(3);
    expect(pages).toBe(Math.ceil(full.violations.length / limit));
    expect(items).toEqual(full.violations);
    // a page in the middle, with a filter
    const res = await request(app).get(`/api/violations?asOf=${AS_OF}&layer=nrmm_machines&outcome=violation&offset=10&limit=5`).expect(200);
    const want = full.violations.filter((v) => v.layer === 'nrmm_machines' && v.outcome === 'violation');
    expect(res.body.violations).toEqual(want.slice(10, 15));
    expect(res.body.counts.total).toBe(want.length);
  });

  describe('bad parameters: coded 400', () => {
    it.each(['limit=0', 'limit=10001', 'limit=abc', 'offset=-1', 'countsOnly=yes', 'countsOnly=true&limit=5'])('%s', async (q) => {
      const res = await request(app).get(`/api/violations?${q}`).expect(400);
      expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
      expect(res.body.error.messageZh).toBeTruthy();
    });
  });
});
