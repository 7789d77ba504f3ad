/**
 * The embedded database's data directory as one gzip tarball, and back (server/backup.ts): PGlite's
 * own dumpDataDir / loadDataDir, opened with the same PostGIS extension as the driver.
 */
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

export async function dumpDataDir(dataDir: string): Promise<Blob> {
  const pg = await PGlite.create({ dataDir, extensions: { postgis } });
  try {
    return await pg.dumpDataDir('gzip');
  } finally {
    await pg.close();
  }
}

/** Creates dataDir from a dump made by dumpDataDir (the caller makes sure dataDir is empty). */
export async function loadDataDir(dataDir: string, dump: Blob): Promise<void> {
  const pg = await PGlite.create({ dataDir, extensions: { postgis }, loadDataDir: dump });
  await pg.close();
}
