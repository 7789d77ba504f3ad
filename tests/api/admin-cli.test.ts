/**
 * `npm run admin -- reset <username>` (server/admin.ts), run as operators run it, on both databases:
 * creates a missing admin with a printed password, brings back a demoted and disabled one with a
 * password from stdin or ADMIN_PASSWORD (ending its sessions), and refuses bad input. On the
 * embedded database it refuses while another process holds the data directory.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { findUserForLogin, insertSession } from '../../server/features/auth/auth.repo.ts';
import { verifyPassword } from '../../server/features/auth/passwords.ts';
import { PATHS } from '../../server/paths.ts';
import { DB_KINDS } from '../helpers/db.ts';
import { prepareServerDb, schemaUrl } from '../helpers/server-process.ts';
import { childNodeArgs } from '../helpers/child-node.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(env: Record<string, string>, args: string[], stdin = ''): Promise<Run> {
  const child = spawn(process.execPath, [...childNodeArgs('server/admin.ts'), ...args], {
    cwd: PATHS.root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe.each(DB_KINDS)('npm run admin -- reset on %s', (kind) => {
  let dir: string;
  let handle: Awaited<ReturnType<typeof prepareServerDb>>;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc-admin-cli-'));
    handle = await prepareServerDb(kind, join(dir, 'data'), inject('pgliteTemplate'));
    env = handle.where.kind === 'pg' ? { DATABASE_URL: schemaUrl(handle.where.url, handle.where.schema) } : { DATA_DIR: handle.where.dataDir };
  }, 120_000);
  afterAll(async () => {
    await handle?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await handle.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  async function signInOn(db: Db, username: string, password: string) {
    const u = await findUserForLogin(db, username);
    return { role: u?.role, disabled: u?.disabled, ok: u ? await verifyPassword(u.password_hash, password) : false };
  }

  it('creates a missing admin and prints its new password', async () => {
    const run = await runCli(env, ['reset', 'ops-admin']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/created admin "ops-admin"/);
    const password = /password: (\S+)/.exec(run.stdout)?.[1];
    expect(password).toHaveLength(20);
    await withDb(async (db) => {
      expect(await signInOn(db, 'ops-admin', password!)).toEqual({ role: 'admin', disabled: false, ok: true });
      // the next test's starting point, in the same open (embedded, each costs seconds): the admin
      // demoted to viewer, disabled, with a session
      await db.query(`UPDATE users SET role = 'viewer', disabled = true WHERE username = 'ops-admin'`);
      const u = await findUserForLogin(db, 'ops-admin');
      await insertSession(db, 'a'.repeat(64), u!.id, 3600);
    });
  }, 120_000);

  it('brings back a demoted, disabled admin with a password from stdin, ending its sessions', async () => {
    // demoted, disabled and signed in at the end of the test before
    const run = await runCli(env, ['reset', 'OPS-ADMIN', '--password-stdin'], 'from stdin 0123\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/reset admin "ops-admin"/);
    expect(run.stdout).not.toMatch(/password:/);
    // one open for both reads: opening the embedded database costs seconds
    await withDb(async (db) => {
      expect(await signInOn(db, 'ops-admin', 'from stdin 0123')).toEqual({ role: 'admin', disabled: false, ok: true });
      const [sessions] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'ops-admin'`,
      );
      expect(sessions!.n).toBe(0);
    });
  }, 120_000);

  it(`takes the password from ADMIN_PASSWORD${kind === 'pglite' ? ', and refuses a data directory another process has open' : ''}`, async () => {
    const run = await runCli({ ...env, ADMIN_PASSWORD: 'from the environment' }, ['reset', 'ops-admin']);
    expect(run.code, run.stderr).toBe(0);
    await withDb(async (db) => {
      expect(await signInOn(db, 'ops-admin', 'from the environment')).toMatchObject({ ok: true });
      // only the embedded database has a data directory to lock (a PostGIS server serves many
      // processes at once): while this open holds it, the CLI refuses and names this process
      if (kind === 'pglite') {
        const locked = await runCli(env, ['reset', 'ops-admin']);
        expect(locked.code).toBe(1);
        expect(locked.stderr).toMatch(new RegExp(`in use by another process \\(pid ${process.pid}\\)`));
      }
    });
  }, 120_000);
});

// The input is checked before any database module loads (server/admin.ts): the refusals are the
// same whichever database is configured, so they run once, not once per database (three CLI
// starts less), on a data directory they must leave untouched.
describe('npm run admin -- refusals', () => {
  it('refuses a short password, a bad name or an unknown command without opening the database', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pc-admin-cli-refusals-'));
    try {
      const env = { DATA_DIR: dataDir };
      // they read no database: they run side by side
      const [short, badName, unknown] = await Promise.all([
        runCli(env, ['reset', 'ops-admin', '--password-stdin'], 'short\n'),
        runCli(env, ['reset', 'bad name']),
        runCli(env, ['frobnicate']),
      ]);
      expect(short.code).toBe(2);
      expect(badName.code).toBe(2);
      expect(unknown.stderr).toMatch(/usage: npm run admin -- reset <username>/);
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
