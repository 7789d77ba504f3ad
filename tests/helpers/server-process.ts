/**
 * A fresh database for the real server as a child process (bench/server-process.ts starts it):
 * a migrated PGlite data directory, or a new schema on the PostGIS server.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { unpackTar } from 'modern-tar/fs';
import pg from 'pg';
import { FIRST_ADMIN, type ServerDb, type ServerProcess, startServer as startServerProcess } from '../../bench/server-process.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openPg } from '../../server/db/pg.driver.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';
import { childNodeArgs } from './child-node.ts';

export { schemaUrl, type ServerProcess } from '../../bench/server-process.ts';

/** The real server as a child process, started as short-lived test children are (child-node.ts). */
export const startServer = (where: ServerDb, env: Record<string, string> = {}): Promise<ServerProcess> =>
  startServerProcess(where, env, { nodeArgs: childNodeArgs('server/index.ts') });

export interface PrepareOptions {
  /** the PostGIS server to make the schema on (default TEST_DATABASE_URL) */
  url?: string;
  /**
   * Runs on the migrated database before it is handed over (users, data): in the same open, since
   * opening an embedded data directory again costs seconds.
   */
  fill?: (db: Db) => Promise<void>;
}

/** A fresh test database the server child can open: a migrated PGlite data dir, or a new schema. */
export async function prepareServerDb(
  kind: 'pglite' | 'pg',
  dataDir: string,
  /** A migrated PGlite dump to start from (tests); without one, PostGIS is created (~20 s). */
  templatePath?: string,
  { url = process.env.TEST_DATABASE_URL!, fill }: PrepareOptions = {},
): Promise<{ where: ServerDb; open: () => Promise<Db>; drop: () => Promise<void> }> {
  if (kind === 'pglite' && templatePath && !fill) {
    await unpackDataDir(templatePath, dataDir);
    return { where: { kind, dataDir }, open: () => openPglite({ dataDir }), drop: async () => undefined };
  }
  if (kind === 'pglite') {
    const db = await openPglite({ dataDir, ...(templatePath ? { loadDataDir: new Blob([new Uint8Array(await readFile(templatePath))]) } : {}) });
    try {
      await migrate(db);
      await fill?.(db);
    } finally {
      await db.close();
    }
    return { where: { kind, dataDir }, open: () => openPglite({ dataDir }), drop: async () => undefined };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const db = await openPg({ connectionString: url, poolSize: 4, schema });
  try {
    await migrate(db);
    await fill?.(db);
  } finally {
    await db.close();
  }
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

/**
 * A PGlite data-directory dump (a gzip tarball of the directory) unpacked into `dataDir` as it is,
 * without PGlite: the migrated template needs nothing more when nothing is added to it, and opening
 * it through PGlite to write it out cost ~3 s of CPU. PGlite opens the result as any data directory.
 */
async function unpackDataDir(dump: string, dataDir: string): Promise<void> {
  await pipeline(createReadStream(dump), createGunzip(), unpackTar(dataDir));
}

/**
 * An API token of the admin the server made on its first start (bench/server-process.ts,
 * FIRST_ADMIN), as an `Authorization` header: signed in and asked for over HTTP, so a test that
 * needs an account adds none to the database before the server starts.
 */
export async function firstAdminBearer(server: ServerProcess): Promise<string> {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch' },
    body: JSON.stringify(FIRST_ADMIN),
  });
  if (login.status !== 200) throw new Error(`sign-in as ${FIRST_ADMIN.username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('pc_session='))!
    .split(';')[0]!;
  const made = await fetch(`${server.url}/api/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch', cookie },
    body: JSON.stringify({ name: 'test' }),
  });
  if (made.status !== 201) throw new Error(`token for ${FIRST_ADMIN.username}: ${made.status} ${await made.text()}`);
  return `Bearer ${((await made.json()) as { token: string }).token}`;
}

/** How much of the server's log a failure message carries. */
const LOG_TAIL_CHARS = 8000;

/**
 * Runs `fn` against a server child; if it fails, the error message carries how the server ended
 * (still running, exit code or signal) and the end of its log, which holds its stderr too (a V8
 * out-of-memory report, a crash's stack): a socket the server closed mid-answer then says why.
 */
export async function withServerLog<T>(server: ServerProcess, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const { child } = server;
    // a dying server may still be writing its last words: wait for its exit, a little
    if (child.exitCode === null && child.signalCode === null) await Promise.race([once(child, 'exit'), delay(3000)]);
    const state =
      child.exitCode !== null ? `exited with code ${child.exitCode}` : child.signalCode !== null ? `killed by ${child.signalCode}` : 'still running';
    const report = `\n--- server pid ${child.pid} ${state}; the end of its log (stdout and stderr) ---\n${server.output().slice(-LOG_TAIL_CHARS)}`;
    if (err instanceof Error) {
      err.message += report;
      throw err;
    }
    throw new Error(`${String(err)}${report}`);
  }
}
