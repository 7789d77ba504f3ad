/**
 * Reliability item 6, the soak: `npm run soak` (not part of `npm test`).
 * Starts the real server (a child process) on a fresh database with the test fixtures, warms it up,
 * then runs autocannon against checks, items, tiles and exports one after the other, sampling the
 * server's RSS every second. Prints errors, non-2xx, p50/p99 latency, requests/s and the RSS growth
 * after warm-up; exits 1 on any error or non-2xx, or RSS growth ≥ 50 MB.
 *
 *   SOAK_SECONDS=60 SOAK_CONNECTIONS=200 npm run soak          embedded PGlite
 *   SOAK_DATABASE_URL=postgres://… npm run soak                PostGIS server (a throwaway schema)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import request from 'supertest';
import { makeUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { fixture } from '../fixtures/io/helpers.ts';
import { prepareServerDb, startServer } from '../helpers/server-process.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 200);
const WARMUP = Number(process.env.SOAK_WARMUP_SECONDS ?? 10);
const PG_URL = process.env.SOAK_DATABASE_URL;

function tileAt(lng: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}
const t = tileAt(113.3, 40.09, 12);

const ENDPOINTS: [string, string][] = [
  ['checks', '/api/check?lng=113.3&lat=40.09'],
  ['items', '/ogc/collections/construction_sites/items?limit=50'],
  ['tiles', `/tiles/construction_sites/${t.z}/${t.x}/${t.y}.mvt`],
  ['exports', '/api/layers/construction_sites/export.geojson'],
];

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'pc-soak-'));
  const handle = await prepareServerDb(PG_URL ? 'pg' : 'pglite', join(dir, 'data'), undefined, PG_URL);
  const db = await handle.open();
  const admin = await makeUser(db, 'soak-admin', 'admin');
  const app = testApp(db, {}, { actAs: 'anonymous' });
  await request(app).post('/api/layers/construction_sites/import?mode=replace').set('Authorization', admin.bearer).attach('file', fixture('sites.geojson')).expect(200);
  await request(app).post('/api/layers/coal_ban_zones/import?mode=replace').set('Authorization', admin.bearer).attach('file', fixture('zones.kml')).expect(200);
  await db.close();

  const server = await startServer(handle.where, { LOG_LEVEL: 'warn' }).catch(async (err: unknown) => {
    await handle.drop();
    throw err;
  });
  const pid = server.child.pid!;
  let failed = false;
  try {
    for (const [, path] of ENDPOINTS) {
      const res = await fetch(`${server.url}${path}`);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    }
    console.log(`soak: ${PG_URL ? 'PostGIS server' : 'embedded PGlite'}, ${CONNECTIONS} connections, ${SECONDS} s per endpoint, warm-up ${WARMUP} s`);
    for (const [, path] of ENDPOINTS) await autocannon({ url: `${server.url}${path}`, connections: 20, duration: Math.max(1, Math.round(WARMUP / ENDPOINTS.length)) });
    const rss0 = await rssMb(pid);
    let rssMax = rss0;
    const sampler = setInterval(() => void rssMb(pid).then((r) => (rssMax = Math.max(rssMax, r)), () => undefined), 1000);
    const rows: string[] = [];
    for (const [name, path] of ENDPOINTS) {
      const r = await autocannon({ url: `${server.url}${path}`, connections: CONNECTIONS, duration: SECONDS });
      const bad = r.errors + r.timeouts + r.non2xx;
      if (bad) failed = true;
      rows.push(
        `${name.padEnd(8)} ${String(r.requests.total).padStart(8)} req  ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(5)} ms  p99 ${String(r.latency.p99).padStart(6)} ms  errors ${r.errors}  timeouts ${r.timeouts}  non-2xx ${r.non2xx}  RSS ${(await rssMb(pid)).toFixed(0)} MB`,
      );
      console.log(rows.at(-1));
    }
    clearInterval(sampler);
    const rss1 = await rssMb(pid);
    const growth = rss1 - rss0;
    if (growth >= 50) failed = true;
    console.log(`RSS after warm-up ${rss0.toFixed(0)} MB, at the end ${rss1.toFixed(0)} MB (growth ${growth.toFixed(0)} MB, peak ${rssMax.toFixed(0)} MB)`);
    console.log(failed ? 'soak: FAILED' : 'soak: passed (0 errors, RSS growth < 50 MB)');
  } finally {
    await server.kill('SIGTERM');
    await handle.drop();
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

await main();
