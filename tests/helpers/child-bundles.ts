/**
 * The TypeScript entry points tests run as child processes, each bundled once per test run with
 * esbuild (the transform tsx itself uses): our own modules in one file, the packages left as
 * imports and resolved from the project's node_modules as usual.
 *
 * Why: a child started with `--import tsx` loads two to three hundred modules of ours through
 * tsx's loader hooks, which Node 20 runs on a thread of their own. Measured on this machine, a
 * server start on the PostGIS server took 1.8–2.0 CPU-s that way and 0.65–0.75 bundled
 * (1.2–1.4 s → 0.5–0.6 s until ready); on an embedded data directory 3.8–4.7 → 2.7–3.0 CPU-s. The
 * suite starts about forty such children.
 *
 * A module that finds its files beside it (`new URL('./queries/x.sql', import.meta.url)`, the
 * migrations, `createRequire`) still does: each module's `import.meta.url` is replaced by its own
 * source file's URL as it is bundled. `npm start` runs the sources through tsx, and
 * tests/api/startup.test.ts starts the server exactly that way.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { PATHS } from '../../server/paths.ts';

/** The entry points tests start as children, as paths from the project root. */
export const CHILD_ENTRIES = ['server/index.ts', 'server/admin.ts', 'server/backup.ts', 'tests/fixtures/io/import-child.ts'] as const;
export type ChildEntry = (typeof CHILD_ENTRIES)[number];

/** Each of our modules keeps the URL of its source file, wherever the bundle lies. */
const sourceUrls: Plugin = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      if (path.includes('/node_modules/')) return undefined;
      const source = await readFile(path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: 'ts' };
    });
  },
};

/**
 * Bundles every entry into a new directory under node_modules/.cache (a run of its own, so runs
 * side by side never read each other's half-written files; inside the project, so the packages
 * resolve). Returns the directory and how to remove it.
 */
export async function buildChildBundles(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const parent = join(PATHS.root, 'node_modules/.cache/pingcheng-test-children');
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, 'run-'));
  await build({
    entryPoints: [...CHILD_ENTRIES],
    outdir: dir,
    outbase: PATHS.root,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceUrls],
  });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Where `entry`'s bundle lies in a directory made by buildChildBundles. */
export const childBundle = (dir: string, entry: ChildEntry): string => join(dir, entry.replace(/\.ts$/, '.mjs'));
