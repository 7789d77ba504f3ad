/**
 * The same 100 000 sites (with --quick, the run's own data) on the embedded database and on the
 * server, the same service calls on both: the validated import of the sites (timed as they load),
 * site check (50 points), violation scan, coverage. Server
 * runs only (the embedded side is opened here, in a temporary directory); the ratio is embedded ÷
 * server.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { checkPointWithDistances } from '../../server/features/check/check.service.ts';
import { computeCoverage } from '../../server/features/coverage/coverage.service.ts';
import { loadFile, type BenchContext } from '../context.ts';
import { benchDataDir, generate } from '../generate.ts';
import { summarise, time, type Row, type Timing } from '../stats.ts';
import { rng, sitePoint } from '../synthetic.ts';
import { loadCoveragePolygons } from './coverage.bench.ts';
import { scanService } from './scan.bench.ts';

export const SMALL_SITES = 100_000;

export interface ComparisonData {
  sites: number;
  sitesPath: string;
  zonesPath: string;
}

/**
 * The data the embedded and browser cases load: the 100 000 sites of the comparison
 * (generated once, then cached), or with --quick the run's own smaller set.
 */
export async function comparisonData(ctx: BenchContext): Promise<ComparisonData> {
  if (ctx.quick) return { sites: ctx.sites, sitesPath: ctx.sitesPath, zonesPath: ctx.zonesPath };
  const dir = benchDataDir(SMALL_SITES, ctx.zones);
  const sitesPath = join(dir, 'nrmm_machines.geojson');
  const zonesPath = join(dir, 'nrmm_control_zones.geojson');
  if (!existsSync(sitesPath)) await generate({ sites: SMALL_SITES, zones: ctx.zones, seed: 7, out: dir });
  return { sites: SMALL_SITES, sitesPath, zonesPath };
}

/** Loads the comparison data; resolves to the milliseconds the sites took (the import comparison). */
export async function loadAll(db: Db, data: ComparisonData): Promise<number> {
  await migrate(db);
  await loadFile(db, 'nrmm_control_zones', data.zonesPath);
  const t = performance.now();
  await loadFile(db, 'nrmm_machines', data.sitesPath);
  const sitesMs = performance.now() - t;
  await loadCoveragePolygons(db, data.zonesPath);
  await db.query('VACUUM ANALYZE'); // as in run.ts: no autovacuum during the timing
  return sitesMs;
}

/** A pg database on its own schema for the 100 000-site set (the caller closes it). */
export async function openSmallServerDb(databaseUrl: string, schema = 'bench_small'): Promise<Db> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return openPg({ connectionString: databaseUrl, poolSize: 10, schema });
}

export async function embeddedBench(ctx: BenchContext, log: (m: string) => void): Promise<Row[]> {
  if (!ctx.databaseUrl) return [];
  const data = await comparisonData(ctx);
  const dir = await mkdtemp(join(tmpdir(), 'pingcheng-bench-embedded-'));
  const embedded = await openPglite({ dataDir: dir });
  const server = await openSmallServerDb(ctx.databaseUrl);
  try {
    log(`  loading ${data.sites} sites into both databases…`);
    const importEmbedded = await loadAll(embedded, data);
    const importServer = await loadAll(server, data);
    const r = rng(5);
    const points = Array.from({ length: 50 }, () => sitePoint(r));
    const checks = (db: Db) => async () => {
      for (const [a, b] of points) await checkPointWithDistances(db, { crs: 'wgs84', a, b });
    };
    // no warm-up: the load and its VACUUM ANALYZE have just read every row on both sides
    const opts = { reps: ctx.quick ? 3 : 5, warmup: 0, budgetMs: 10_000 };
    const cases: [string, (db: Db) => () => Promise<unknown>][] = [
      ['site check ×50', checks],
      ['violation scan', (db) => () => scanService(db)],
      ['coverage', (db) => () => computeCoverage(db)],
    ];
    // the sites' load is the validated import path (parse, zod, COPY): one run each, the load itself
    const rows: Row[] = [
      {
        case: `embedded vs server, ${data.sites} sites: GeoJSON import (validated, one run each)`,
        ours: summarise([importEmbedded]),
        floor: summarise([importServer]),
        floorName: 'same load on the PostGIS server',
        target: 'ratio reported',
        note: 'the embedded import with its ratio to the server (issue 18)',
      },
    ];
    for (const [name, fn] of cases) {
      const e: Timing = await time(fn(embedded), opts);
      const s: Timing = await time(fn(server), opts);
      rows.push({
        case: `embedded vs server, ${data.sites} sites: ${name}`,
        ours: e,
        floor: s,
        floorName: 'same call on the PostGIS server',
        target: '≤ 3×',
        met: e.median <= s.median * 3,
      });
    }
    return rows;
  } finally {
    await embedded.close();
    await rm(dir, { recursive: true, force: true });
    await server.close();
  }
}
