/**
 * The violation scan's two sources of site–zone pairs give the same answer (violations.repo.ts,
 * PairSource): the SQL join of the sites with the zone parts (insideZoneSql), and the zone index in
 * the process (zone-index.ts over inside-zone.ts) whose pairs the same statement then reads. Every
 * spatial rule, on both databases, with the filters and the wrappers the service uses (counts by
 * street office and outcome, pages), must return the same rows, fields and order either way.
 *
 * The data is generated so that the decisions are hard: zones of 2 000 vertices (cut into parts
 * by ST_Subdivide for the SQL join, whole in the index), overlapping zones with different
 * `min_stage` (a zone attribute the condition reads per pair), a zone with a hole, a multipolygon;
 * sites on vertices, on edge midpoints and points 1/3 along edges (holes' edges included), 2 cm
 * beside the edges, and scattered at random; attributes drawn so that every outcome occurs.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { blob, rng } from '../../bench/synthetic.ts';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { RULES } from '../../server/features/rules/catalogue/index.ts';
import type { Rule } from '../../server/features/rules/rule.ts';
import { countViolations, findViolations, pageViolations, type PairSource, type ViolationFilter } from '../../server/features/rules/violations.repo.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';
import { onEachDatabase } from '../helpers/db.ts';

type Pt = [number, number];
const r = rng(2026);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const square = ([x, y]: Pt, w: number, h: number): Position[] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
  [x, y],
];
const BIG: Polygon = { type: 'Polygon', coordinates: [blob(r, [113.3, 40.09], 0.012, 2000)] };
const OVERLAP: Polygon = { type: 'Polygon', coordinates: [blob(r, [113.31, 40.095], 0.008, 600)] };
const HOLED: Polygon = { type: 'Polygon', coordinates: [square([113.285, 40.08], 0.02, 0.015), square([113.29, 40.085], 0.006, 0.005).reverse()] };
const MULTI: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [113.3112345, 40.0801234],
        [113.3212731, 40.0753317],
        [113.3254402, 40.0951111],
        [113.3177777, 40.0912345],
        [113.3112345, 40.0801234],
      ],
    ],
    [square([113.326, 40.07], 0.004, 0.003)],
  ],
};
const ZONES = [BIG, OVERLAP, HOLED, MULTI];
const rings = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());

/** Vertices, edge midpoints, points 1/3 along and 2 cm either side of each midpoint (every `every`-th edge), then random points. */
function sitePoints(): Pt[] {
  const out: Pt[] = [];
  for (const g of ZONES)
    for (const ring of rings(g)) {
      const every = ring.length > 100 ? 25 : 1;
      for (let i = 0; i + 1 < ring.length; i += every) {
        const [a, b] = [ring[i] as Pt, ring[i + 1] as Pt];
        const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
        const len = Math.hypot(dx * 85_000, dy * 111_000); // metres, near enough for a 2 cm step
        const step = 0.02 / len;
        out.push(a, mid, [a[0] + dx / 3, a[1] + dy / 3], [mid[0] + dy * step, mid[1] - dx * step], [mid[0] - dy * step, mid[1] + dx * step]);
      }
    }
  for (let i = 0; i < 400; i++) out.push([113.27 + r() * 0.06, 40.065 + r() * 0.045]);
  return out;
}

const POINTS = sitePoints();
const point = (p: Pt) => ({ type: 'Point' as const, coordinates: p });

const STAGES = ['I', 'II', 'III', 'IV', 'electric', 'unknown'];
const machine = (p: Pt, i: number): Feature => ({
  type: 'Feature',
  properties: {
    name: `示意 机械${i}`,
    machine_type: 'excavator',
    emission_stage: pick(STAGES),
    ...(r() < 0.7 ? { reg_code: `JX${i}` } : {}),
    ...(r() < 0.5 ? { black_smoke: r() < 0.5 } : {}),
    ...(r() < 0.6 ? { exempt_use: r() < 0.2 } : {}),
  },
  geometry: point(p),
});
const boiler = (p: Pt, i: number): Feature => ({
  type: 'Feature',
  properties: {
    name: `示意 锅炉${i}`,
    kind: pick(['boiler', 'furnace']),
    fuel: pick(['coal', 'coal', 'gas']),
    status: pick(['in_use', 'in_use', 'standby']),
    ...(r() < 0.7 ? { use: pick(['household', 'village', 'commercial', 'industrial']) } : {}),
  },
  geometry: point(p),
});
const salesPoint = (p: Pt, i: number): Feature => ({
  type: 'Feature',
  properties: { name: `示意 售煤点${i}`, status: pick(['operating', 'closed']) },
  geometry: point(p),
});

async function write(db: Parameters<typeof writeFeatures>[0], layerId: string, features: Feature[]) {
  const layer = findLayer(layerId)!;
  const valid = features.map((f) => {
    const v = validateFeature(layer, f);
    if (!v.valid) throw new Error(`${layerId} fixture: ${v.reason}`);
    return v.feature;
  });
  return writeFeatures(db, layerId, valid);
}

const SPATIAL = RULES.filter((rule) => rule.zoneLayers.length > 0);

onEachDatabase(({ db }) => {
  const zoneIds: number[] = [];
  let streetId = 0;
  let siteIds: number[] = [];

  beforeAll(async () => {
    zoneIds.push(
      ...(await write(
        db(),
        'nrmm_control_zones',
        ZONES.map((g, i) => ({
          type: 'Feature',
          properties: { name: `示意 控制区${i}`, ...(i % 3 === 2 ? {} : { min_stage: i % 2 ? 'III' : 'IV' }) },
          geometry: g,
        })),
      )),
    );
    await write(
      db(),
      'coal_ban_zones',
      ZONES.slice(0, 3).map((g, i) => ({ type: 'Feature', properties: { name: `示意 禁煤区${i}`, ...TEST_DESIGNATION }, geometry: g })),
    );
    await write(db(), 'built_up_areas', [{ type: 'Feature', properties: { name: '示意 建成区' }, geometry: MULTI }]);
    await write(db(), 'clean_heating_areas', [{ type: 'Feature', properties: { name: '示意 清洁取暖', method: 'gas' }, geometry: OVERLAP }]);
    streetId = (
      await write(db(), 'streets', [
        {
          type: 'Feature',
          properties: { name: '示意 街道', code: '140213001' },
          geometry: { type: 'Polygon', coordinates: [square([113.28, 40.07], 0.03, 0.03)] },
        },
      ])
    )[0]!;
    siteIds = await write(
      db(),
      'nrmm_machines',
      POINTS.map((p, i) => machine(p, i)),
    );
    await write(
      db(),
      'boilers',
      POINTS.map((p, i) => boiler(p, i)),
    );
    await write(
      db(),
      'coal_sales_points',
      POINTS.map((p, i) => salesPoint(p, i)),
    );
  }, 180_000);

  /** The answer from both sources, compared (after `normal`, for rows whose order SQL leaves open). */
  const both = async <T>(fn: (source: PairSource) => Promise<T>, normal = (x: T) => x) => {
    const [sql, index] = [await fn('sql'), await fn('zone-index')];
    expect(normal(index)).toEqual(normal(sql));
    return sql;
  };

  it('finds the same rows, fields and order for every spatial rule', async () => {
    const found = new Map<string, Awaited<ReturnType<typeof findViolations>>>();
    for (const rule of SPATIAL) found.set(rule.id, await both((pairs) => findViolations(db(), rule, {}, { pairs })));
    // the data makes the comparison mean something: many findings, both outcomes, sites in several zones
    const low = found.get('nrmm.low_stage')!;
    expect(low.length).toBeGreaterThan(100);
    expect(low.some((v) => v.verdict === true) && low.some((v) => v.verdict === null)).toBe(true);
    expect(low.some((v) => v.zone_ids.length > 1)).toBe(true);
    expect(low.some((v) => v.street_code === '140213001') && low.some((v) => v.street_code === null)).toBe(true);
    for (const id of ['nrmm.unregistered', 'nrmm.black_smoke', 'coal_ban.boiler', 'coal_ban.sales_point'])
      expect(found.get(id)!.length, id).toBeGreaterThan(20);
    // the points on the holed zone's hole edge are inside it (the hole's interior is not)
    const holed = String(zoneIds[2]);
    const onHole = new Set(POINTS.flatMap((p, i) => (p[0] === 113.29 || p[0] === 113.296 ? [String(siteIds[i])] : [])));
    expect(onHole.size).toBeGreaterThan(0);
    expect(found.get('nrmm.unregistered')!.some((v) => onHole.has(v.feature_id) && v.zone_ids.includes(holed))).toBe(true);
  });

  it('gives the same answer under every filter the scan takes', async () => {
    const rule = RULES.find((x) => x.id === 'nrmm.low_stage')!;
    const sorted = [...siteIds].sort((a, b) => a - b);
    const filters: ViolationFilter[] = [
      { bbox: [113.29, 40.08, 113.31, 40.1] },
      { idAfter: sorted[100]!, idUpTo: sorted[600]! },
      { idAfter: sorted[600]! },
      { streetId },
      { zone: { layerId: 'nrmm_control_zones', id: zoneIds[1]! } },
    ];
    for (const filter of filters) {
      const rows = await both((pairs) => findViolations(db(), rule, filter, { pairs }));
      expect(rows.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
  });

  it('counts and pages the same', async () => {
    // a rule with a zone attribute, and one with two zone layers and an exemption outside a third
    const rules: Rule[] = SPATIAL.filter((x) => x.id === 'nrmm.low_stage' || x.id === 'coal_ban.boiler');
    for (const rule of rules)
      for (const outcome of [undefined, 'violation', 'unverified'] as const) {
        // GROUP BY leaves the groups' order open: compared sorted
        const counts = await both(
          (source) => countViolations(db(), rule, {}, outcome, source),
          (xs) => [...xs].sort((a, b) => `${a.street_code}${a.verdict}`.localeCompare(`${b.street_code}${b.verdict}`)),
        );
        if (rule.id === 'nrmm.low_stage') expect(counts.reduce((n, c) => n + c.n, 0)).toBeGreaterThan(outcome === undefined ? 100 : 10);
        await both((source) => pageViolations(db(), rule, {}, outcome, 7, 3, source));
        await both((source) => pageViolations(db(), rule, { idAfter: siteIds[50]! }, outcome, 50, 0, source));
      }
  });

  describe('after a zone is added', () => {
    let added = 0;
    beforeAll(async () => {
      // a zone over the random sites' area: the index must be rebuilt for the new revision
      added = (
        await write(db(), 'nrmm_control_zones', [
          {
            type: 'Feature',
            properties: { name: '示意 新控制区', min_stage: 'IV' },
            geometry: { type: 'Polygon', coordinates: [square([113.275, 40.1], 0.02, 0.01)] },
          },
        ])
      )[0]!;
    });

    it('both sources see it', async () => {
      const rule = RULES.find((x) => x.id === 'nrmm.low_stage')!;
      const rows = await both((pairs) => findViolations(db(), rule, {}, { pairs }));
      expect(rows.some((v) => v.zone_ids.includes(String(added)))).toBe(true);
    });

    it('both sources see a zone moved by SQL that bypasses the write path (no revision bump)', async () => {
      const rule = RULES.find((x) => x.id === 'nrmm.unregistered')!;
      const inOverlap = (rows: Awaited<ReturnType<typeof findViolations>>) => rows.filter((v) => v.zone_ids.includes(String(zoneIds[1]))).length;
      const before = inOverlap(await both((pairs) => findViolations(db(), rule, {}, { pairs })));
      await db().query(`UPDATE features SET geom = ST_Translate(geom, 0.5, 0) WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zoneIds[1]]);
      try {
        expect(before).toBeGreaterThan(0);
        expect(inOverlap(await both((pairs) => findViolations(db(), rule, {}, { pairs })))).toBe(0);
      } finally {
        await db().query(`UPDATE features SET geom = ST_Translate(geom, -0.5, 0) WHERE layer_id = 'nrmm_control_zones' AND id = $1`, [zoneIds[1]]);
      }
      expect(inOverlap(await both((pairs) => findViolations(db(), rule, {}, { pairs })))).toBe(before);
    });
  });
});
