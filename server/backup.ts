/**
 * Backup and restore of either database (docs/RELIABILITY.md, "Backup and restore").
 *
 *   npx tsx server/backup.ts backup  <file> [--schema <name>]
 *   npx tsx server/backup.ts restore <file>
 *
 * PostGIS server (DATABASE_URL set): `pg_dump -Fc` / `pg_restore --clean --if-exists --no-owner`
 * (the postgresql-client binaries must match the server's major version). `--schema` limits the
 * backup to one schema; restore brings back whatever the dump holds (that schema included).
 * Embedded PGlite (DATA_DIR): a gzip tarball of the data directory via PGlite's dumpDataDir; restore creates DATA_DIR from it and refuses to overwrite a non-empty one. Stop the
 * server first for the embedded database: only one process may open its data directory (the lock
 * of db/data-dir-lock.ts refuses otherwise, naming the server's pid).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from './config.ts';
import { dumpDataDir, loadDataDir } from './db/pglite-dump.ts';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
}

/**
 * libpq reads `+` in a URL query literally, while WHATWG URL serialisation writes spaces as `+`
 * (e.g. `options=-c search_path=…`): re-encode the query with %20 before handing it to pg_dump.
 */
function libpqUrl(url: string): string {
  const u = new URL(url);
  const query = [...u.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  u.search = query;
  return u.toString();
}

async function main() {
  const [action, file, ...rest] = process.argv.slice(2);
  const schemaAt = rest.indexOf('--schema');
  const schema = schemaAt >= 0 ? rest[schemaAt + 1] : undefined;
  if (!file || (action !== 'backup' && action !== 'restore')) {
    console.error('usage: tsx server/backup.ts backup|restore <file> [--schema <name>]');
    process.exit(2);
  }
  const { config } = loadConfig();
  if (config.DATABASE_URL) {
    const only = schema ? ['--schema', schema] : [];
    if (action === 'backup') await run('pg_dump', ['--format=custom', '--no-owner', ...only, '--file', file, '--dbname', libpqUrl(config.DATABASE_URL)]);
    // no --schema on restore: the dump holds what was backed up, and -n would skip its CREATE SCHEMA
    else await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--exit-on-error', '--dbname', libpqUrl(config.DATABASE_URL), file]);
  } else if (action === 'backup') {
    const dump = await dumpDataDir(config.DATA_DIR);
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } else {
    if (existsSync(config.DATA_DIR) && readdirSync(config.DATA_DIR).length > 0) {
      console.error(`DATA_DIR ${config.DATA_DIR} is not empty: move it away first (restore never overwrites data)`);
      process.exit(1);
    }
    await loadDataDir(config.DATA_DIR, new Blob([new Uint8Array(await readFile(file))]));
  }
  console.log(`${action} done: ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
