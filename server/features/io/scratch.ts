/**
 * Scratch directories of imports (the upload and its spool of accepted features, ~6 MB for a
 * typical file) in the OS temp directory. A request removes its own when it ends; a process killed
 * by SIGKILL cannot, so each directory carries its owner's pid and start time in its name and the
 * next start sweeps those whose owner is gone. Directories of live processes (another server on
 * this machine mid-import) are left alone; there is no age limit.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, selfIdentity } from '../../lib/process-start.ts';

const PREFIX = 'pc-import-';
/**
 * pc-import-<pid>-<start time>-<random>. Older versions wrote pc-import-<random>: with no owner to
 * ask, those are left alone (a server of an older version may be mid-import on this machine).
 */
const NAME = /^pc-import-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

export function makeScratchDir(base = tmpdir()): Promise<string> {
  const me = selfIdentity();
  return mkdtemp(join(base, `${PREFIX}${me.pid}-${me.startTime}-`));
}

/** Removes the scratch directories whose owner process is gone; returns their names. */
export async function sweepScratchDirs(base = tmpdir()): Promise<string[]> {
  const swept: string[] = [];
  for (const name of await readdir(base).catch(() => [] as string[])) {
    const m = NAME.exec(name);
    if (!m) continue;
    if (isAlive(Number(m[1]), m[2]!)) continue;
    await rm(join(base, name), { recursive: true, force: true });
    swept.push(name);
  }
  return swept;
}
