/**
 * Imports that do not misplace data, on both databases: Excel workbooks (made here by exceljs)
 * through the same pipeline as CSV, the worksheet chosen by `sheet=`; coordinates copied from
 * AMap/Tencent (GCJ-02) or Baidu (BD-09) converted by `crs=` or row by row from a CRS column; and
 * the warning when nothing in the layer can tell WGS84 from GCJ-02. The expected WGS84 positions
 * are checked against a second computation: the published GCJ-02 and BD-09 forward formulas
 * written out below (the server reverses them with gcoord).
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITES, type SiteTruth } from '../fixtures/io/data.ts';
import { expectCoordsClose, layerState, postImport, readLayer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

type Report = {
  format: string;
  imported: number;
  total: number;
  rejectedCount: number;
  rejected: { index: number; code: string; reason: string }[];
  warnings: { code: string; [k: string]: unknown }[];
  crs: { id: string; source: string };
  preview?: { features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[] };
};

// ---- the second computation: GCJ-02 ("Mars coordinates") and BD-09 forward, as published
const A = 6378245.0;
const EE = 0.006693421622965943;
const { PI, sin, cos, sqrt, abs, atan2 } = Math;
const dLatOf = (x: number, y: number) =>
  -100 +
  2 * x +
  3 * y +
  0.2 * y * y +
  0.1 * x * y +
  0.2 * sqrt(abs(x)) +
  ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3 +
  ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3 +
  ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
const dLngOf = (x: number, y: number) =>
  300 +
  x +
  2 * y +
  0.1 * x * x +
  0.1 * x * y +
  0.1 * sqrt(abs(x)) +
  ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3 +
  ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3 +
  ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
function wgsToGcj(lng: number, lat: number): [number, number] {
  const rad = (lat / 180) * PI;
  const magic = 1 - EE * sin(rad) ** 2;
  const dLat = (dLatOf(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrt(magic))) * PI);
  const dLng = (dLngOf(lng - 105, lat - 35) * 180) / ((A / sqrt(magic)) * cos(rad) * PI);
  return [lng + dLng, lat + dLat];
}
function gcjToBd(lng: number, lat: number): [number, number] {
  const xPi = (PI * 3000) / 180;
  const z = sqrt(lng * lng + lat * lat) + 0.00002 * sin(lat * xPi);
  const theta = atan2(lat, lng) + 0.000003 * cos(lng * xPi);
  return [z * cos(theta) + 0.0065, z * sin(theta) + 0.006];
}
const metres = ([a, b]: [number, number], [c, d]: [number, number]) => Math.hypot((a - c) * 111_320 * cos((b * PI) / 180), (b - d) * 110_540);

/** A workbook like a bureau register: a title row, Chinese headers, labels for enumerations, real dates and booleans. */
async function register(sheets: { name: string; sites: readonly SiteTruth[]; crs?: (s: SiteTruth, i: number) => { label: string; at: [number, number] } }[]) {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    ws.addRow(['平城区建筑施工工地台账（示意数据）']);
    ws.addRow(['名称', '工地类型', '状态', '规模以上', '开工日期', '施工许可证号', '经度', '纬度', ...(sheet.crs ? ['坐标系'] : [])]);
    const types = { building: '房屋建筑', municipal: '市政工程', road: '道路工程', demolition: '拆迁工地' };
    const states = { active: '在建', suspended: '停工', finished: '完工' };
    sheet.sites.forEach((s, i) => {
      const [y, m, d] = s.start_date.split('-').map(Number);
      const pos = sheet.crs?.(s, i);
      ws.addRow([
        s.name,
        types[s.site_type],
        states[s.status],
        s.above_scale ? '是' : '否',
        new Date(Date.UTC(y!, m! - 1, d!)),
        s.permit_no,
        ...(pos ? pos.at : [s.lng, s.lat]),
        ...(pos ? [pos.label] : []),
      ]);
    });
  }
  return { name: 'register.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

const truth = (s: SiteTruth) => ({ site_type: s.site_type, status: s.status, above_scale: s.above_scale, start_date: s.start_date, permit_no: s.permit_no });

it('the second computation shifts Pingcheng by what GCJ-02 and BD-09 are known to: 300–900 m and 0.8–1.5 km', () => {
  const at: [number, number] = [113.3, 40.09];
  const gcj = wgsToGcj(...at);
  expect(metres(gcj, at)).toBeGreaterThan(300);
  expect(metres(gcj, at)).toBeLessThan(900);
  expect(metres(gcjToBd(...gcj), at)).toBeGreaterThan(800);
  expect(metres(gcjToBd(...gcj), at)).toBeLessThan(1500);
});

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(db());
  });

  describe('XLSX', () => {
    it('imports the first worksheet through the CSV pipeline: title row skipped, labels, dates and 是/否 read, positions exact', async () => {
      const file = await register([
        { name: '工地台账', sites: SITES.slice(0, 3) },
        { name: '补充', sites: SITES.slice(3) },
      ]);
      const before = await layerState(db(), 'construction_sites');
      const r = (await postImport(app, 'construction_sites', file, 'mode=replace').expect(200)).body as Report;
      expect(r).toMatchObject({ format: 'xlsx', total: 3, imported: 3, rejectedCount: 0, crs: { id: 'wgs84' } });
      expect(r.warnings.find((w) => w.code === 'XLSX_SHEET')).toMatchObject({ sheet: '工地台账', sheets: ['工地台账', '补充'] });
      expect(r.warnings.map((w) => w.code)).toContain('ROWS_SKIPPED');
      const stored = await readLayer(db(), 'construction_sites');
      expect(stored.map((f) => f.name).sort()).toEqual(
        SITES.slice(0, 3)
          .map((s) => s.name)
          .sort(),
      );
      for (const f of stored) {
        const s = SITES.find((x) => x.name === f.name)!;
        expect(f.geometry).toEqual({ type: 'Point', coordinates: [s.lng, s.lat] });
        expect(f.properties).toEqual(truth(s));
      }
      expect((await layerState(db(), 'construction_sites')).revision).toBe(before.revision + 1);
    });

    it('reads the worksheet named by sheet= (by name or number), and refuses one the workbook lacks, writing nothing', async () => {
      const file = await register([
        { name: '工地台账', sites: SITES.slice(0, 3) },
        { name: '补充', sites: SITES.slice(3) },
      ]);
      for (const sheet of ['%E8%A1%A5%E5%85%85', '2']) {
        const r = (await postImport(app, 'construction_sites', file, `dryRun=true&sheet=${sheet}`).expect(200)).body as Report;
        expect(r.total).toBe(SITES.length - 3);
        expect(r.preview!.features.map((f) => f.properties.name).sort()).toEqual(
          SITES.slice(3)
            .map((s) => s.name)
            .sort(),
        );
      }
      const before = await layerState(db(), 'construction_sites');
      const bad = await postImport(app, 'construction_sites', file, 'sheet=3').expect(400);
      expect(bad.body.error).toMatchObject({ code: 'UNKNOWN_SHEET', details: { sheets: ['工地台账', '补充'] } });
      expect(bad.body.error.messageZh).toContain('补充');
      expect(await layerState(db(), 'construction_sites')).toEqual(before);
    });

    it('answers a damaged workbook with a coded 422', async () => {
      const file = await register([{ name: 'a', sites: SITES }]);
      const broken = Buffer.from(file.data);
      broken.fill(0, 200, 900); // inside the first member: the zip directory still lists it
      const res = await postImport(app, 'construction_sites', { name: 'x.xlsx', data: broken }, 'dryRun=true');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(typeof res.body.error.code).toBe('string');
    });
  });

  describe('where the coordinates came from', () => {
    it('crs=gcj02 and crs=bd09 put AMap and Baidu coordinates back on the WGS84 truth (within 0.2 m)', async () => {
      for (const [crs, forward] of [
        ['gcj02', (s: SiteTruth) => wgsToGcj(s.lng, s.lat)],
        ['bd09', (s: SiteTruth) => gcjToBd(...wgsToGcj(s.lng, s.lat))],
      ] as const) {
        const file = await register([{ name: crs, sites: SITES, crs: (s) => ({ label: '', at: forward(s) }) }]);
        const r = (await postImport(app, 'construction_sites', file, `dryRun=true&crs=${crs}`).expect(200)).body as Report;
        expect(r.crs).toMatchObject({ id: crs, source: 'override' });
        expect(r.warnings.map((w) => w.code)).not.toContain('DATUM_UNCHECKED');
        for (const f of r.preview!.features) {
          const s = SITES.find((x) => x.name === f.properties.name)!;
          expectCoordsClose(f.geometry.coordinates, [s.lng, s.lat], 2e-6);
        }
      }
    });

    it('converts row by row from a 坐标系 column (GPS, 高德, 百度, 4547), and stores every site at its truth', async () => {
      const labels = ['GPS', '高德', '百度', 'gcj02', 'BD-09'];
      const file = await register([
        {
          name: 'mixed',
          sites: SITES,
          crs: (s, i) => {
            const label = labels[i % labels.length]!;
            const gcj = wgsToGcj(s.lng, s.lat);
            const at = label === 'GPS' ? ([s.lng, s.lat] as [number, number]) : /高德|gcj/i.test(label) ? gcj : gcjToBd(...gcj);
            return { label, at };
          },
        },
      ]);
      const r = (await postImport(app, 'construction_sites', file, 'mode=replace').expect(200)).body as Report;
      expect(r).toMatchObject({ imported: SITES.length, rejectedCount: 0 });
      const perRow = r.warnings.find((w) => w.code === 'CRS_PER_ROW');
      expect(perRow).toMatchObject({ column: '坐标系' });
      expect(Object.values(perRow!.rows as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(SITES.length);
      expect(r.warnings.map((w) => w.code)).not.toContain('UNKNOWN_FIELDS'); // the CRS column is not an attribute
      const stored = await readLayer(db(), 'construction_sites');
      for (const f of stored) {
        const s = SITES.find((x) => x.name === f.name)!;
        expectCoordsClose(f.geometry.coordinates, [s.lng, s.lat], 2e-6);
        expect(f.properties).toEqual(truth(s));
      }
    });

    it('takes the CRS column named by crsColumn=, rejects a row naming an unknown system, and 400s for a missing column', async () => {
      const gcj = wgsToGcj(SITES[0]!.lng, SITES[0]!.lat);
      const csv = [
        'name,site_type,status,lng,lat,来源',
        `${SITES[0]!.name},building,active,${gcj[0]},${gcj[1]},amap`,
        `${SITES[1]!.name},road,active,${SITES[1]!.lng},${SITES[1]!.lat},`,
        `${SITES[2]!.name},road,active,${SITES[2]!.lng},${SITES[2]!.lat},北京54`,
      ].join('\n');
      const file = { name: 'sites.csv', data: Buffer.from(csv) };
      const r = (await postImport(app, 'construction_sites', file, `dryRun=true&crsColumn=${encodeURIComponent('来源')}`).expect(200)).body as Report;
      expect(r).toMatchObject({ total: 3, imported: 2, rejectedCount: 1 });
      expect(r.rejected[0]).toMatchObject({ index: 2, code: 'UNKNOWN_CRS' });
      const byName = new Map(r.preview!.features.map((f) => [f.properties.name, f.geometry.coordinates]));
      expectCoordsClose(byName.get(SITES[0]!.name), [SITES[0]!.lng, SITES[0]!.lat], 2e-6);
      expect(byName.get(SITES[1]!.name)).toEqual([SITES[1]!.lng, SITES[1]!.lat]); // blank cell: the file's CRS

      const before = await layerState(db(), 'construction_sites');
      const missing = await postImport(app, 'construction_sites', file, 'crsColumn=nope').expect(400);
      expect(missing.body.error.code).toBe('CRS_COLUMN_NOT_FOUND');
      expect(await layerState(db(), 'construction_sites')).toEqual(before);
    });

    it('warns that WGS84 cannot be told from GCJ-02 when the layer has nothing near the points, and not once crs= says where they came from', async () => {
      // aq_stations holds nothing in this schema: no reference to compare with
      const csv = ['name,station_type,lng,lat', ...SITES.map((s) => `${s.name}站,street,${s.lng},${s.lat}`)].join('\n');
      const file = { name: 'stations.csv', data: Buffer.from(csv) };
      const guessed = (await postImport(app, 'aq_stations', file, 'dryRun=true').expect(200)).body as Report;
      expect(guessed.crs.source).toBe('content');
      expect(guessed.warnings.find((w) => w.code === 'DATUM_UNCHECKED')).toMatchObject({ choices: ['wgs84', 'gcj02', 'bd09'] });
      const told = (await postImport(app, 'aq_stations', file, 'dryRun=true&crs=wgs84').expect(200)).body as Report;
      expect(told.warnings.map((w) => w.code)).not.toContain('DATUM_UNCHECKED');
    });
  });
});
