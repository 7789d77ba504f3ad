/**
 * Issue 20, item 1: two server processes on one embedded data directory. Before the lock both
 * started and handed out the same ids; now the second refuses to start and names the first (pid),
 * and after a SIGKILL of the first the directory is free again at once (no timeout).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from '../../server/db/data-dir-lock.ts';
import { processStartTime } from '../../server/lib/process-start.ts';
import { prepareServerDb, startServer, type ServerProcess } from '../helpers/server-process.ts';

describe('the data directory lock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-lock-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is exclusive while held, free again once released', () => {
    const d = join(dir, 'a');
    const first = lockDataDir(d);
    expect(() => lockDataDir(d)).toThrow(new RegExp(`pid ${process.pid}\\b`));
    first.release();
    lockDataDir(d).release();
  });

  it('is stale when its pid is gone, or when the pid now belongs to a process started at another time', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await once(child, 'exit');
    expect(processStartTime(pid)).toBeUndefined();
    const d = join(dir, 'b');
    lockDataDir(d).release(); // creates the directory
    await writeFile(join(d, LOCK_FILE), `${pid} 12345\n`);
    lockDataDir(d).release();
    // a live pid (ours) with another start time: the pid was reused, the owner is gone
    const mine = processStartTime(process.pid)!;
    await writeFile(join(d, LOCK_FILE), `${process.pid} ${Number(mine) + 1}\n`);
    lockDataDir(d).release();
    await writeFile(join(d, LOCK_FILE), 'half-written');
    lockDataDir(d).release();
  });
});

describe('two server processes on one embedded data directory', () => {
  let dir: string;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-lock-server-'));
  });
  afterAll(async () => {
    for (const s of servers) await s.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('the second refuses to start and names the first; after a SIGKILL of the first it starts at once', async () => {
    const handle = await prepareServerDb('pglite', join(dir, 'data'), inject('pgliteTemplate'));
    const first = await startServer(handle.where);
    servers.push(first);
    const refused = await startServer(handle.where).then(
      (s) => {
        servers.push(s);
        return undefined;
      },
      (err: Error) => err.message,
    );
    expect(refused, 'the second server started on a data directory in use').toBeDefined();
    expect(refused).toMatch(new RegExp(`in use by another process \\(pid ${first.child.pid}\\)`));
    // the first is untouched by the attempt
    expect((await fetch(`${first.url}/api/layers`)).status).toBe(200);

    await first.kill('SIGKILL');
    const second = await startServer(handle.where);
    servers.push(second);
    expect((await fetch(`${second.url}/api/layers`)).status).toBe(200);
    await second.kill('SIGTERM');
    // a clean stop removes the lock
    await expect(access(join(dir, 'data', LOCK_FILE))).rejects.toThrow(/ENOENT/);
  }, 300_000);
});
