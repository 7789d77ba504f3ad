/**
 * Runs once per test run: builds a migrated embedded database and dumps it, so every test file
 * starts from a copy in ~5 s instead of creating PostGIS (~20 s). The dump is cached in the OS temp
 * dir keyed by the migrations' content, so unchanged schemas skip even that.
 * For the PostGIS server (TEST_DATABASE_URL) it makes sure the extension lives in `public`, so
 * per-file test schemas can share it. For the e2e project it builds the client if it is stale.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { ensureClientBuilt } from './client-build.ts';

const MIGRATIONS = new URL('../../server/db/migrations/', import.meta.url);

async function migrationsHash(): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(MIGRATIONS)).sort()) h.update(f).update(await readFile(new URL(f, MIGRATIONS)));
  return h.digest('hex').slice(0, 16);
}

async function pgliteTemplate(): Promise<string> {
  const file = join(tmpdir(), `pingcheng-pglite-template-${await migrationsHash()}.tar.gz`);
  if (existsSync(file)) return file;
  const db = await openPglite();
  await migrate(db);
  const dump = await db.raw.dumpDataDir('gzip');
  await db.close();
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, file);
  return file;
}

export default async function setup(project: TestProject) {
  if (process.env.CI && !process.env.TEST_DATABASE_URL) {
    throw new Error('CI must set TEST_DATABASE_URL: the suite runs on both databases there, never on one silently.');
  }
  if (process.env.TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public');
    await client.end();
  }
  project.provide('pgliteTemplate', await pgliteTemplate());
  // the browser files run two at a time: their client (with its test hooks) is built once, before they start
  if (project.name === 'e2e') ensureClientBuilt('test');
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
