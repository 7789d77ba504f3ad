/**
 * The soak's stalled-clients phase (issue 20, item 14): SOAK_STALLED clients (100) ask for the
 * GeoJSON export of a layer of large polygons (SOAK_BIG_POLYGONS × SOAK_BIG_VERTICES, 20 × 100 000
 * as in the attack run) and, after the status line, read nothing. The server's RSS is sampled while
 * they hang on, past the write timeout; a site check is timed meanwhile. Before the fix this ran
 * the server out of heap on both databases.
 */
import net from 'node:net';
import { processRssBytes } from '../../bench/server-process.ts';
import { BIG_POLYGON_LAYER } from '../helpers/big-polygons.ts';

export const STALLED = Number(process.env.SOAK_STALLED ?? 100);
export const BIG_POLYGONS = Number(process.env.SOAK_BIG_POLYGONS ?? 20);
export const BIG_VERTICES = Number(process.env.SOAK_BIG_VERTICES ?? 100_000);
/** The server's write timeout for the soak (WRITE_TIMEOUT_SECONDS); the clients hang on 5 s longer. */
export const STALL_TIMEOUT_SECONDS = Number(process.env.SOAK_WRITE_TIMEOUT_SECONDS ?? 30);
/** Fails the phase: the measured wave's RSS peak above the warm-up wave's by more than this. */
const MAX_GROWTH_MB = Number(process.env.SOAK_STALLED_MAX_GROWTH_MB ?? 50);

interface Stalled {
  socket: net.Socket;
  status?: number;
  closedByServer: boolean;
}

/** Sends the request, reads the first piece (the status line), then nothing more. */
function stalledClient(url: URL, path: string): Stalled {
  const c: Stalled = { socket: net.connect(Number(url.port), url.hostname), closedByServer: false };
  c.socket.on('error', () => undefined);
  c.socket.once('data', (b: Buffer) => {
    c.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(b.subarray(0, 20).toString('latin1'))?.[1]);
    c.socket.pause();
  });
  c.socket.on('close', () => (c.closedByServer = true));
  c.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
  return c;
}

const mb = async (pid: number) => (await processRssBytes(pid)) / 1024 / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One wave: the clients come, a site check is timed among them, they hang on past the write timeout, then go. */
async function wave(baseUrl: string, pid: number) {
  const url = new URL(baseUrl);
  const path = `/api/layers/${BIG_POLYGON_LAYER}/export.geojson`;
  let peak = await mb(pid);
  const sampler = setInterval(
    () =>
      void mb(pid).then(
        (r) => (peak = Math.max(peak, r)),
        () => undefined,
      ),
    250,
  );
  const clients = Array.from({ length: STALLED }, () => stalledClient(url, path));
  // all answered (a status line each), then a site check while they hang on
  for (let i = 0; clients.some((c) => c.status === undefined && !c.closedByServer) && i < 1200; i++) await sleep(100);
  const t0 = Date.now();
  const check = await fetch(`${baseUrl}/api/check?lng=113.3&lat=40.09`);
  const checkMs = Date.now() - t0;
  await sleep((STALL_TIMEOUT_SECONDS + 5) * 1000);
  for (const c of clients) c.socket.destroy();
  clearInterval(sampler);
  const statuses: Record<string, number> = {};
  for (const c of clients) statuses[String(c.status ?? 'none')] = (statuses[String(c.status ?? 'none')] ?? 0) + 1;
  return { path, statuses, check: check.status, checkMs, peak, after: await mb(pid) };
}

/**
 * Runs the phase against a started server; returns whether it passed. Two waves of the same load:
 * the first brings the heaps to their working size (PGlite's WASM memory never shrinks, as in the
 * endpoint warm-ups); the second's RSS peak must not pass the first's by SOAK_STALLED_MAX_GROWTH_MB
 * (flat: stalled clients leave nothing behind). Between two samples the RSS also holds garbage V8
 * has not collected yet, so the peaks, not the "after" values, are compared.
 */
export async function stalledPhase(baseUrl: string, pid: number): Promise<boolean> {
  const rss0 = await mb(pid);
  const w1 = await wave(baseUrl, pid);
  const w2 = await wave(baseUrl, pid);
  const growth = w2.peak - w1.peak;
  const answered = (w: typeof w1) => (w.statuses.none ?? 0) === 0 && w.check === 200;
  const ok = answered(w1) && answered(w2) && growth < MAX_GROWTH_MB;
  for (const [name, w] of [
    ['warm-up', w1],
    ['measured', w2],
  ] as const)
    console.log(
      `stalled  ${name}: ${STALLED} clients on ${w.path} (${BIG_POLYGONS} polygons × ${BIG_VERTICES} vertices), statuses ${JSON.stringify(w.statuses)}; site check meanwhile ${w.check} in ${w.checkMs} ms; RSS peak ${w.peak.toFixed(0)} MB, after ${w.after.toFixed(0)} MB`,
    );
  console.log(
    `stalled  RSS before ${rss0.toFixed(0)} MB; peak of the warm-up wave ${w1.peak.toFixed(0)} MB, of the measured wave ${w2.peak.toFixed(0)} MB (growth ${growth.toFixed(0)} MB, limit ${MAX_GROWTH_MB}); write timeout ${STALL_TIMEOUT_SECONDS} s`,
  );
  return ok;
}
