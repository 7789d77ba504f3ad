/**
 * GeoJSON export of the whole sites layer over HTTP against ogr2ogr reading the same partition
 * from the server (the floor), with the server's RSS growth sampled during our export.
 *
 * On a PostGIS server the export is served by the real server in its own process (server/index.ts
 * over the bench schema), so the RSS is the server's alone, not this harness's with its download
 * buffers. The embedded database can be opened by one process only: there the export runs on the
 * in-process app and the RSS includes the harness.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gdalPg, type BenchContext } from '../context.ts';
import { processRssBytes, startServer } from '../server-process.ts';
import { time, type Row } from '../stats.ts';

const run = promisify(execFile);

async function download(url: string): Promise<number> {
  const res = await fetch(url);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}

async function rssBytes(pid: number): Promise<number> {
  return pid === process.pid ? process.memoryUsage().rss : processRssBytes(pid);
}

/** Times the export at `base` (1 M features take tens of seconds: 2–3 runs, no warm-up), sampling pid's peak RSS. */
async function timeExport(base: string, pid: number, quick: boolean) {
  // one small request first, so the baseline is a server that has answered, not one that just started
  await (await fetch(`${base}/api/layers`)).arrayBuffer();
  const before = await rssBytes(pid);
  let peak = before;
  const sampler = setInterval(
    () =>
      void rssBytes(pid).then(
        (r) => (peak = Math.max(peak, r)),
        () => undefined,
      ),
    20,
  );
  let bytes = 0;
  const timing = await time(async () => (bytes = await download(`${base}/api/layers/nrmm_machines/export.geojson`)), {
    reps: quick ? 2 : 3,
    warmup: 0,
    minReps: 2,
    budgetMs: 30_000,
  });
  clearInterval(sampler);
  return { timing, bytes, growthMb: (peak - before) / 1024 / 1024 };
}

export async function exportBench(ctx: BenchContext): Promise<Row | undefined> {
  if (!ctx.databaseUrl || !ctx.schema) {
    const { timing: ours, bytes, growthMb } = await timeExport(ctx.url, process.pid, ctx.quick);
    return {
      case: `GeoJSON export ${ctx.sites} sites`,
      ours,
      floorName: 'ogr2ogr (needs DATABASE_URL)',
      target: 'RSS < 100 MB (the ratio needs a server)',
      met: growthMb < 100,
      note: `${(bytes / 1e6).toFixed(0)} MB; RSS +${growthMb.toFixed(0)} MB (this process: app and harness)`,
    };
  }
  const server = await startServer({ kind: 'pg', url: ctx.databaseUrl, schema: ctx.schema });
  let measured: Awaited<ReturnType<typeof timeExport>>;
  try {
    measured = await timeExport(server.url, server.child.pid!, ctx.quick);
  } finally {
    await server.kill('SIGTERM');
  }
  const { timing: ours, bytes, growthMb } = measured;
  const out = join(tmpdir(), `bench-ogr-export-${process.pid}.geojson`);
  const pg = gdalPg(ctx.databaseUrl, { schemas: ctx.schema });
  const floor = await time(
    async () => {
      await rm(out, { force: true });
      await run('ogr2ogr', ['-f', 'GeoJSON', out, pg, '-sql', 'SELECT id, name, is_demo, properties, geom FROM features_nrmm_machines']);
    },
    { reps: ctx.quick ? 2 : 3, warmup: 0, minReps: 1, budgetMs: 20_000 },
  ); // ogr2ogr is not under test: one ~30 s run suffices at a million (a second one cost the budget 30 s)
  await rm(out, { force: true });
  return {
    case: `GeoJSON export ${ctx.sites} sites`,
    ours,
    floor,
    floorName: 'ogr2ogr -f GeoJSON PG:',
    target: '≤ 1.0×, RSS < 100 MB',
    met: ours.median <= floor.median && growthMb < 100,
    note: `${(bytes / 1e6).toFixed(0)} MB; server process RSS +${growthMb.toFixed(0)} MB`,
  };
}
