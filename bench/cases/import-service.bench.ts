/**
 * The product's whole import (the service behind POST /api/layers/{id}/import, without the
 * multipart upload) against ogr2ogr PG_USE_COPY on the same file: format reading, CRS detection,
 * per-feature validation to a spool file, the COPY write, the history event with every created
 * feature, and the rule warnings for them. Server runs only (the floor needs a server), at the
 * 100 000 sites of the embedded comparison (a million is past the 200 MB upload limit, and the rule
 * warnings join every written site with the zones), into a schema of its own. The note splits our
 * time by phase.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrate } from '../../server/db/migrate.ts';
import { createUser } from '../../server/features/auth/users.service.ts';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { importFile } from '../../server/features/io/import.service.ts';
import { gdalPg, loadFile, type BenchContext } from '../context.ts';
import { summarise, type Row } from '../stats.ts';
import { comparisonData, openSmallServerDb } from './embedded.bench.ts';

const run = promisify(execFile);
const SCHEMA = 'bench_import';

export async function importServiceBench(ctx: BenchContext): Promise<Row | undefined> {
  if (!ctx.databaseUrl) return undefined;
  const data = await comparisonData(ctx);
  const db = await openSmallServerDb(ctx.databaseUrl, SCHEMA);
  const work = await mkdtemp(join(tmpdir(), 'pingcheng-bench-import-'));
  try {
    await migrate(db);
    await loadFile(db, 'nrmm_control_zones', data.zonesPath);
    const user = await createUser(db, { username: 'bench', password: 'bench-password-1', role: 'admin' });
    const phases: Record<string, number> = {};
    const t = performance.now();
    const report = await importFile(
      db,
      findLayer('nrmm_machines')!,
      { path: data.sitesPath, filename: 'nrmm_machines.geojson', size: (await stat(data.sitesPath)).size, workDir: work },
      {
        mode: 'append',
        dryRun: false,
        repair: false,
        swapXY: 'auto',
        strict: false,
        actor: { userId: user.id, username: user.username },
        // the first write progress ends validation; the last one ends the write
        onProgress: (p) => (phases[p.phase] = performance.now() - t),
      },
    );
    const ours = performance.now() - t;
    if (report.imported !== data.sites) throw new Error(`import service wrote ${report.imported} of ${data.sites}`);

    const pg = gdalPg(ctx.databaseUrl, { active_schema: SCHEMA });
    const t0 = performance.now();
    await run(
      'ogr2ogr',
      ['-f', 'PostgreSQL', pg, data.sitesPath, '-nln', 'bench_ogr_import', '-overwrite', '-lco', 'GEOMETRY_NAME=geom', '--config', 'PG_USE_COPY', 'YES'],
      { maxBuffer: 1 << 26 },
    );
    const floor = performance.now() - t0;
    const validate = phases.validate ?? 0;
    const write = (phases.write ?? validate) - validate;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return {
      case: `GeoJSON import ${data.sites} sites, the import service (validate, COPY, history, rule warnings)`,
      ours: summarise([ours]),
      floor: summarise([floor]),
      floorName: 'ogr2ogr PG_USE_COPY YES',
      target: 'ratio reported (≤ 1.5× is the validated write path\u2019s target)',
      note: `one run each; read + validate ${s(validate)}, write with history ${s(write)}, rule warnings and the rest ${s(ours - validate - write)}`,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
    await db.close();
  }
}
