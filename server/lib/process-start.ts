/**
 * Who is still running, by pid *and* start time: a pid alone can be reused by an unrelated process
 * after a crash, its start time cannot (Linux /proc). Used to tell a live owner of a lock or a
 * scratch directory from a dead one without any timeout.
 */
import { readFileSync } from 'node:fs';

/** The start time (clock ticks since boot, /proc/<pid>/stat field 22) of a live process; undefined when gone or a zombie, which holds no files. */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return fields[19]; // field 22 of the whole line; fields[0] is field 3
}

/** This process's identity as `<pid>-<start time>`, and whether such an identity is still alive. */
export const selfIdentity = () => ({ pid: process.pid, startTime: processStartTime(process.pid)! });
export const isAlive = (pid: number, startTime: string) => processStartTime(pid) === startTime;
