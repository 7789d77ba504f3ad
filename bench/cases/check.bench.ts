/** Site check: the HTTP endpoint against the same covering-zones SQL run directly (the floor). */
import { coveringZones } from '../../server/features/check/check.repo.ts';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import type { BenchContext } from '../context.ts';
import { rng, sitePoint } from '../synthetic.ts';
import { summarise, type Row } from '../stats.ts';

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
