/**
 * One process at a time on an embedded data directory, as PostgreSQL's postmaster.pid does for a
 * server: PGlite itself would let two processes open the same files, and both would hand out the
 * same ids and overwrite each other's pages (acknowledged writes lost, indexes that disagree with
 * their heap).
 *
 * The lock is a file in the directory created with O_EXCL, holding the owner's pid and its start
 * time as the kernel reports it (/proc/<pid>/stat, field 22). A lock left by a process that died
 * (SIGKILL, power loss) is stale exactly when no live process has that pid *and* start time — a
 * reused pid has another start time — so a crashed server restarts at once; there is no timeout.
 * Removed when its owner closes the database or exits.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../lib/errors.ts';
import { isAlive, selfIdentity } from '../lib/process-start.ts';

export const LOCK_FILE = 'pingcheng.lock';

export interface LockOwner {
  pid: number;
  /** clock ticks since boot when the process started (/proc/<pid>/stat field 22) */
  startTime: string;
}

export const dataDirLocked = (dir: string, owner: LockOwner) =>
  new DomainError(
    'DATA_DIR_LOCKED',
    {
      zh: `数据目录 ${dir} 正被另一个进程（pid ${owner.pid}）使用；同一数据目录只能由一个进程打开，请先停止该进程`,
      en: `The data directory ${dir} is in use by another process (pid ${owner.pid}); one process at a time may open it — stop that one first`,
    },
    { pid: owner.pid },
  );

function parse(text: string): LockOwner | undefined {
  const m = /^(\d+) (\d+)\n?$/.exec(text);
  return m ? { pid: Number(m[1]), startTime: m[2]! } : undefined;
}

const readOwner = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
};

const alive = (owner: LockOwner | undefined) => owner !== undefined && isAlive(owner.pid, owner.startTime);

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/**
 * Takes the lock on `dir` (created when missing) or throws DATA_DIR_LOCKED naming the live owner.
 * A lock file that cannot be parsed (a crash between create and write) counts as stale.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = selfIdentity();
  const content = `${me.pid} ${me.startTime}\n`;
  // written whole under a private name, then linked in: link() fails with EEXIST atomically, and
  // the lock never exists half-written
  const draft = `${path}.${me.pid}`;
  const fd = openSync(draft, 'w');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const seen = readOwner(path);
      if (seen === undefined) continue; // its owner just released it
      const owner = parse(seen);
      if (alive(owner)) throw dataDirLocked(dir, owner!); // this very process too: two PGlites on one directory are as bad
      if (attempt > 10) throw new Error(`cannot take the lock ${path}: it keeps changing`);
      // stale: move it aside under our own name, and drop it only if it is still the stale one we
      // judged (another starter may have replaced it in between: then put theirs back)
      const aside = `${path}.stale.${me.pid}`;
      try {
        renameSync(path, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = readOwner(aside);
      if (moved !== seen) {
        try {
          linkSync(aside, path);
        } catch {
          /* someone else holds it now; the loop reads who */
        }
      }
      unlinkSync(aside);
    }
  } finally {
    unlinkSync(draft);
  }

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (readOwner(path) === content) unlinkSync(path);
  };
  process.on('exit', release);
  return { path, release };
}
