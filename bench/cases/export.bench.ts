/**
 * GeoJSON export of the whole sites layer over HTTP against ogr2ogr reading the same partition
 * from the server (the floor), with the server process' RSS growth sampled during our export.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gdalPg, type BenchContext } from '../context.ts';
import { time, type Row } from '../stats.ts';

const run = promisify(execFile);

async function download(url: string): Promise<number> {
  const res = await fetch(url);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  return bytes;
}

export async function exportBench(ctx: BenchContext): Promise<Row | undefined> {
  const url = `${ctx.url}/api/layers/nrmm_machines/export.geojson`;
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let bytes = 0;
  // a million-feature export takes tens of seconds: 3 runs each (no warm-up: the load has warmed the caches)
  const ours = await time(async () => (bytes = await download(url)), ctx.quick ? 2 : 3, 0);
  clearInterval(sampler);
  const growthMb = (peak - before) / 1024 / 1024;
  if (!ctx.databaseUrl) {
    return { case: `GeoJSON export ${ctx.sites} sites`, ours, floor: ours, floorName: 'ogr2ogr (needs DATABASE_URL)', target: '≤ 1.0×, RSS < 100 MB', met: growthMb < 100, note: `${(bytes / 1e6).toFixed(0)} MB; RSS +${growthMb.toFixed(0)} MB; embedded run: no floor` };
  }
  const out = join(tmpdir(), `bench-ogr-export-${process.pid}.geojson`);
  const pg = gdalPg(ctx.databaseUrl, ctx.schema ? { schemas: ctx.schema } : {});
  const floor = await time(async () => {
    await rm(out, { force: true });
    await run('ogr2ogr', ['-f', 'GeoJSON', out, pg, '-sql', 'SELECT id, name, is_demo, properties, geom FROM features_nrmm_machines']);
  }, ctx.quick ? 2 : 3, 0);
  await rm(out, { force: true });
  return {
    case: `GeoJSON export ${ctx.sites} sites`,
    ours,
    floor,
    floorName: 'ogr2ogr -f GeoJSON PG:',
    target: '≤ 1.0×, RSS < 100 MB',
    met: ours.median <= floor.median && growthMb < 100,
    note: `${(bytes / 1e6).toFixed(0)} MB; RSS +${growthMb.toFixed(0)} MB`,
  };
}
