/**
 * Cached vector tiles under load against static files of the same sizes, both served by the same
 * app: autocannon at 200 connections on the four nrmm_machines tiles z11–14 of the tiles case (the
 * cache warm), then on four files of exactly those byte lengths under /data, which the app serves
 * with express.static (through the same middleware: helmet, logging, authentication). The ratio is
 * tiles' requests/s ÷ the static files'; p99 of each is in the note.
 *
 * autocannon runs in a worker thread (its `workers` option), so the load generator does not share
 * the app's event loop. The static files are written under data/ for the run and removed after it
 * (data/bench-static-*, ignored by git).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { tileAt } from '../../server/lib/tile-math.ts';
import { PATHS } from '../../server/paths.ts';
import type { BenchContext } from '../context.ts';
import type { Row, Timing } from '../stats.ts';

const CONNECTIONS = 200;
const TILES = [11, 12, 13, 14].map((z) => tileAt(113.3, 40.09, z));

interface Load {
  rps: number;
  latency: Timing;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, paths: string[], duration: number): Promise<Load> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    workers: 1,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  return {
    rps: r.requests.average,
    latency: { median: r.latency.p50, p95: r.latency.p97_5, runs: r.requests.total },
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

export async function tilesLoadBench(ctx: BenchContext): Promise<Row> {
  const tilePaths = TILES.map(([z, x, y]) => `/tiles/nrmm_machines/${z}/${x}/${y}.mvt`);
  const sizes: number[] = [];
  for (const path of tilePaths) {
    const res = await fetch(`${ctx.url}${path}`);
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    sizes.push((await res.arrayBuffer()).byteLength);
  }
  const dirName = `bench-static-${process.pid}`;
  const dir = join(PATHS.data, dirName);
  await mkdir(dir, { recursive: true });
  try {
    const staticPaths: string[] = [];
    for (const [i, size] of sizes.entries()) {
      // filler of the tile's exact length (neither side is compressed: /data and tiles are not)
      const bytes = Buffer.alloc(size);
      for (let j = 0; j < size; j++) bytes[j] = (j * 2654435761) >>> 24;
      await writeFile(join(dir, `tile-${i}.mvt`), bytes);
      staticPaths.push(`/data/${dirName}/tile-${i}.mvt`);
    }
    const duration = ctx.quick ? 5 : 10;
    // a short warm-up of each, then the measured runs
    await load(ctx.url, tilePaths, 2);
    await load(ctx.url, staticPaths, 2);
    const tiles = await load(ctx.url, tilePaths, duration);
    const files = await load(ctx.url, staticPaths, duration);
    const ratio = tiles.rps / files.rps;
    const kb = sizes.map((s) => (s / 1024).toFixed(1)).join(', ');
    return {
      case: `cached tiles under load: ${CONNECTIONS} connections, ${duration} s each side (autocannon), 4 tiles of ${kb} kB`,
      ours: tiles.latency,
      floor: files.latency,
      floorName: 'static files of the same sizes (express.static, same app)',
      ratio,
      ratioNote: 'requests/s ÷ requests/s',
      target: '≥ 0.8× requests/s',
      // ours must answer every request; the floor's failures (a static file timing out under 200
      // connections) are printed in the note, not counted against ours
      met: ratio >= 0.8 && tiles.errors + tiles.non2xx === 0,
      note: `**${Math.round(tiles.rps)} vs ${Math.round(files.rps)} requests/s**; p99 ${tiles.p99} vs ${files.p99} ms; errors ${tiles.errors}/${files.errors}, non-2xx ${tiles.non2xx}/${files.non2xx}; latency columns p50 / p97.5`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
