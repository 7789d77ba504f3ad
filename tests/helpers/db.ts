/**
 * Test databases: the embedded PGlite always, and the PostGIS server from TEST_DATABASE_URL when
 * set (always in CI). Each test file gets its own database (PGlite copy) or schema (server), so
 * files never share mutable state.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';

export type DbKind = 'pglite' | 'pg';

export const DB_KINDS: DbKind[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['pg'] as const) : [])];

export interface TestDb {
  db: Db;
  close(): Promise<void>;
}

export async function openTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const template = new Blob([new Uint8Array(await readFile(inject('pgliteTemplate')))]);
    const db = await openPglite({ loadDataDir: template });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `test_${randomBytes(6).toString('hex')}`;
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
export function onEachDatabase(fn: (ctx: { kind: DbKind; db: () => Db }) => void): void {
  describe.each(DB_KINDS)('on %s', (kind) => {
    let handle: TestDb | undefined;
    beforeAll(async () => {
      handle = await openTestDb(kind);
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
