/**
 * The real server (server/index.ts) as a child process over a prepared database: an embedded data
 * directory or a schema on the PostGIS server. For benchmarks that measure the server's own memory,
 * and tests that kill it (SIGKILL) or load it from outside (autocannon). The caller prepares the
 * database first (migrate, users) and closes it when the database is embedded: one process at a
 * time owns a PGlite data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, fstatSync, openSync, readSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;

/**
 * The admin the server creates on its first start over a database without accounts (ADMIN_USERNAME
 * is left at its default): tests that need an account sign in as it instead of adding one first.
 */
export const FIRST_ADMIN = { username: 'admin', password: 'reliability-admin-pw' } as const;

export type ServerDb = { kind: 'pglite'; dataDir: string } | { kind: 'pg'; url: string; schema: string };

/** A connection string that puts the schema first on the search_path (node-postgres reads `options`). */
export const schemaUrl = (url: string, schema: string) => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema},public`);
  return u.toString();
};

/** Resident memory of a process, in bytes, from /proc (the soak and the export bench sample the server's). */
export async function processRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** the server's log (JSON lines), kept until this process exits */
  logPath: string;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const OUTPUT_TAIL_BYTES = 256 * 1024;

/** Log directories of the servers started here: readable after a server is killed, gone when this process exits. */
const logDirs = new Set<string>();
process.once('exit', () => {
  for (const dir of logDirs) rmSync(dir, { recursive: true, force: true });
});

/** The last bytes of a file (the server's log can run to hundreds of megabytes under load). */
function tail(path: string, bytes = OUTPUT_TAIL_BYTES): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, bytes));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    return buf.toString();
  } finally {
    closeSync(fd);
  }
}

export interface StartOptions {
  /**
   * node's arguments that run the server: default the sources through tsx with V8's defaults, as
   * `npm start`; tests/helpers/child-node.ts passes a bundle of them and cheaper V8 options.
   */
  nodeArgs?: string[];
}

export async function startServer(
  where: ServerDb,
  env: Record<string, string> = {},
  { nodeArgs = ['--import', 'tsx', 'server/index.ts'] }: StartOptions = {},
): Promise<ServerProcess> {
  // The server logs into a file, not a pipe: under load (the soak) the request log runs to tens of
  // megabytes, which this process then neither holds in memory nor has to keep reading.
  const logDir = await mkdtemp(join(tmpdir(), 'pc-server-'));
  logDirs.add(logDir);
  const logPath = join(logDir, 'server.log');
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      ADMIN_USERNAME: FIRST_ADMIN.username,
      ADMIN_PASSWORD: FIRST_ADMIN.password,
      ...(where.kind === 'pg' ? { DATABASE_URL: schemaUrl(where.url, where.schema) } : { DATA_DIR: where.dataDir, DATABASE_URL: '' }),
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const output = () => tail(logPath);
  const url = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /ready at (http:\/\/[\d.]+:\d+)\//.exec(output());
      if (!m) return;
      clearInterval(poll);
      resolve(m[1]!);
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`server exited (${code}) before it was ready:\n${output().slice(-3000)}`));
    });
  });
  return {
    url,
    child,
    logPath,
    output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await once(child, 'exit');
    },
  };
}
