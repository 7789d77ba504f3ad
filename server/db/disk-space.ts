/**
 * A full disk under the database: one coded answer for it (507 DISK_FULL), and for the embedded
 * database a guard that refuses writes *before* PGlite runs out of space.
 *
 * Why the guard: a PostGIS server fails a statement that finds the disk full with SQLSTATE 53100
 * and rolls back, and carries on. PGlite (0.5) does so too when a table cannot grow, but when a
 * transaction needs a new WAL segment (16 MB) and cannot create it, the error leaves PGlite's single
 * session broken: every later statement, reads included, fails with "cannot drop active portal"
 * until the process restarts (measured on a 120 MB tmpfs, docs/RELIABILITY.md). So the embedded
 * driver keeps a reserve free — two WAL segments and some — and refuses writes below it, while
 * reads go on.
 */
import { statfsSync } from 'node:fs';
import { DomainError } from '../lib/errors.ts';

const MiB = 1024 * 1024;
/** Free space kept for the embedded database: two WAL segments (16 MB each) plus room for checkpoints. */
export const DISK_RESERVE_BYTES = 48 * MiB;

export const diskFull = (freeBytes?: number) =>
  new DomainError('DISK_FULL', {
    zh: `服务器磁盘空间不足${freeBytes === undefined ? '' : `（剩余 ${Math.round(freeBytes / MiB)} MB）`}，本次写入未执行；查询不受影响。请管理员清理磁盘空间`,
    en: `The server's disk is full${freeBytes === undefined ? '' : ` (${Math.round(freeBytes / MiB)} MB free)`}; nothing was written. Reads still work; an administrator must free disk space`,
  });

/** SQLSTATE 53100 (disk_full, either database), the OS's ENOSPC (scratch files, PGlite's files), or our own DISK_FULL. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '53100' || code === 'ENOSPC' || code === 'DISK_FULL';
}

/** Bytes an unprivileged writer may still use on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** Throws DISK_FULL unless `dir`'s disk has `bytes` free beyond the reserve. */
export function requireSpace(dir: string, bytes = 0): void {
  const free = freeBytes(dir);
  if (free < DISK_RESERVE_BYTES + bytes) throw diskFull(free);
}
