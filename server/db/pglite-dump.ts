/**
 * The embedded database's data directory as one gzip tarball, and back (server/backup.ts): PGlite's
 * own dumpDataDir / loadDataDir, opened with the same PostGIS extension as the driver (postgis-bundle.ts), under the
 * data directory's lock (data-dir-lock.ts), so neither runs beside a server that has it open.
 */
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { slimPostgis } from './postgis-bundle.ts';

export async function dumpDataDir(dataDir: string): Promise<Blob> {
  const lock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create({ dataDir, extensions: { postgis: slimPostgis } });
    try {
      return await pg.dumpDataDir('gzip');
    } finally {
      await pg.close();
    }
  } finally {
    lock.release();
  }
}

/** Creates dataDir from a dump made by dumpDataDir (the caller makes sure dataDir is empty). */
export async function loadDataDir(dataDir: string, dump: Blob): Promise<void> {
  const lock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create({ dataDir, extensions: { postgis: slimPostgis }, loadDataDir: dump });
    await pg.close();
  } finally {
    lock.release();
  }
}
