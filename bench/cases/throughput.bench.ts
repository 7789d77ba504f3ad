/**
 * Site checks per second under load: autocannon at 10 connections against GET /api/check (zones and
 * distances, points varied per request), beside the raw SQL floor under the same concurrency: 10
 * loops on the app's pool running the covering-zones SQL alone (the floor the issue names) for the
 * same time and the same points.
 *
 * autocannon runs in a worker thread: the app under test listens on this process's event loop, and
 * a client on the same loop took about a third of its time (parsing responses, building requests),
 * which a server never pays for its clients. Each connection walks the same 500 paths in turn.
 */
import autocannon from 'autocannon';
import { coveringZones } from '../../server/features/check/check.repo.ts';
import { LAYERS } from '../../server/features/layers/catalogue/index.ts';
import type { BenchContext } from '../context.ts';
import { rng, sitePoint } from '../synthetic.ts';
import type { Row, Timing } from '../stats.ts';

const ZONE_LAYERS = LAYERS.filter((l) => l.geometryType === 'Polygon').map((l) => l.id);

/** Latencies (ms) of `fn` run back to back by `connections` loops for `seconds`. */
async function concurrently(connections: number, seconds: number, fn: (k: number) => Promise<unknown>): Promise<number[]> {
  const until = performance.now() + seconds * 1000;
  const samples: number[] = [];
  let k = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await fn(k++);
        samples.push(performance.now() - t);
      }
    }),
  );
  return samples;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;

export async function throughputBench(ctx: BenchContext): Promise<Row> {
  const r = rng(123);
  const points = Array.from({ length: 500 }, () => sitePoint(r));
  const paths = points.map(([lng, lat]) => `/api/check?lng=${lng}&lat=${lat}`);
  const duration = ctx.quick ? 3 : 10;
  const connections = 10;
  // the first check after the load builds the zone index (seconds at 1 000 zones): not part of the rate
  await (await fetch(`${ctx.url}${paths[0]}`)).arrayBuffer();
  const result = await autocannon({
    url: ctx.url,
    connections,
    duration,
    workers: 1,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const ours: Timing = { median: result.latency.p50, p95: result.latency.p97_5, runs: result.requests.total };
  const floorSamples = (
    await concurrently(connections, duration, (k) => {
      const [lng, lat] = points[k % points.length]!;
      return coveringZones(ctx.db, [lng!], [lat!], ZONE_LAYERS);
    })
  ).sort((a, b) => a - b);
  const floor: Timing = { median: percentile(floorSamples, 0.5), p95: percentile(floorSamples, 0.975), runs: floorSamples.length };
  const checksPerSecond = result.requests.total / duration;
  const floorPerSecond = floorSamples.length / duration;
  return {
    case: `site check under load: ${connections} connections, ${duration} s (autocannon): **${Math.round(checksPerSecond)} checks/s**`,
    ours,
    floor,
    floorName: `covering-zones SQL alone, ${connections} concurrent loops on the pool`,
    target: '≥ 3 000 checks/s, p50 < floor',
    met: result.errors === 0 && result.non2xx === 0 && checksPerSecond >= 3000 && ours.median < floor.median,
    note: `p99 ${result.latency.p99} ms (floor p99 ${percentile(floorSamples, 0.99).toFixed(1)} ms, ${Math.round(floorPerSecond)} queries/s); ${result.errors} errors, ${result.non2xx} non-2xx; p95 columns are p97.5`,
  };
}
