/**
 * PostGIS for PGlite without the extensions the app never creates. pglite-postgis ships one bundle
 * (dist/postgis.tar.gz, 95 MB unpacked) with four extensions: postgis, postgis_raster,
 * postgis_topology and postgis_tiger_geocoder. PGlite unpacks the whole bundle into its in-memory
 * file system and compiles every library in it (`*.so`, WebAssembly, ~16 MB each) at every open,
 * used or not: the raster and topology libraries cost ~0.8 s of CPU per open, a third of an
 * embedded open, for nothing (the migrations create `postgis` only).
 *
 * So the bundle is filtered once: the unused extensions' files (libraries, control files, install
 * and upgrade scripts) are left out, every other entry is written back as read (modern-tar), and the result is
 * cached beside the packages (node_modules/.cache/pingcheng/), keyed by the package's version and
 * the original's size and date. Where that directory cannot be written (a read-only install), the
 * original bundle is used.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { packTar, unpackTar } from 'modern-tar';
import { PATHS } from '../paths.ts';

/** Files of the extensions the app never creates: their libraries, control files and SQL scripts. */
const UNUSED = /(?:^|\/)postgis_(?:raster|topology|tiger_geocoder)[-.][^/]*$/;

const CACHE_DIR = join(PATHS.root, 'node_modules', '.cache', 'pingcheng');

/** pglite-postgis's extension with the filtered bundle in place of the whole one. */
export const slimPostgis: Extension = {
  name: postgis.name,
  async setup(pg, emscriptenOpts) {
    const full = await postgis.setup(pg, emscriptenOpts);
    return { ...full, bundlePath: await slimBundle(full.bundlePath) };
  },
};

/** The cached filtered copy of `full` (made now if missing), or `full` when it cannot be written. */
async function slimBundle(full: URL): Promise<URL> {
  const { size, mtimeMs } = statSync(full);
  const { version } = JSON.parse(readFileSync(new URL('../package.json', full), 'utf8')) as { version: string };
  const key = createHash('sha256').update(`${full.href} ${version} ${size} ${mtimeMs}`).digest('hex').slice(0, 16);
  const path = join(CACHE_DIR, `postgis-slim-${key}.tar.gz`);
  try {
    statSync(path);
    return pathToFileURL(path);
  } catch {
    // not made yet
  }
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    // written aside and renamed: processes opening at the same time never read a half-written copy
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, gzipSync(await withoutUnused(gunzipSync(readFileSync(full))), { level: 1 }));
    renameSync(partial, path);
    return pathToFileURL(path);
  } catch {
    return full;
  }
}

/**
 * The tar archive without the entries whose names match UNUSED; every other entry (its name, type,
 * mode, times, owner, link and bytes) is written back as read, pax attributes included.
 */
export async function withoutUnused(tar: Uint8Array): Promise<Uint8Array> {
  return packTar(await unpackTar(tar, { filter: (header) => !UNUSED.test(header.name) }));
}
