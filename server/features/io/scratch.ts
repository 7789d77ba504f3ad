/**
 * Scratch directories in the OS temp directory: an import's upload and spool of accepted features
 * (~6 MB for a typical file) and a Shapefile export's files. A request removes its own when it
 * ends; a process killed by SIGKILL cannot, so each directory carries its owner's pid and start
 * time in its name and the next start sweeps those whose owner is gone. Directories of live
 * processes (another server on this machine mid-import) are left alone; there is no age limit.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, selfIdentity } from '../../lib/process-start.ts';

/** What the directory is for: `import` (upload + spool) or `shp` (a Shapefile export being zipped). */
type ScratchKind = 'import' | 'shp';

/** pc-<kind>-<pid>-<start time>-<random>: the owner can be asked whether it still runs. */
const NAME = /^pc-(?:import|shp)-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;
/**
 * Names of older versions, without an owner: pc-import-<random> (imports) and pc-shp-<random>
 * (Shapefile exports). Swept only when nothing in them changed since this process started and no
 * process has a file open in them: an older server on this machine may still be using one.
 */
const OLD_NAME = /^pc-(?:import|shp)-[A-Za-z0-9]{6}$/;

export function makeScratchDir(kind: ScratchKind, base = tmpdir()): Promise<string> {
  const me = selfIdentity();
  return mkdtemp(join(base, `pc-${kind}-${me.pid}-${me.startTime}-`));
}

/** The latest modification time of a directory and everything in it (ms). */
async function lastChange(dir: string): Promise<number> {
  let latest = (await stat(dir)).mtimeMs;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? await lastChange(path) : (await stat(path)).mtimeMs);
  }
  return latest;
}

const linkOf = (path: string) => {
  try {
    return readlinkSync(path);
  } catch {
    return undefined; // closed meanwhile, or another user's process (whose files are not in our directories)
  }
};

/** Whether any process this user may inspect has a file (or its working directory) inside `dir`. */
function inUse(dir: string): boolean {
  const prefix = `${dir}/`;
  const inside = (l: string | undefined) => l !== undefined && (l === dir || l.startsWith(prefix));
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (inside(linkOf(`/proc/${pid}/cwd`))) return true;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    if (fds.some((fd) => inside(linkOf(`/proc/${pid}/fd/${fd}`)))) return true;
  }
  return false;
}

/** Removes the scratch directories whose owner process is gone; returns their names. */
export async function sweepScratchDirs(base = tmpdir()): Promise<string[]> {
  const swept: string[] = [];
  const startedAt = performance.timeOrigin;
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const path = join(base, name);
    const m = NAME.exec(name);
    if (m) {
      if (isAlive(Number(m[1]), m[2]!)) continue;
    } else if (OLD_NAME.test(name)) {
      const changed = await lastChange(path).catch(() => Number.POSITIVE_INFINITY);
      if (changed >= startedAt || inUse(await realpath(path))) continue;
    } else continue;
    await rm(path, { recursive: true, force: true });
    swept.push(name);
  }
  return swept;
}
