/**
 * Bulk load of the generated sites file through the app's validated write path against
 * `ogr2ogr --config PG_USE_COPY YES` into a scratch table (the floor; server only).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { gdalPg, loadFile, type BenchContext } from '../context.ts';
import { summarise, type Row } from '../stats.ts';

const run = promisify(execFile);

/** Ours was timed once when the data was loaded (a million rows are not loaded five times). */
export async function importBench(ctx: BenchContext, oursMs: number): Promise<Row> {
  const ours = summarise([oursMs]);
  if (!ctx.databaseUrl) {
    return {
      case: `GeoJSON import ${ctx.sites} sites (validated write path)`,
      ours,
      floorName: 'ogr2ogr PG_USE_COPY (needs DATABASE_URL)',
      target: '≤ 1.5×',
      note: 'its ratio to the server: the embedded-vs-server import row of the server run (100 000 sites)',
    };
  }
  const pg = gdalPg(ctx.databaseUrl, ctx.schema ? { active_schema: ctx.schema } : {});
  const t = performance.now();
  await run(
    'ogr2ogr',
    ['-f', 'PostgreSQL', pg, ctx.sitesPath, '-nln', 'bench_ogr_import', '-overwrite', '-lco', 'GEOMETRY_NAME=geom', '--config', 'PG_USE_COPY', 'YES'],
    { maxBuffer: 1 << 26 },
  );
  const floor = summarise([performance.now() - t]);
  await ctx.db.query('DROP TABLE IF EXISTS bench_ogr_import');
  return {
    case: `GeoJSON import ${ctx.sites} sites (validated write path)`,
    ours,
    floor,
    floorName: 'ogr2ogr PG_USE_COPY YES',
    target: '≤ 1.5×',
    met: ours.median <= floor.median * 1.5,
    note: 'one run each; parse, zod, COPY into a staging table, its indexes built after and swapped in for the empty partition (server/features/layers/bulk-partition.repo.ts; no history or rule warnings: see the import service row)',
  };
}

export { loadFile };
