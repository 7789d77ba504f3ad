/**
 * Violation scan (rule nrmm.low_stage: machines below China III inside a control zone) over every
 * site, against the bare spatial join in SQL (the floor), and that join again over ST_Subdivide'd
 * zones (parts of ≤ 256 vertices, indexed) to see whether subdividing the zones would pay.
 */
import type { Db } from '../../server/db/db.ts';
import { listViolations } from '../../server/features/rules/violations.service.ts';
import type { BenchContext } from '../context.ts';
import { time, type Row } from '../stats.ts';

const RULE = 'nrmm.low_stage';
const HIT = `s.layer_id = 'nrmm_machines'
  AND s.properties ->> 'emission_stage' IN ('I', 'II', 'unknown')
  AND (s.properties -> 'exempt_use') IS DISTINCT FROM 'true'::jsonb`;

export const rawScan = (db: Db) =>
  db.query<{ id: number }>(
    `SELECT s.id, array_agg(z.id ORDER BY z.id) AS zone_ids
       FROM features s JOIN features z ON z.layer_id = 'nrmm_control_zones' AND ST_Covers(z.geom, s.geom)
      WHERE ${HIT}
      GROUP BY s.id`,
  );

export const scanService = (db: Db) => listViolations(db, { rule: RULE });

export async function scanBench(ctx: BenchContext): Promise<Row[]> {
  const reps = ctx.quick ? 3 : 3;
  const ours = await time(async () => (await fetch(`${ctx.url}/api/violations?rule=${RULE}`)).arrayBuffer(), reps);
  const service = await time(() => scanService(ctx.db), reps);
  const floor = await time(() => rawScan(ctx.db), reps);
  const [{ n } = { n: 0 }] = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${'SELECT s.id FROM features s JOIN features z ON z.layer_id = \'nrmm_control_zones\' AND ST_Covers(z.geom, s.geom) WHERE ' + HIT + ' GROUP BY s.id'}) x`);
  const rows: Row[] = [
    { case: `violation scan ${ctx.sites} sites × ${ctx.zones} zones (HTTP, ${n} violations)`, ours, floor, floorName: 'raw SQL join', target: '≤ 1.2×', met: ours.median <= floor.median * 1.2 },
    { case: `violation scan, service call (no HTTP/JSON)`, ours: service, floor, floorName: 'raw SQL join', target: '≤ 1.2×', met: service.median <= floor.median * 1.2, note: 'adds street office + point on surface per violation' },
  ];
  // the floor again with the zones cut into ≤ 256-vertex parts (a scratch table, dropped after)
  await ctx.db.query('DROP TABLE IF EXISTS bench_zone_parts');
  await ctx.db.query(`CREATE TABLE bench_zone_parts AS SELECT id, ST_Subdivide(geom, 256) AS geom FROM features WHERE layer_id = 'nrmm_control_zones'`);
  await ctx.db.query('CREATE INDEX ON bench_zone_parts USING gist (geom)');
  await ctx.db.query('ANALYZE bench_zone_parts');
  const sub = await time(
    () =>
      ctx.db.query(
        `SELECT s.id, array_agg(DISTINCT z.id) AS zone_ids
           FROM features s JOIN bench_zone_parts z ON ST_Covers(z.geom, s.geom)
          WHERE ${HIT}
          GROUP BY s.id`,
      ),
    reps,
  );
  await ctx.db.query('DROP TABLE bench_zone_parts');
  rows.push({ case: 'raw join over ST_Subdivide(256) zone parts', ours: sub, floor, floorName: 'raw SQL join (whole zones)', target: 'informative', met: true, note: sub.median < floor.median ? 'subdividing pays' : 'subdividing does not pay here' });
  return rows;
}
