/**
 * POST /api/layers/{id}/import on both databases: every format, CRS and encoding in
 * tests/fixtures/io, each rejection reason, the dry-run report, and what a real import writes.
 * Atomicity under failure and hostile files are in import-safety.test.ts.
 */
import proj4 from 'proj4';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITES, ZONES, zoneFeature } from '../fixtures/io/data.ts';
import { expectCoordsClose, layerState, polygonRings, postImport, readLayer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

type Report = {
  imported: number;
  total: number;
  rejectedCount: number;
  rejected: { index: number; code: string; reason: string; line?: number }[];
  warnings: { code: string; [k: string]: unknown }[];
  crs: { id: string; source: string };
  swapXY: boolean;
  format: string;
  encoding?: string;
  repaired: number;
  revision?: number;
  replaced?: number;
  datumCheck: { skipped?: string; medianM?: Record<string, number> };
  preview?: { features: { id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown>; rejected?: unknown }[] };
};

const codes = (r: Report) => r.warnings.map((w) => w.code);
const truthByName = new Map(SITES.map((s) => [s.name, s]));

/** Preview points against the WGS84 truth, by name. */
function expectSitesAt(report: Report, tol: number) {
  const feats = report.preview!.features.filter((f) => !f.rejected);
  expect(feats.map((f) => f.properties.name).sort()).toEqual(SITES.map((s) => s.name).sort());
  for (const f of feats) {
    const s = truthByName.get(f.properties.name as string)!;
    expect(f.geometry.type).toBe('Point');
    expectCoordsClose(f.geometry.coordinates, [s.lng, s.lat], tol);
  }
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(db());
  });

  describe('formats, CRS and encodings', () => {
    it('imports a WGS84 GeoJSON FeatureCollection with every attribute, in one write that bumps the revision', async () => {
      const before = await layerState(db(), 'construction_sites');
      const res = await postImport(app, 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
      const r = res.body as Report;
      expect(r).toMatchObject({
        format: 'geojson',
        imported: 5,
        total: 5,
        rejectedCount: 0,
        rejected: [],
        crs: { id: 'wgs84' },
        revision: before.revision + 1,
      });
      const stored = await readLayer(db(), 'construction_sites');
      expect(stored).toHaveLength(5);
      for (const f of stored) {
        const s = truthByName.get(f.name)!;
        expect(f.geometry).toEqual({ type: 'Point', coordinates: [s.lng, s.lat] });
        expect(f.properties).toEqual({
          site_type: s.site_type,
          status: s.status,
          above_scale: s.above_scale,
          start_date: s.start_date,
          permit_no: s.permit_no,
        });
        expect(f.is_demo).toBe(false);
      }
    });

    it('reprojects GeoJSON that declares EPSG:4547 in a legacy crs member', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-epsg4547.geojson', 'dryRun=true').expect(200)).body as Report;
      expect(r.crs).toEqual({ id: 'epsg4547', label: expect.stringContaining('4547'), source: 'geojson-crs' });
      expect(r.imported).toBe(5);
      expectSitesAt(r, 1e-7); // the fixture is rounded to the millimetre
    });

    it('reads a UTF-8 CSV with a title row, Chinese headers, 度分秒, enumeration labels and 是/否', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-title-row.csv', 'dryRun=true').expect(200)).body as Report;
      expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', imported: 5, rejectedCount: 0 });
      expect(codes(r)).toEqual(expect.arrayContaining(['ROWS_SKIPPED', 'UNKNOWN_FIELDS']));
      expect(r.warnings.find((w) => w.code === 'UNKNOWN_FIELDS')!.fields).toEqual(['备注']);
      expectSitesAt(r, 1e-9);
      for (const f of r.preview!.features) {
        const s = truthByName.get(f.properties.name as string)!;
        expect(f.properties).toEqual({
          name: s.name,
          site_type: s.site_type,
          status: s.status,
          above_scale: s.above_scale,
          start_date: s.start_date,
          permit_no: s.permit_no,
        });
      }
    });

    it('reads a GBK CSV (Excel on zh-CN Windows) and says it guessed the encoding', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-gbk.csv', 'dryRun=true').expect(200)).body as Report;
      expect(r).toMatchObject({ encoding: 'gbk', imported: 5 });
      expect(codes(r)).toContain('ENCODING_GUESSED');
      expectSitesAt(r, 1e-9);
    });

    it('turns GCJ-02 (AMap) coordinates back into WGS84 with crs=gcj02, and warns when they arrive unlabelled', async () => {
      await postImport(app, 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
      const labelled = (await postImport(app, 'construction_sites', 'sites-gcj02.csv', 'dryRun=true&crs=gcj02').expect(200)).body as Report;
      expect(labelled.crs).toMatchObject({ id: 'gcj02', source: 'override' });
      expectSitesAt(labelled, 2e-6); // GCJ-02 is reversed iteratively, ~1e-6°; the file has 6 decimals
      expect(codes(labelled)).not.toContain('DATUM_SHIFT_SUSPECTED');

      const unlabelled = (await postImport(app, 'construction_sites', 'sites-gcj02.csv', 'dryRun=true').expect(200)).body as Report;
      const w = unlabelled.warnings.find((x) => x.code === 'DATUM_SHIFT_SUSPECTED');
      expect(w, JSON.stringify(unlabelled.datumCheck)).toBeDefined();
      expect(w!.suggestCrs).toBe('gcj02');
      expect(unlabelled.datumCheck.medianM!.wgs84).toBeGreaterThan(500);
      expect(unlabelled.datumCheck.medianM!.wgs84).toBeLessThan(800);
      expect(unlabelled.datumCheck.medianM!.gcj02).toBeLessThan(5);
    });

    it('notices lat/lon in the lon/lat columns and swaps them, unless told not to', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-latlon.csv', 'dryRun=true').expect(200)).body as Report;
      expect(r.swapXY).toBe(true);
      expect(codes(r)).toContain('AXES_SWAPPED');
      expectSitesAt(r, 1e-9);
      const kept = (await postImport(app, 'construction_sites', 'sites-latlon.csv', 'dryRun=true&swapXY=false').expect(200)).body as Report;
      expect(kept.imported).toBe(0);
      expect(kept.rejected.map((x) => x.code)).toEqual(Array(5).fill('OUTSIDE_EXTENT'));
      expect(kept.rejected[0]!.reason).toMatch(/swapXY/);
    });

    it('recognises Gauss–Krüger survey coordinates with X = northing and no CRS anywhere (EPSG:4547)', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-gk-xy.csv', 'dryRun=true').expect(200)).body as Report;
      expect(r.crs).toMatchObject({ id: 'epsg4547', source: 'content' });
      expect(r.swapXY).toBe(true);
      expect(codes(r)).toEqual(expect.arrayContaining(['CRS_GUESSED', 'AXES_SWAPPED']));
      expectSitesAt(r, 1e-7);
    });

    it('recognises the zone-prefixed easting of EPSG:4526', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-epsg4526.csv', 'dryRun=true').expect(200)).body as Report;
      expect(r.crs).toMatchObject({ id: 'epsg4526', source: 'content' });
      expect(r.swapXY).toBe(false);
      expectSitesAt(r, 1e-7);
    });

    it.each(['EPSG:4547', 'epsg4547', '4547', 'urn:ogc:def:crs:EPSG::4547', 'http://www.opengis.net/def/crs/EPSG/0/4547'])(
      'takes crs=%s as an override',
      async (crs) => {
        const r = (await postImport(app, 'construction_sites', 'sites-gk-xy.csv', `dryRun=true&crs=${encodeURIComponent(crs)}`).expect(200)).body as Report;
        expect(r.crs).toMatchObject({ id: 'epsg4547', source: 'override' });
        expectSitesAt(r, 1e-7);
      },
    );

    it('looks any other EPSG code up in PostGIS spatial_ref_sys (Web Mercator here)', async () => {
      const rows = SITES.map((s) => {
        const [x, y] = proj4('EPSG:4326', 'EPSG:3857', [s.lng, s.lat]);
        return `${s.name},${x},${y},${s.site_type},${s.status}`;
      });
      const data = Buffer.from(['name,x,y,site_type,status', ...rows].join('\n'));
      const r = (await postImport(app, 'construction_sites', { name: 'merc.csv', data }, 'dryRun=true&crs=EPSG:3857').expect(200)).body as Report;
      expect(r.crs).toMatchObject({ id: 'EPSG:3857', source: 'override' });
      expectSitesAt(r, 1e-7);
      await postImport(app, 'construction_sites', { name: 'merc.csv', data }, 'dryRun=true&crs=EPSG:999999').expect(422);
      await postImport(app, 'construction_sites', { name: 'merc.csv', data }, 'dryRun=true&crs=mars2000').expect(400);
    });

    it('reads a zipped Shapefile in EPSG:4547 written by GDAL: .prj honoured, hole kept, truncated field names mapped', async () => {
      const r = (await postImport(app, 'coal_ban_zones', 'zones-epsg4547.shp.zip', 'dryRun=true').expect(200)).body as Report;
      expect(r).toMatchObject({ format: 'shapefile', crs: { id: 'epsg4547', source: 'prj' }, imported: 2, rejectedCount: 0 });
      expect(codes(r)).not.toContain('UNKNOWN_FIELDS');
      for (const z of ZONES) {
        const f = r.preview!.features.find((x) => x.properties.name === z.name)!;
        expect(f.properties).toEqual({ name: z.name, code: z.code, decree: z.decree, effective_date: z.effective_date });
        expectCoordsClose(polygonRings(f.geometry), zoneFeature(z).geometry.coordinates, 1e-8);
      }
    });

    it.each([
      ['sites-gbk.shp.zip', false],
      ['sites-gbk-nocpg.shp.zip', true],
    ])('reads the GBK attribute table of %s (Chinese field name 施工单位 → contractor)', async (file, guessed) => {
      const r = (await postImport(app, 'construction_sites', file, 'dryRun=true').expect(200)).body as Report;
      expect(r).toMatchObject({ format: 'shapefile', encoding: 'gbk', crs: { id: 'wgs84', source: 'prj' }, imported: 5 });
      expect(codes(r).includes('ENCODING_GUESSED')).toBe(guessed);
      expectSitesAt(r, 1e-9);
      for (const f of r.preview!.features) {
        const s = truthByName.get(f.properties.name as string)!;
        expect(f.properties).toEqual({
          name: s.name,
          site_type: s.site_type,
          status: s.status,
          contractor: `${s.name.slice(0, 2)}建工集团`,
          start_date: s.start_date,
        });
      }
    });

    it.each(['zones.kml', 'zones.kmz'])('reads %s with ExtendedData attributes and holes; styling is not reported as columns', async (file) => {
      const r = (await postImport(app, 'coal_ban_zones', file, 'dryRun=true').expect(200)).body as Report;
      expect(r).toMatchObject({ format: file.slice(-3), crs: { id: 'wgs84', source: 'format' }, imported: 2, rejectedCount: 0 });
      expect(r.warnings).toEqual([]);
      for (const z of ZONES) {
        const f = r.preview!.features.find((x) => x.properties.name === z.name)!;
        expect(f.properties).toEqual({ name: z.name, code: z.code, decree: z.decree, effective_date: z.effective_date });
        expect(polygonRings(f.geometry)).toEqual(zoneFeature(z).geometry.coordinates);
      }
    });
  });

  describe('validation report', () => {
    it('names every rejection reason with the feature index', async () => {
      const r = (await postImport(app, 'coal_ban_zones', 'zones-rejects.geojson', 'dryRun=true').expect(200)).body as Report;
      expect(r.total).toBe(8);
      expect(r.imported).toBe(1);
      expect(r.rejected.map((x) => [x.index, x.code])).toEqual([
        [1, 'INVALID_GEOMETRY'],
        [2, 'GEOMETRY_TYPE'],
        [3, 'ATTRIBUTES'],
        [4, 'OUTSIDE_EXTENT'],
        [5, 'NO_GEOMETRY'],
        [6, 'MALFORMED_GEOMETRY'],
        [7, 'INVALID_GEOMETRY'],
      ]);
      expect(r.rejected[0]!.reason).toMatch(/Self-intersection/i);
      expect(r.rejected[0]!.reason).toMatch(/repair=true/);
      expect(r.rejected[2]!.reason).toMatch(/effective_date/);
      expect(r.rejected[6]!.reason).toMatch(/not closed/);
      // rejected features with a usable geometry are in the preview, flagged, for the map
      expect(r.preview!.features.filter((f) => f.rejected).map((f) => f.id)).toEqual([1, 3, 4, 7]);
    });

    it('repairs the self-intersecting polygon with ST_MakeValid only when asked', async () => {
      const r = (await postImport(app, 'coal_ban_zones', 'zones-rejects.geojson', 'dryRun=true&repair=true').expect(200)).body as Report;
      expect(r.repaired).toBe(1);
      expect(r.imported).toBe(2);
      expect(r.rejected.map((x) => x.index)).not.toContain(1);
      const fixed = r.preview!.features.find((f) => f.id === 1)!;
      expect(fixed.geometry.type).toBe('MultiPolygon'); // the bow-tie's two triangles
    });

    it('reports CSV rejections with their line numbers', async () => {
      const r = (await postImport(app, 'construction_sites', 'sites-rejects.csv', 'dryRun=true').expect(200)).body as Report;
      expect(r.imported).toBe(1);
      expect(r.rejected.map((x) => [x.index, x.line, x.code])).toEqual([
        [1, 3, 'ATTRIBUTES'],
        [2, 4, 'NO_GEOMETRY'],
        [3, 5, 'MALFORMED_GEOMETRY'],
        [4, 6, 'OUTSIDE_EXTENT'],
      ]);
    });

    it('a dry run writes nothing', async () => {
      const before = await layerState(db(), 'coal_ban_zones');
      await postImport(app, 'coal_ban_zones', 'zones.kml', 'dryRun=true').expect(200);
      expect(await layerState(db(), 'coal_ban_zones')).toEqual(before);
    });

    it('streams progress as NDJSON and ends with the report when asked to', async () => {
      const res = await postImport(app, 'construction_sites', 'sites.geojson', 'dryRun=true').set('Accept', 'application/x-ndjson').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = (res.text as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ progress: { phase: 'upload' } });
      expect(lines.at(-1)).toMatchObject({ result: { imported: 5, dryRun: true } });
      const failed = await postImport(app, 'construction_sites', 'billion-laughs.kml').set('Accept', 'application/x-ndjson').expect(200);
      expect(JSON.parse((failed.text as string).trim().split('\n').at(-1)!)).toMatchObject({ status: 400, error: { code: 'UNSAFE_XML' } });
    });
  });

  describe('writing', () => {
    it('a real import writes the accepted features, reports the rest, and bumps the revision once', async () => {
      await postImport(app, 'coal_ban_zones', 'zones.kml', 'mode=replace').expect(200);
      const before = await layerState(db(), 'coal_ban_zones');
      const r = (await postImport(app, 'coal_ban_zones', 'zones-rejects.geojson').expect(200)).body as Report;
      expect(r).toMatchObject({ imported: 1, rejectedCount: 7, revision: before.revision + 1 });
      const after = await layerState(db(), 'coal_ban_zones');
      expect(after.n).toBe(before.n + 1);
    });

    it('strict=true writes nothing when any feature is rejected', async () => {
      const before = await layerState(db(), 'coal_ban_zones');
      const res = await postImport(app, 'coal_ban_zones', 'zones-rejects.geojson', 'strict=true').expect(422);
      expect(res.body.error.code).toBe('IMPORT_REJECTED');
      expect(res.body.error.details).toMatchObject({ imported: 0, rejectedCount: 7 });
      expect(await layerState(db(), 'coal_ban_zones')).toEqual(before);
    });

    it('replace swaps the layer content in one step', async () => {
      await postImport(app, 'construction_sites', 'sites.geojson', 'mode=replace').expect(200);
      const r = (await postImport(app, 'construction_sites', 'sites-rejects.csv', 'mode=replace').expect(200)).body as Report;
      expect(r).toMatchObject({ imported: 1, replaced: 5 });
      expect((await readLayer(db(), 'construction_sites')).map((f) => f.name)).toEqual(['合格']);
    });

    it('replace refuses to empty a layer when nothing in the file can be imported', async () => {
      const before = await layerState(db(), 'construction_sites');
      const res = await postImport(app, 'construction_sites', 'sites-latlon.csv', 'mode=replace&swapXY=false').expect(422);
      expect(res.body.error.code).toBe('NOTHING_TO_IMPORT');
      expect(await layerState(db(), 'construction_sites')).toEqual(before);
    });

    it('keeps spreadsheet formulas and SQL in attribute values as plain data', async () => {
      await postImport(app, 'construction_sites', 'injection.csv', 'mode=replace').expect(200);
      const stored = await readLayer(db(), 'construction_sites');
      expect(stored.map((f) => f.name).sort()).toEqual(['=HYPERLINK("http://evil.example","点我")', "Robert'); DROP TABLE layers;--"].sort());
      const robert = stored.find((f) => f.name.startsWith('Robert'))!;
      expect(robert.properties).toMatchObject({ developer: '-2+3', contractor: '@cmd', permit_no: '\t=1+1' });
      const link = stored.find((f) => f.name.startsWith('='))!;
      expect(link.properties).toMatchObject({ developer: "'; DROP TABLE features; --", contractor: '<script>alert(1)</script>', permit_no: '+SUM(1+1)' });
      // the tables the SQL named are all still there
      expect((await db().query<{ n: number }>('SELECT count(*)::int AS n FROM layers'))[0]!.n).toBeGreaterThanOrEqual(13);
    });
  });
});
