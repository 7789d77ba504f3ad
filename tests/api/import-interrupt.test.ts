/**
 * "An interrupted import (process killed mid-way) leaves the layer exactly as before": a child
 * process imports in replace mode and is SIGKILLed inside the write transaction, after the old
 * features were deleted and new ones inserted. The database (server, or the embedded one reopened
 * from its data directory) must show the layer as it was.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { fixture, layerState, postImport } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';

const CHILD = fixture('import-child.ts');

async function bigFile(dir: string, n: number): Promise<string> {
  const path = join(dir, 'big.geojson');
  const w = createWriteStream(path);
  w.write('{"type":"FeatureCollection","features":[\n');
  for (let i = 0; i < n; i++)
    w.write(`${i ? ',\n' : ''}{"type":"Feature","properties":{"name":"批量${i}","site_type":"road","status":"active"},"geometry":{"type":"Point","coordinates":[${113.22 + (i % 100) * 0.0015},${40.0 + Math.floor(i / 100) * 0.001}]}}`);
  w.end(']}\n');
  await once(w, 'finish');
  return path;
}

/** Runs the child until it reports it is inside the transaction, then kills it with SIGKILL. */
async function killMidImport(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('WRITING')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before writing: ${out} ${err.slice(-2000)}`)));
  });
  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(out).not.toContain('FINISHED');
}

// imports need a signed-in editor or admin: testApp sends the requests as its test admin
const app = (db: Db) => testApp(db);

describe('an import killed inside its transaction', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-interrupt-'));
    file = await bigFile(dir, 6000);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('leaves the embedded database (reopened from disk) as it was', async () => {
    const dataDir = join(dir, 'pglite');
    let db = await openPglite({ dataDir, loadDataDir: new Blob([new Uint8Array(await readFile(inject('pgliteTemplate')))]) });
    await migrate(db);
    await postImport(app(db), 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
    const before = await layerState(db, 'construction_sites');
    await db.close();

    await killMidImport({ DB: 'pglite', DATA_DIR: dataDir, FILE: file });

    db = await openPglite({ dataDir });
    try {
      expect(await layerState(db, 'construction_sites')).toEqual(before);
      // and the database is usable: the same import now completes
      const res = await postImport(app(db), 'construction_sites', { name: 'big.geojson', data: await readFile(file) }, 'mode=replace').expect(200);
      expect(res.body.imported).toBe(6000);
    } finally {
      await db.close();
    }
  }, 180_000);

  it.runIf(process.env.TEST_DATABASE_URL)('leaves the PostGIS server as it was', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const db = await openPg({ connectionString: url, poolSize: 2, schema });
    try {
      await migrate(db);
      await postImport(app(db), 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
      const before = await layerState(db, 'construction_sites');
      await killMidImport({ DB: 'pg', PG_URL: url, PG_SCHEMA: schema, FILE: file });
      expect(await layerState(db, 'construction_sites')).toEqual(before);
      const res = await postImport(app(db), 'construction_sites', { name: 'big.geojson', data: await readFile(file) }, 'mode=replace').expect(200);
      expect(res.body.imported).toBe(6000);
    } finally {
      await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }, 180_000);
});
