/**
 * Verifies the demo dataset and basemap on disk: every file parses, every feature validates against
 * the layer catalogue, geometries are valid and RFC 7946-wound, the planted manifest matches exactly
 * what the rules find (evaluated in JS with turf, independently of the database), the promised edge
 * cases exist, and the files are byte-identical to a fresh run of the generator (which also proves
 * the generator deterministic). Returns problems as sentences; an empty list means all is well.
 *
 *   npx tsx seeds/verify.ts          prints the problems, exit code 1 if any
 *
 * A test can simply do: expect(await verifyDemo()).toEqual([]).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDemo } from './checks.ts';
import { BASEMAP_DIR, buildDemoFiles, DEMO_DIR, parseDemoFiles, PROJECT_ROOT, staleFiles } from './generate.ts';

async function readDir(root: string, dir: string, files: Map<string, string>): Promise<void> {
  for (const name of (await readdir(join(root, dir))).sort()) {
    if (name.endsWith('.geojson') || name.endsWith('.json')) files.set(`${dir}/${name}`, await readFile(join(root, dir, name), 'utf8'));
  }
}

export async function verifyDemo(root = PROJECT_ROOT): Promise<string[]> {
  const files = new Map<string, string>();
  try {
    await readDir(root, DEMO_DIR, files);
    await readDir(root, BASEMAP_DIR, files);
  } catch (err) {
    return [`cannot read the demo files: ${err instanceof Error ? err.message : String(err)}`];
  }

  let problems: string[];
  try {
    problems = checkDemo(parseDemoFiles(files));
  } catch (err) {
    return [`cannot parse the demo files: ${err instanceof Error ? err.message : String(err)}`];
  }

  const again = buildDemoFiles();
  const twice = buildDemoFiles();
  const unstable = [...again.keys()].filter((p) => again.get(p) !== twice.get(p));
  if (unstable.length) problems.push(`generator is not deterministic: ${unstable.join(', ')}`);
  const stale = await staleFiles(root, again);
  if (stale.length) problems.push(`files differ from the generator's output (run npx tsx seeds/generate.ts): ${stale.join(', ')}`);
  const extra = [...files.keys()].filter((p) => !again.has(p));
  if (extra.length) problems.push(`files the generator does not make: ${extra.join(', ')}`);
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problems = await verifyDemo();
  for (const p of problems) console.error(`- ${p}`);
  console.log(problems.length ? `${problems.length} problem(s)` : 'demo data verified: no problems');
  process.exit(problems.length ? 1 : 0);
}
