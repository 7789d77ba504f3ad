/** Site check: the HTTP endpoint against the same covering-zones SQL run directly (the floor). */
import { coveringZones } from '../../server/features/check/check.repo.ts';
import { checkPoints } from '../../server/features/check/check.service.ts';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import type { BenchContext } from '../context.ts';
import { rng, sitePoint } from '../synthetic.ts';
import { summarise, time, type Row } from '../stats.ts';

const ZONE_LAYERS = LAYERS.filter((l) => l.geometryType === 'Polygon').map((l) => l.id);

export async function checkBench(ctx: BenchContext): Promise<Row> {
  const r = rng(99);
  const points = Array.from({ length: ctx.quick ? 100 : 300 }, () => sitePoint(r));
  const ours: number[] = [];
  const floor: number[] = [];
  for (const [i, [lng, lat]] of points.entries()) {
    // interleave so both sides see the same cache state and machine load
    let t = performance.now();
    const res = await fetch(`${ctx.url}/api/check?lng=${lng}&lat=${lat}`);
    await res.arrayBuffer();
    if (i > 10) ours.push(performance.now() - t);
    t = performance.now();
    await coveringZones(ctx.db, [lng], [lat], ZONE_LAYERS);
    if (i > 10) floor.push(performance.now() - t);
  }
  const o = summarise(ours);
  const f = summarise(floor);
  return { case: `site check (${ctx.zones} zones)`, ours: o, floor: f, floorName: 'same SQL, direct', target: '≤ floor + 2 ms', met: o.median <= f.median + 2 };
}

/**
 * The zones of a check from the in-process index (checkPoints: revisions query + R-tree + exact
 * predicates) against the same covering-zones SQL run directly, one point at a time and as a batch of
 * 10 000 (batch screening). No HTTP and no distances: the zone answer alone, where the index replaces SQL.
 */
export async function checkIndexBench(ctx: BenchContext): Promise<Row[]> {
  const r = rng(101);
  const points = Array.from({ length: ctx.quick ? 300 : 1000 }, () => sitePoint(r));
  const input = ([lng, lat]: number[]) => ({ crs: 'wgs84' as const, a: lng!, b: lat! });
  await checkPoints(ctx.db, [input(points[0]!)]); // builds the index once, as the first request after a write does
  const ours: number[] = [];
  const floor: number[] = [];
  for (const p of points) {
    let t = performance.now();
    await checkPoints(ctx.db, [input(p)]);
    ours.push(performance.now() - t);
    t = performance.now();
    await coveringZones(ctx.db, [p[0]!], [p[1]!], ZONE_LAYERS);
    floor.push(performance.now() - t);
  }
  const batch = Array.from({ length: 10_000 }, () => sitePoint(r));
  const lngs = batch.map((p) => p[0]!);
  const lats = batch.map((p) => p[1]!);
  const batchOurs = await time(() => checkPoints(ctx.db, batch.map(input)), { reps: 3, budgetMs: 20_000 });
  const batchFloor = await time(() => coveringZones(ctx.db, lngs, lats, ZONE_LAYERS), { reps: 3, budgetMs: 20_000 });
  const o = summarise(ours);
  const perSecond = (10_000 / batchOurs.median) * 1000;
  return [
    {
      case: `check zones in process, one point (${ctx.zones} zones)`,
      ours: o,
      floor: summarise(floor),
      floorName: 'covering-zones SQL, direct',
      target: 'p50 < floor',
      met: o.median < summarise(floor).median,
    },
    {
      case: `check zones in process, 10 000 points (${ctx.zones} zones): ${Math.round(perSecond)} points/s`,
      ours: batchOurs,
      floor: batchFloor,
      floorName: 'covering-zones SQL, one statement',
      target: '≥ 50 000 points/s',
      met: perSecond >= 50_000,
      note: 'zones only; batch screening adds distances in SQL',
    },
  ];
}
