/**
 * The built client (dist/client) for the tests that serve or measure it: built here when missing or
 * older than client/. The e2e project builds it once in its global setup (tests/helpers/global-setup.ts),
 * before its workers start, so two browser files never build it at the same time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from '../../server/paths.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `vite build` unless dist/client is newer than every file under client/ and vite.config.ts. */
export function ensureClientBuilt(): void {
  const index = join(PATHS.clientDist, 'index.html');
  const sources = Math.max(newestMtime(join(PATHS.root, 'client')), statSync(join(PATHS.root, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(PATHS.root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: PATHS.root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}
