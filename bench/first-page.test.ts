/**
 * The first-page budget of issue #18 on the built client: the entry chunk and its static imports
 * weigh at most 500 kB compressed (gzip and brotli as the server sends them), and the chart and
 * drawing libraries are not among the modules of that graph (read from the chunks' source maps)
 * but in chunks loaded on demand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../server/paths.ts';
import { ensureClientBuilt } from '../tests/helpers/client-build.ts';
import { firstLoad, type FirstLoad } from './first-page.ts';

const BUDGET = 500_000;

describe('first page', () => {
  let load: FirstLoad;
  beforeAll(() => {
    ensureClientBuilt();
    load = firstLoad();
  });

  it('initial JavaScript is within 500 kB compressed', () => {
    expect(load.js.length).toBeGreaterThan(0);
    expect(load.total.js.gzip).toBeLessThanOrEqual(BUDGET);
    expect(load.total.js.brotli).toBeLessThanOrEqual(BUDGET);
    // the sizes are of real code: compression cannot shrink a minified bundle below a sixth
    expect(load.total.js.gzip).toBeGreaterThan(load.total.js.raw / 6);
  });

  it('Chart.js and terra-draw load on demand, not with the layers tab', () => {
    // the bundler's own runtime chunk (module loading glue, no sources) is the one chunk without a map
    const mapped = load.js.filter((c) => !/(^|\/)rolldown-runtime-[\w-]+\.js$/.test(c.file));
    const modules = mapped.flatMap((c) => (JSON.parse(readFileSync(join(PATHS.clientDist, `${c.file}.map`), 'utf8')) as { sources: string[] }).sources);
    expect(modules.some((m) => m.includes('node_modules/maplibre-gl/'))).toBe(true);
    expect(modules.filter((m) => /node_modules\/(chart\.js|terra-draw)/.test(m))).toEqual([]);
    expect(load.onDemand.some((f) => /BarChart-/.test(f))).toBe(true);
    expect(load.onDemand.some((f) => /drawing-/.test(f))).toBe(true);
  });
});
