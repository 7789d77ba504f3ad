/**
 * The built client, in two flavours:
 *  - 'production' (dist/client): what `npm start` serves; the static-asset tests and the first-page
 *    budget read it.
 *  - 'test' (dist/client-test): the same sources built with VITE_TEST_HOOKS=true, so the page exposes
 *    the map to the browser tests and the benches (client/config.ts TEST_HOOKS). The production build
 *    carries none of that code.
 * Each is built here when missing or older than client/ and vite.config.ts. The e2e project builds
 * the test flavour once in its global setup (tests/helpers/global-setup.ts), before its workers
 * start, so two browser files never build it at the same time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from '../../server/paths.ts';

export type ClientFlavour = 'production' | 'test';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `vite build` of that flavour unless its output is newer than every file under client/ and vite.config.ts. */
export function ensureClientBuilt(flavour: ClientFlavour = 'production'): string {
  const outDir = flavour === 'test' ? PATHS.clientDistTest : PATHS.clientDist;
  const index = join(outDir, 'index.html');
  const sources = Math.max(newestMtime(join(PATHS.root, 'client')), statSync(join(PATHS.root, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return outDir;
  const r = spawnSync(process.execPath, [join(PATHS.root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir], {
    cwd: PATHS.root,
    stdio: 'inherit',
    // NODE_ENV from the test runner ('test') would make Vite build with import.meta.env.DEV true
    env: { ...process.env, NODE_ENV: 'production', VITE_TEST_HOOKS: flavour === 'test' ? 'true' : '' },
  });
  if (r.status !== 0) throw new Error('vite build failed');
  return outDir;
}
