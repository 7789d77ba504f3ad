/** Site checks per second under load: autocannon against the check endpoint, points varied per request. */
import autocannon from 'autocannon';
import type { BenchContext } from '../context.ts';
import { rng, sitePoint } from '../synthetic.ts';
import { summarise, type Row } from '../stats.ts';

export async function throughputBench(ctx: BenchContext): Promise<Row> {
  const r = rng(123);
  const paths = Array.from({ length: 500 }, () => sitePoint(r)).map(([lng, lat]) => `/api/check?lng=${lng}&lat=${lat}`);
  let i = 0;
  const duration = ctx.quick ? 5 : 15;
  const connections = 10;
  const result = await autocannon({
    url: ctx.url,
    connections,
    duration,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  const lat = { median: result.latency.p50, p95: result.latency.p97_5, runs: result.requests.total };
  const single = summarise([result.latency.min]);
  return {
    case: `site check under load: ${connections} connections, ${duration} s (autocannon)`,
    ours: lat,
    floor: single,
    floorName: 'fastest single request',
    target: 'checks/s reported',
    met: result.errors === 0 && result.non2xx === 0,
    note: `**${Math.round(result.requests.average)} checks/s** (p99 ${result.latency.p99} ms, ${result.errors} errors, ${result.non2xx} non-2xx); p95 column is p97.5`,
  };
}
