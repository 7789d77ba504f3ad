/**
 * A fresh database for the real server as a child process (bench/server-process.ts starts it):
 * a migrated PGlite data directory, or a new schema on the PostGIS server.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { ServerDb } from '../../bench/server-process.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';

export { schemaUrl, startServer, type ServerProcess } from '../../bench/server-process.ts';

/** A fresh test database the server child can open: a migrated PGlite data dir, or a new schema. */
export async function prepareServerDb(
  kind: 'pglite' | 'pg',
  dataDir: string,
  /** A migrated PGlite dump to start from (tests); without one, PostGIS is created (~20 s). */
  templatePath?: string,
  url = process.env.TEST_DATABASE_URL!,
): Promise<{ where: ServerDb; open: () => Promise<Db>; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite({ dataDir, ...(templatePath ? { loadDataDir: new Blob([new Uint8Array(await readFile(templatePath))]) } : {}) });
    await migrate(db);
    await db.close();
    return { where: { kind, dataDir }, open: () => openPglite({ dataDir }), drop: async () => undefined };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPg({ connectionString: url, poolSize: 2, schema });
  await migrate(db);
  await db.close();
  return {
    where: { kind, url, schema },
    open: () => openPg({ connectionString: url, poolSize: 4, schema }),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
