/**
 * Test databases: the embedded PGlite always, and the PostGIS server from TEST_DATABASE_URL when
 * set (always in CI). Each test file gets its own schema, migrated from scratch and dropped at the
 * end, so files never share mutable state (tables, partitions, history, accounts, sequences,
 * functions all live in the schema; only PostGIS sits in `public`):
 *  - PostGIS server: a schema on a pool whose connections put it first on the search_path.
 *  - PGlite: one migrated PGlite per Vitest worker (the worker outlives its files: `isolate: false`
 *    in vite.config.ts), a schema per file on it. Opening PGlite + PostGIS costs 2.5–7 s; a schema
 *    with the migrations costs ~0.2 s.
 * Tests that need a whole database of their own (a data directory to kill, back up or restore)
 * ask for `{ own: true }`: a PGlite copy of the migrated template, as before.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { createTurns } from '../../server/db/turns.ts';

export type DbKind = 'pglite' | 'pg';

export const DB_KINDS: DbKind[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['pg'] as const) : [])];

export interface TestDb {
  db: Db;
  close(): Promise<void>;
}

export interface TestDbOptions {
  /** PGlite only: a whole database (a copy of the migrated template) instead of a schema on the worker's PGlite. */
  own?: boolean;
}

const newSchema = () => `test_${randomBytes(6).toString('hex')}`;

async function pgliteFromTemplate() {
  return openPglite({ loadDataDir: new Blob([new Uint8Array(await readFile(inject('pgliteTemplate')))]) });
}

type Pglite = Awaited<ReturnType<typeof openPglite>>;

/**
 * The worker's PGlite and the schema its connection has on the search_path. PGlite is one
 * connection, so a statement and the `SET search_path` before it take one turn together: two
 * test databases open at once in a file never see each other's tables.
 */
let worker: { db: Promise<Pglite>; turn: ReturnType<typeof createTurns>; schema: string | undefined } | undefined;

async function workerPglite(): Promise<NonNullable<typeof worker>> {
  if (worker && (await worker.db).raw.closed) worker = undefined;
  if (!worker) {
    const db = pgliteFromTemplate();
    worker = { db, turn: createTurns(), schema: undefined };
    db.catch(() => (worker = undefined));
  }
  await worker.db;
  return worker;
}

async function openPgliteSchema(): Promise<TestDb> {
  const w = await workerPglite();
  const base = await w.db;
  const schema = newSchema();
  const enter = async () => {
    if (w.schema === schema) return;
    await base.query(`SET search_path TO ${schema}, public`);
    w.schema = schema;
  };
  let dropped = false;
  const drop = () =>
    w.turn(async () => {
      if (dropped) return;
      dropped = true;
      if (base.raw.closed) return;
      if (w.schema === schema) {
        await base.query('SET search_path TO public');
        w.schema = undefined;
      }
      await base.query(`DROP SCHEMA ${schema} CASCADE`);
    });
  await base.query(`CREATE SCHEMA ${schema}`);
  const db: Db = {
    kind: base.kind,
    capabilities: base.capabilities,
    query: (sql, params) =>
      w.turn(async () => {
        await enter();
        return base.query(sql, params);
      }),
    transaction: (fn) =>
      w.turn(async () => {
        await enter();
        return base.transaction(fn);
      }),
    // as the app's PGlite does, so the tests run its kept reads (layers/revisions.ts); the worker's
    // one count spans every schema: a statement in another file's schema ends a hold too
    readKeepable: (sql, params) =>
      w.turn(async () => {
        await enter();
        return base.readKeepable(sql, params);
      }),
    close: drop,
  };
  await migrate(db);
  return { db, close: drop };
}

export async function openTestDb(kind: DbKind, opts: TestDbOptions = {}): Promise<TestDb> {
  if (kind === 'pglite') {
    if (!opts.own) return openPgliteSchema();
    const db = await pgliteFromTemplate();
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = newSchema();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPg({ connectionString: url, poolSize: 8, schema });
  await migrate(db);
  return {
    db,
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/**
 * Declares the enclosed tests once per database. `db()` is valid inside tests and hooks.
 */
export function onEachDatabase(fn: (ctx: { kind: DbKind; db: () => Db }) => void, opts: TestDbOptions = {}): void {
  describe.each(DB_KINDS)('on %s', (kind) => {
    let handle: TestDb | undefined;
    beforeAll(async () => {
      handle = await openTestDb(kind, opts);
    }, 120_000);
    afterAll(async () => {
      await handle?.close();
    });
    fn({
      kind,
      db: () => {
        if (!handle) throw new Error('test database not open yet');
        return handle.db;
      },
    });
  });
}
