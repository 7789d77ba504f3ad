/**
 * GET /api/layers/{id}/export.{geojson|csv|kml|shp.zip} on both databases: every format opens in
 * GDAL (an independent reader), and exporting then importing gives back the same features —
 * geometry within 1e-7°, attributes equal — for point and polygon layers, text, numbers, booleans,
 * dates, enumerations, Chinese, and values that look like formulas or SQL.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { listZip } from '../../server/features/io/zip.ts';
import { ZONES, zoneFeature } from '../fixtures/io/data.ts';
import { expectCoordsClose, getBuffer, layerState, postImport, readLayer, type StoredFeature } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { TEST_DESIGNATION } from '../fixtures/zone-designation.ts';

const run = promisify(execFile);
const FORMATS = ['geojson', 'csv', 'kml', 'shp.zip'] as const;
const LAYER_IDS = ['construction_sites', 'boilers', 'coal_ban_zones'] as const;
const round9 = (v: number) => Math.round(v * 1e9) / 1e9;

/** More sites than one export page (2000), with every attribute type and awkward values. */
const sites = Array.from({ length: 2100 }, (_, i) => ({
  type: 'Feature',
  properties: {
    name: i === 0 ? '甲,乙 "引号" 工地' : `工地${String(i).padStart(4, '0')}`,
    site_type: (['building', 'municipal', 'road', 'demolition'] as const)[i % 4],
    status: (['active', 'suspended', 'finished'] as const)[i % 3],
    ...(i % 5 === 0 ? {} : { above_scale: i % 2 === 0, video: i % 3 === 0 }),
    ...(i % 7 === 0 ? { start_date: `2023-0${(i % 9) + 1}-1${i % 10}` } : {}),
    ...(i % 11 === 0 ? { developer: "=cmd|' /C calc'!A0", contractor: "'; DROP TABLE features; --", permit_no: '@SUM(1)' } : {}),
    ...(i % 13 === 0 ? { developer: '大同市第二建筑工程有限公司\n二分公司', contractor: '-2+3' } : {}),
  },
  geometry: { type: 'Point', coordinates: [round9(113.21 + (i % 60) * 0.0029 + i * 1.3e-7), round9(40.0 + Math.floor(i / 60) * 0.0047)] },
}));

const boilers = Array.from({ length: 30 }, (_, i) => ({
  type: 'Feature',
  properties: {
    name: `锅炉房${i}`,
    kind: i % 4 === 0 ? 'furnace' : 'boiler',
    fuel: (['coal', 'gas', 'electric', 'biomass'] as const)[i % 4],
    status: (['in_use', 'standby', 'removed'] as const)[i % 3],
    ...(i % 6 === 0 ? {} : { capacity_t_h: [4.2, 0.35, 10, 130, 2.125][i % 5], nox_mg_m3: [48.7, 30, 0.001, 150.25, 9][i % 5] }),
    ultra_low_emission: i % 2 === 0,
    unit: `大同市某单位${i}`,
  },
  geometry: { type: 'Point', coordinates: [round9(113.25 + i * 0.003), round9(40.05 + i * 0.001)] },
}));

const zones = [
  ...ZONES.map(zoneFeature),
  {
    type: 'Feature',
    properties: { name: '两块的禁煤区（示意）', code: 'JMQ-03', ...TEST_DESIGNATION, lead_unit: '区生态环境分局', note: 'MultiPolygon' },
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [113.22, 40.12],
            [113.24, 40.12],
            [113.24, 40.14],
            [113.22, 40.14],
            [113.22, 40.12],
          ],
        ],
        [
          [
            [113.25, 40.12],
            [113.27, 40.12],
            [113.26, 40.135],
            [113.25, 40.12],
          ],
        ],
      ],
    },
  },
];

const SEED: Record<(typeof LAYER_IDS)[number], unknown[]> = { construction_sites: sites, boilers, coal_ban_zones: zones };

async function featureCount(path: string): Promise<number> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', path], { maxBuffer: 1 << 24 });
  return [...stdout.matchAll(/Feature Count: (\d+)/g)].reduce((s, m) => s + Number(m[1]), 0);
}

function expectSameFeatures(actual: StoredFeature[], expected: StoredFeature[]) {
  expect(actual.map((f) => f.name)).toEqual(expected.map((f) => f.name));
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(a.properties, a.name).toEqual(e.properties);
    expect(a.geometry.type, a.name).toBe(e.geometry.type);
    expectCoordsClose(a.geometry.coordinates, e.geometry.coordinates, 1e-7, a.name);
  });
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let dir: string;
  const originals = new Map<string, StoredFeature[]>();

  beforeAll(async () => {
    app = testApp(db());
    dir = await mkdtemp(join(tmpdir(), 'pc-export-test-'));
    for (const id of LAYER_IDS) {
      const layer = findLayer(id)!;
      const features = SEED[id].map((f) => {
        const v = validateFeature(layer, f);
        if (!v.valid) throw new Error(`${id}: ${v.reason}`);
        return v.feature;
      });
      await writeFeatures(db(), id, features);
      originals.set(id, await readLayer(db(), id));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe.each(LAYER_IDS)('%s', (layerId) => {
    it.each(FORMATS)('export.%s opens in GDAL, and importing it gives the same features back', async (format) => {
      const res = await getBuffer(app, `/api/layers/${layerId}/export.${format}`).expect(200);
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="?${layerId}-\\d{4}-\\d{2}-\\d{2}\\.${format.replace('.', '\\.')}"?$`),
      );
      const body = res.body as Buffer;
      const path = join(dir, `${layerId}.${format}`);
      await writeFile(path, body);
      const expected = originals.get(layerId)!;
      expect(await featureCount(format === 'shp.zip' ? `/vsizip/${path}` : path)).toBe(expected.length);

      const before = await layerState(db(), layerId);
      const imported = await postImport(app, layerId, { name: `${layerId}.${format}`, data: body }, 'mode=replace').expect(200);
      expect(imported.body).toMatchObject({ imported: expected.length, rejectedCount: 0, crs: { id: 'wgs84' }, revision: before.revision + 1 });
      expect(imported.body.warnings.map((w: { code: string }) => w.code)).not.toContain('UNKNOWN_FIELDS');
      expectSameFeatures(await readLayer(db(), layerId), expected);
    });
  });

  it('sends each format with its media type', async () => {
    const types: Record<string, RegExp> = {
      geojson: /^application\/geo\+json; charset=utf-8$/,
      csv: /^text\/csv; charset=utf-8$/,
      kml: /^application\/vnd\.google-earth\.kml\+xml; charset=utf-8$/,
      'shp.zip': /^application\/zip$/,
    };
    for (const f of FORMATS) expect((await getBuffer(app, `/api/layers/boilers/export.${f}`).expect(200)).headers['content-type']).toMatch(types[f]!);
  });

  it('CSV: UTF-8 BOM, CRLF, lon/lat and WKT, and formula-like text neutralised', async () => {
    const text = ((await getBuffer(app, '/api/layers/construction_sites/export.csv').expect(200)).body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFid,name,permit_no,site_type,status,')).toBe(true);
    expect(text.split('\r\n')[0]).toMatch(/,is_demo,lon,lat,wkt$/);
    expect(text).toContain(`'=cmd|' /C calc'!A0`);
    expect(text).toContain(`'@SUM(1)`);
    expect(text).toContain(`'-2+3`);
    expect(text).not.toMatch(/,=cmd/);
    expect(text).toContain('"甲,乙 ""引号"" 工地"');
    const zonesCsv = ((await getBuffer(app, '/api/layers/coal_ban_zones/export.csv').expect(200)).body as Buffer).toString('utf8');
    expect(zonesCsv.split('\r\n')[0]).toMatch(/,is_demo,wkt$/);
    expect(zonesCsv).toContain('MULTIPOLYGON');
  });

  it('KML: one Placemark per feature, attributes as ExtendedData with Chinese display names', async () => {
    const text = ((await getBuffer(app, '/api/layers/boilers/export.kml').expect(200)).body as Buffer).toString('utf8');
    const doc = new DOMParser().parseFromString(text, 'text/xml');
    expect(doc.getElementsByTagName('Placemark').length).toBe(boilers.length);
    expect(text).toContain('<Data name="capacity_t_h"><displayName>容量</displayName>');
  });

  it('Shapefile zip: .shp .shx .dbf .prj (WGS84) .cpg (UTF-8), Chinese text readable by GDAL', async () => {
    const body = (await getBuffer(app, '/api/layers/coal_ban_zones/export.shp.zip').expect(200)).body as Buffer;
    const path = join(dir, 'zones-check.shp.zip');
    await writeFile(path, body);
    expect((await listZip(path)).sort()).toEqual(['shp', 'shx', 'dbf', 'prj', 'cpg'].map((e) => `coal_ban_zones.${e}`).sort());
    const { stdout } = await run('ogrinfo', ['-ro', '-al', `/vsizip/${path}`], { maxBuffer: 1 << 24 });
    expect(stdout).toMatch(/GEOGCRS\["WGS 84"|GEOGCS\["WGS 84"|WGS_1984/);
    expect(stdout).toContain('两块的禁煤区（示意）');
    expect(stdout).toContain('effective_ (Date)');
    // every row leads back to its feature: the id column holds the app's feature ids
    const ids = await db().query<{ id: string }>(`SELECT id::text FROM features WHERE layer_id = 'coal_ban_zones' ORDER BY id`);
    const written = [...stdout.matchAll(/^\s+id \(Integer\d*\) = (\d+)$/gm)].map((m) => m[1]);
    expect(written.sort()).toEqual(ids.map((r) => r.id).sort());
    // is_demo as a number GDAL (and so QGIS) reads as one, not the text "T"/"F" of a DBF logical
    const demo = [...stdout.matchAll(/^\s+is_demo \((\w+)\) = (.*)$/gm)].map((m) => [m[1], m[2]]);
    expect(demo).toHaveLength(ids.length);
    for (const [type, value] of demo) expect([type, ['0', '1']]).toEqual(['Integer', expect.arrayContaining([value])]);
  });

  it('filters by bbox and attributes like the OGC items endpoint, in every format', async () => {
    const bbox = '113.2,40.0,113.3,40.05';
    const [want] = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM features WHERE layer_id = 'construction_sites' AND properties->>'status' = 'active'
          AND properties->>'site_type' = 'road' AND ST_Intersects(geom, ST_MakeEnvelope(113.2, 40.0, 113.3, 40.05, 4326))`,
    );
    expect(want!.n).toBeGreaterThan(0);
    const q = `bbox=${bbox}&status=active&site_type=road`;
    const geo = JSON.parse(((await getBuffer(app, `/api/layers/construction_sites/export.geojson?${q}`).expect(200)).body as Buffer).toString('utf8'));
    expect(geo.features).toHaveLength(want!.n);
    const csv = ((await getBuffer(app, `/api/layers/construction_sites/export.csv?${q}`).expect(200)).body as Buffer).toString('utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(want!.n + 1);
    const path = join(dir, 'filtered.shp.zip');
    await writeFile(path, (await getBuffer(app, `/api/layers/construction_sites/export.shp.zip?${q}`).expect(200)).body as Buffer);
    expect(await featureCount(`/vsizip/${path}`)).toBe(want!.n);
    const kml = (
      (await getBuffer(app, `/api/layers/construction_sites/export.kml?above_scale=true&name=${encodeURIComponent('工地0002')}`).expect(200)).body as Buffer
    ).toString('utf8');
    expect(kml.match(/<Placemark/g)).toHaveLength(1);
  });

  it('rejects unknown layers, filters and formats', async () => {
    await getBuffer(app, '/api/layers/nope/export.csv').expect(404);
    await getBuffer(app, '/api/layers/boilers/export.csv?colour=red').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?capacity_t_h=big').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.csv?bbox=1,2').expect(400);
    await getBuffer(app, '/api/layers/boilers/export.xlsx').expect(404);
  });
});
