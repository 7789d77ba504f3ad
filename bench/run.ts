/**
 * `npm run bench [-- --quick] [-- --sites N --zones M] [-- --only tiles,import]` (defaults: 1 000 000
 * sites × 1 000 zones on a server, 100 000 × 1 000 embedded, 20 000 × 200 with --quick)
 * Measures the app against its floors side by side in one run, on the PostGIS server in
 * DATABASE_URL (in a scratch schema) or on a fresh embedded database otherwise, and writes the
 * report (date, commit, machine, database, one row per measurement) to
 * bench/results/<date>-<server|embedded>[-quick].md and bench/results/latest.md. `--only` runs the
 * named cases (a comma list of the names the log prints, e.g. `tiles under load`) after the load,
 * for development; a complete run is one without it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import type { Db } from '../server/db/db.ts';
import { migrate } from '../server/db/migrate.ts';
import { openPg } from '../server/db/pg.driver.ts';
import { openPglite } from '../server/db/pglite.driver.ts';
import { appServerBench } from './cases/app-server.bench.ts';
import { browserBench } from './cases/browser.bench.ts';
import { checkBench, checkIndexBench } from './cases/check.bench.ts';
import { coverageBench, loadCoveragePolygons } from './cases/coverage.bench.ts';
import { embeddedBench } from './cases/embedded.bench.ts';
import { exportBench } from './cases/export.bench.ts';
import { firstPageBench } from './cases/first-page.bench.ts';
import { importBench } from './cases/import.bench.ts';
import { importServiceBench } from './cases/import-service.bench.ts';
import { scanBench } from './cases/scan.bench.ts';
import { throughputBench } from './cases/throughput.bench.ts';
import { tilesBench } from './cases/tiles.bench.ts';
import { tilesLoadBench } from './cases/tiles-load.bench.ts';
import { loadFile, type BenchContext } from './context.ts';
import { benchDataDir, generate } from './generate.ts';
import { table, type Row } from './stats.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sites: { type: 'string' },
    zones: { type: 'string' },
    only: { type: 'string' },
  },
});
const only = values.only?.split(',').map((s) => s.trim().toLowerCase());
const quick = values.quick!;
const databaseUrl = process.env.DATABASE_URL;
// The embedded database is one process for a district, not a province: its default size is the
// 100 000 sites at which the issue compares it with the server.
const sites = Number(values.sites ?? (quick ? 20_000 : databaseUrl ? 1_000_000 : 100_000));
const zones = Number(values.zones ?? (quick ? 200 : 1000));
const log = (m: string) => console.log(`[bench] ${m}`);

async function openBenchDb(): Promise<{ db: Db; schema?: string; cleanup: () => Promise<void> }> {
  if (databaseUrl) {
    const schema = 'bench';
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    await c.query('CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public');
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.query(`CREATE SCHEMA ${schema}`);
    await c.end();
    const db = await openPg({ connectionString: databaseUrl, poolSize: 10, schema });
    return { db, schema, cleanup: () => db.close() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'pingcheng-bench-'));
  const db = await openPglite({ dataDir: dir });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  const dataDir = benchDataDir(sites, zones);
  const sitesPath = join(dataDir, 'nrmm_machines.geojson');
  const zonesPath = join(dataDir, 'nrmm_control_zones.geojson');
  if (!existsSync(sitesPath)) {
    log(`generating ${sites} sites and ${zones} zones…`);
    await generate({ sites, zones, seed: 7, out: dataDir });
  }
  log(`opening ${databaseUrl ? 'PostGIS server' : 'embedded PGlite'}…`);
  const { db, schema, cleanup } = await openBenchDb();
  await migrate(db);
  log('loading zones…');
  await loadFile(db, 'nrmm_control_zones', zonesPath);
  log(`loading ${sites} sites through the validated write path…`);
  const t = performance.now();
  await loadFile(db, 'nrmm_machines', sitesPath);
  const loadMs = performance.now() - t;
  log('loading built-up and clean-heating polygons…');
  await loadCoveragePolygons(db, zonesPath);
  // VACUUM too: otherwise autovacuum visits the million new rows in the middle of a later case
  // (it slowed the browser case's first rows 3-4× in one run); ANALYZE for features and the zone
  // parts its triggers filled
  await db.query('VACUUM ANALYZE');
  log(`loaded in ${(loadMs / 1000).toFixed(1)} s`);

  const server = createApp({ db, config: {}, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctx: BenchContext = { db, url, sites, zones, sitesPath, zonesPath, quick, ...(databaseUrl ? { databaseUrl } : {}), ...(schema ? { schema } : {}) };

  const rows: Row[] = [];
  // where the run's time goes, printed under the table: the budget is 15 minutes at the defaults
  const spent: [string, number][] = [['generate and load', performance.now() - started]];
  const step = async (name: string, fn: () => Promise<Row | Row[] | undefined>) => {
    if (only && !only.includes(name)) return;
    log(name);
    const t0 = performance.now();
    const r = await fn();
    if (r) rows.push(...(Array.isArray(r) ? r : [r]));
    const ms = performance.now() - t0;
    spent.push([name, ms]);
    log(`  ${name}: ${(ms / 1000).toFixed(0)} s`);
  };
  await step('site check', () => checkBench(ctx));
  await step('site check zones in process', () => checkIndexBench(ctx));
  await step('site check under load', () => throughputBench(ctx));
  await step('app server', () => appServerBench(ctx));
  await step('violation scan', () => scanBench(ctx));
  await step('coverage', () => coverageBench(ctx));
  await step('tiles', () => tilesBench(ctx));
  await step('tiles under load', () => tilesLoadBench(ctx));
  await step('export', () => exportBench(ctx));
  await step('import', () => importBench(ctx, loadMs));
  await step('import service', () => importServiceBench(ctx));

  // at 100 000 sites: both databases side by side
  await step('embedded vs server', () => embeddedBench(ctx, log));
  // the browser at 10 000 / 50 000 / 100 000 points (server) or the run's own data (embedded)
  await step('browser', () => browserBench(ctx, log));
  // the app's first page against a bare MapLibre page with the same style and data (a ratio)
  await step('first page', () => firstPageBench(db));

  server.close();
  const [database] = await db.query<{ v: string }>(`SELECT split_part(version(), ' on ', 1) || ', PostGIS ' || postgis_lib_version() AS v`);
  await cleanup();
  const versions = await machineFacts();
  const kind = databaseUrl ? 'server' : 'embedded';
  const date = new Date();
  const report = [
    `# Benchmark results: ${databaseUrl ? 'PostGIS server' : 'embedded PGlite'}, ${sites} sites × ${zones} zones`,
    '',
    `- command: \`${databaseUrl ? 'DATABASE_URL=… ' : ''}npm run bench${quick ? ' -- --quick' : ''}${values.sites ? ` -- --sites ${sites}` : ''}${values.zones ? ` --zones ${zones}` : ''}${only ? ` --only ${values.only}` : ''}\`${only ? ' (**not a complete run**)' : ''}`,
    `- database: ${databaseUrl ? 'PostGIS server' : 'embedded PGlite + pglite-postgis'} (${database?.v ?? '?'})`,
    `- data: ${sites} NRMM sites, ${zones} zones (one with 50 000 vertices), seed 7${databaseUrl ? '' : "; the embedded run's default is 100 000 sites (the issue compares the databases at that size), the million is the server's"}`,
    `- commit: ${await commit()}`,
    `- machine: ${versions}`,
    `- date: ${date.toISOString()}; total ${((performance.now() - started) / 1000).toFixed(0)} s; load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end`,
    '',
    table(rows),
    '',
    `Seconds per case: ${spent.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(0)}`).join(', ')}.`,
    '',
  ].join('\n');
  await mkdir('bench/results', { recursive: true });
  const file = `bench/results/${date.toISOString().slice(0, 10)}-${kind}${quick ? '-quick' : ''}${only ? '-partial' : ''}.md`;
  await writeFile(file, report);
  await writeFile('bench/results/latest.md', report);
  console.log(`\n${report}\n[bench] written to ${file} and bench/results/latest.md`);
}

const run = promisify(execFile);

/** The commit measured, and whether tracked files differed from it. */
async function commit(): Promise<string> {
  try {
    const [hash = '', day = '', subject = ''] = (await run('git', ['log', '-1', '--format=%h%n%cs%n%s'])).stdout.split('\n');
    const dirty = (await run('git', ['status', '--porcelain', '--untracked-files=no'])).stdout.trim();
    return `${hash} (${day}: ${subject.length > 60 ? `${subject.slice(0, 60)}…` : subject})${dirty ? ' **+ uncommitted changes**' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

async function machineFacts(): Promise<string> {
  const gdal = await run('ogr2ogr', ['--version']).then(
    (r) => r.stdout.trim(),
    () => 'GDAL not installed',
  );
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${type()} ${release()}, Node ${process.version}, ${gdal}`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
