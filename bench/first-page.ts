/**
 * What the first page load carries: the entry chunk of the built client and every chunk it imports
 * statically (read from Vite's manifest, dist/client/.vite/manifest.json), raw, gzip and brotli as
 * the server sends them (compression's defaults: gzip level 6, brotli quality 4), with the entry's
 * CSS beside it. Chunks reached only through dynamic import() load on demand and are not counted.
 * `npx tsx bench/first-page.ts` prints the table; bench/first-page.test.ts holds the budget.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PATHS } from '../server/paths.ts';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface Sized {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface FirstLoad {
  js: Sized[];
  css: Sized[];
  /** Chunks left for later (dynamic imports anywhere in the static graph). */
  onDemand: string[];
  total: { js: Omit<Sized, 'file'>; css: Omit<Sized, 'file'> };
}

function sized(dist: string, file: string): Sized {
  const bytes = readFileSync(join(dist, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 6 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }).length,
  };
}

const sum = (xs: Sized[]) => ({
  raw: xs.reduce((a, x) => a + x.raw, 0),
  gzip: xs.reduce((a, x) => a + x.gzip, 0),
  brotli: xs.reduce((a, x) => a + x.brotli, 0),
});

export function firstLoad(dist: string = PATHS.clientDist): FirstLoad {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('no entry in the Vite manifest');
  const seen = new Set<string>();
  const dynamic = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const k of manifest[key]!.imports ?? []) walk(k);
    for (const k of manifest[key]!.dynamicImports ?? []) dynamic.add(k);
  };
  walk(entry);
  const chunks = [...seen].map((k) => manifest[k]!);
  const js = chunks.map((c) => sized(dist, c.file));
  const css = [...new Set(chunks.flatMap((c) => c.css ?? []))].map((f) => sized(dist, f));
  const onDemand = [...dynamic].filter((k) => !seen.has(k)).map((k) => manifest[k]!.file);
  return { js, css, onDemand, total: { js: sum(js), css: sum(css) } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = firstLoad();
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  for (const x of [...r.js, ...r.css]) console.log(`${x.file}\t${kb(x.raw)}\tgzip ${kb(x.gzip)}\tbrotli ${kb(x.brotli)}`);
  console.log(`first-load JS\t${kb(r.total.js.raw)}\tgzip ${kb(r.total.js.gzip)}\tbrotli ${kb(r.total.js.brotli)}`);
  console.log(`on demand: ${r.onDemand.join(', ')}`);
}
