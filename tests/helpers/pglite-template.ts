/**
 * The migrated embedded database every test file starts from, as a gzip dump: building PostGIS and
 * the migrations costs ~20 s, loading a copy ~5 s. Cached in the OS temp dir keyed by the
 * migrations' content, so a run with unchanged schemas only looks the file up.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/db/migrate.ts';
import { openPglite } from '../../server/db/pglite.driver.ts';

const MIGRATIONS = new URL('../../server/db/migrations/', import.meta.url);

async function migrationsHash(): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(MIGRATIONS)).sort()) h.update(f).update(await readFile(new URL(f, MIGRATIONS)));
  return h.digest('hex').slice(0, 16);
}

/** The template's path, made first when missing (written under another name and renamed: never half a file). */
export async function pgliteTemplate(): Promise<string> {
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
