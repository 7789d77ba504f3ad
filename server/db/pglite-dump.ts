/**
 * The embedded database's data directory as one gzip tarball, and back (server/backup.ts): PGlite's
 * own dumpDataDir / loadDataDir, under the data directory's lock (data-dir-lock.ts), so neither runs
 * beside a server that has it open. PGlite opens it without the PostGIS extension: both only copy
 * the directory's files and no PostGIS function runs, while loading its library took ~0.5 s of CPU
 * each. The restored directory opens with PostGIS like any other
 * (tests/reliability/backup-restore.test.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';

export async function dumpDataDir(dataDir: string): Promise<Blob> {
  const lock = lockDataDir(dataDir);
  try {
    const pg = await PGlite.create({ dataDir });
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
    const pg = await PGlite.create({ dataDir, loadDataDir: dump });
    await pg.close();
  } finally {
    lock.release();
  }
}
