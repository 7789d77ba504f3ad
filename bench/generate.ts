/**
 * `npm run gen -- --sites 1000000 --zones 1000 [--seed 7] [--out bench/data]`
 * Writes bench/data/nrmm_control_zones.geojson and bench/data/nrmm_machines.geojson: valid GeoJSON
 * FeatureCollections, one feature per line, streamed so a million sites never sit in memory.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineProperties, rng, sitePoint, zones } from './synthetic.ts';

/** Bumped whenever the generator's output changes, so that cached data sets are made again. */
export const GENERATOR_VERSION = 2;

/** Where the benchmark keeps (and reuses) a generated data set of this size. */
export function benchDataDir(sites: number, zones: number): string {
  return join('bench', 'data', `v${GENERATOR_VERSION}-${sites}-${zones}`);
}

export interface GenerateOptions {
  sites: number;
  zones: number;
  seed: number;
  out: string;
}

async function writeCollection(path: string, features: Iterable<unknown>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"type":"FeatureCollection","features":[\n');
  for (const f of features) {
    await write((n++ ? ',\n' : '') + JSON.stringify(f));
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
  return n;
}

export async function generate(opts: GenerateOptions) {
  await mkdir(opts.out, { recursive: true });
  const r = rng(opts.seed);
  const zonesPath = join(opts.out, 'nrmm_control_zones.geojson');
  const sitesPath = join(opts.out, 'nrmm_machines.geojson');
  const zoneCount = await writeCollection(
    zonesPath,
    (function* () {
      for (const z of zones(r, opts.zones))
        yield { type: 'Feature', properties: { name: z.name, min_stage: 'III' }, geometry: { type: 'Polygon', coordinates: [z.ring] } };
    })(),
  );
  const siteCount = await writeCollection(
    sitesPath,
    (function* () {
      for (let i = 0; i < opts.sites; i++)
        yield { type: 'Feature', properties: machineProperties(r, i), geometry: { type: 'Point', coordinates: sitePoint(r) } };
    })(),
  );
  return { zonesPath, sitesPath, zoneCount, siteCount };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      sites: { type: 'string', default: '100000' },
      zones: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '7' },
      out: { type: 'string', default: 'bench/data' },
    },
  });
  const started = Date.now();
  const res = await generate({ sites: Number(values.sites), zones: Number(values.zones), seed: Number(values.seed), out: values.out! });
  console.log(`wrote ${res.zoneCount} zones → ${res.zonesPath}, ${res.siteCount} sites → ${res.sitesPath} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
