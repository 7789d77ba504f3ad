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
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
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

/** Whether that flavour's output is newer than every file under client/ and vite.config.ts. */
function isFresh(outDir: string): boolean {
  const index = join(outDir, 'index.html');
  const sources = Math.max(newestMtime(join(PATHS.root, 'client')), statSync(join(PATHS.root, 'vite.config.ts')).mtimeMs);
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

const outDirOf = (flavour: ClientFlavour) => (flavour === 'test' ? PATHS.clientDistTest : PATHS.clientDist);

/** The `vite build` of that flavour: command, arguments and options. */
function viteBuild(flavour: ClientFlavour): [string, string[], SpawnOptions] {
  return [
    process.execPath,
    [join(PATHS.root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDirOf(flavour)],
    {
      cwd: PATHS.root,
      stdio: 'inherit',
      // NODE_ENV from the test runner ('test') would make Vite build with import.meta.env.DEV true
      env: { ...process.env, NODE_ENV: 'production', VITE_TEST_HOOKS: flavour === 'test' ? 'true' : '' },
    },
  ];
}

/** `vite build` of that flavour unless its output is fresh; returns the output directory. */
export function ensureClientBuilt(flavour: ClientFlavour = 'production'): string {
  const outDir = outDirOf(flavour);
  if (isFresh(outDir)) return outDir;
  const r = spawnSync(...viteBuild(flavour));
  if (r.status !== 0) throw new Error('vite build failed');
  return outDir;
}

/** The same without blocking this process (it can prepare something else meanwhile). */
export async function ensureClientBuiltAsync(flavour: ClientFlavour = 'production'): Promise<string> {
  const outDir = outDirOf(flavour);
  if (isFresh(outDir)) return outDir;
  const child = spawn(...viteBuild(flavour));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error('vite build failed');
  return outDir;
}
