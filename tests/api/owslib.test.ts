/**
 * OWSLib (Debian's python3-owslib) is an independent OGC API – Features client with Part 3 and
 * Part 2 support: it must read the queryables, a CQL2-filtered page (text and JSON) with the
 * features a JavaScript predicate picks, and items in EPSG:4547 equal to PostGIS ST_Transform of
 * the stored geometry within a millimetre. Never skipped: without OWSLib the test fails, saying
 * what to install (CI installs it in .ci/run).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { itemsSchema, queryablesSchema } from '../../server/features/ogc/ogc.contract.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { listen } from '../helpers/server.ts';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../clients/owslib_client.py', import.meta.url));
// Debian's interpreter, where python3-owslib installs (a python3 earlier on PATH may not see it)
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const EPSG_4547 = 'http://www.opengis.net/def/crs/EPSG/0/4547';

const FUELS = ['coal', 'gas', 'electric', 'biomass'];
const BOILERS = Array.from({ length: 20 }, (_, i) => ({
  type: 'Feature' as const,
  properties: { name: `OWSLib锅炉${i}`, kind: 'boiler', fuel: FUELS[i % 4]!, status: i % 3 ? 'in_use' : 'standby', capacity_t_h: i * 2 },
  geometry: { type: 'Point' as const, coordinates: [113.2 + (i % 5) * 0.031, 40.0 + Math.floor(i / 5) * 0.027] },
}));
const TEXT_FILTER = "fuel IN ('coal', 'gas') AND capacity_t_h >= 10";
const JSON_FILTER = {
  op: 'and',
  args: [
    { op: 'in', args: [{ property: 'fuel' }, ['coal', 'gas']] },
    { op: '>=', args: [{ property: 'capacity_t_h' }, 10] },
  ],
};
const EXPECTED = BOILERS.filter((b) => ['coal', 'gas'].includes(b.properties.fuel) && b.properties.capacity_t_h >= 10)
  .map((b) => b.properties.name)
  .sort();

beforeAll(async () => {
  try {
    await run(PYTHON, ['-c', 'import owslib.ogcapi.features']);
  } catch {
    throw new Error(`OWSLib is missing for ${PYTHON}: apt-get install -y python3-owslib (CI installs it in .ci/run)`);
  }
});

onEachDatabase(({ db }) => {
  let server: Awaited<ReturnType<typeof listen>>;
  let out: Record<string, unknown>;
  beforeAll(async () => {
    const layer = findLayer('boilers')!;
    await writeFeatures(
      db(),
      'boilers',
      BOILERS.map((f) => {
        const v = validateFeature(layer, f);
        if (!v.valid) throw new Error(v.reason);
        return v.feature;
      }),
    );
    server = await listen(db());
    const { stdout } = await run(PYTHON, [SCRIPT, `${server.url}/ogc`, 'boilers', TEXT_FILTER, JSON.stringify(JSON_FILTER), EPSG_4547], {
      maxBuffer: 16 * 1024 * 1024,
    });
    out = JSON.parse(stdout);
  });
  afterAll(() => server?.close());

  it('reads the conformance classes and the queryables', () => {
    expect(out.conformance).toEqual(
      expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter', 'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs']),
    );
    expect(out.collections).toContain('boilers');
    const q = queryablesSchema.parse(out.queryables);
    expect(Object.keys(q.properties)).toEqual(['geometry', 'name', 'is_demo', ...findLayer('boilers')!.attributes.map((a) => a.key)]);
    expect(q.properties.fuel?.enum).toEqual(FUELS);
  });

  it.each(['text', 'json'])('reads the page the cql2-%s filter selects', (key) => {
    const page = itemsSchema.parse(out[key]);
    expect(EXPECTED.length).toBeGreaterThan(1);
    expect(page.numberMatched).toBe(EXPECTED.length);
    expect(page.features.map((f) => String(f.properties.name)).sort()).toEqual(EXPECTED);
  });

  it('reads items in EPSG:4547 (northing, easting) equal to PostGIS ST_Transform within 1 mm', async () => {
    const page = itemsSchema.parse(out.crs);
    const rows = await db().query<{ id: number; x: number; y: number }>(
      "SELECT id, ST_X(ST_Transform(geom, 4547)) AS x, ST_Y(ST_Transform(geom, 4547)) AS y FROM features WHERE layer_id = 'boilers'",
    );
    const want = new Map(rows.map((r) => [Number(r.id), r]));
    expect(page.features.length).toBe(BOILERS.length);
    for (const f of page.features) {
      const [northing, easting] = f.geometry.coordinates as number[];
      const r = want.get(f.id)!;
      expect(Math.abs(northing! - r.y)).toBeLessThan(0.001);
      expect(Math.abs(easting! - r.x)).toBeLessThan(0.001);
    }
  });
});
