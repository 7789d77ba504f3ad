/**
 * The import's column mapping (`columns=` on POST /api/layers/{id}/import, the import dialog's
 * column-mapping step) on both databases: a register whose headers the importer cannot guess
 * (工程名称, 东经度数/北纬度数) is refused without it and imported with it, names and positions
 * as written; a mapped name column wins over a 名称 column; a bad mapping is a coded 4xx that
 * writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCoordsClose, layerState, postImport, readLayer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const SITES = [
  { name: '御东新区某住宅工程', lng: 113.3512, lat: 40.0921, note: '甲' },
  { name: '魏都大道北侧道路改造', lng: 113.2904, lat: 40.0745, note: '乙' },
  { name: '古城东南片区修缮', lng: 113.3081, lat: 40.0811, note: '丙' },
];
const csv = Buffer.from(
  [
    '平城区在建工程登记表',
    '序号,工程名称,东经度数,北纬度数,名称,site_type,status',
    ...SITES.map((s, i) => `${i + 1},${s.name},${s.lng},${s.lat},${s.note},building,active`),
  ].join('\n'),
);
const file = { name: 'register.csv', data: csv };
const mapping = (m: Record<string, string>) => `columns=${encodeURIComponent(JSON.stringify(m))}`;

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(db());
  });

  it('refuses the register without a mapping: no coordinate column can be guessed', async () => {
    const res = await postImport(app, 'construction_sites', file, 'dryRun=true').expect(422);
    expect(res.body.error.code).toBe('NO_COORDINATE_COLUMNS');
  });

  it('imports it with the mapping: the chosen name column, the chosen coordinates, the title row skipped', async () => {
    const before = await layerState(db(), 'construction_sites');
    const dry = await postImport(app, 'construction_sites', file, `dryRun=true&${mapping({ name: '工程名称', x: '东经度数', y: '北纬度数' })}`).expect(200);
    expect(dry.body).toMatchObject({ total: 3, imported: 3, rejectedCount: 0 });
    const codes = (dry.body.warnings as { code: string; fields?: string[] }[]).map((w) => w.code);
    expect(codes).toContain('ROWS_SKIPPED');
    // the other 名称 column is no longer the name: it is reported as a column the layer does not have
    expect((dry.body.warnings as { code: string; fields?: string[] }[]).find((w) => w.code === 'UNKNOWN_FIELDS')?.fields).toEqual(
      expect.arrayContaining(['名称', '序号']),
    );
    const res = await postImport(app, 'construction_sites', file, mapping({ name: '工程名称', x: '东经度数', y: '北纬度数' })).expect(200);
    expect(res.body.imported).toBe(3);
    const after = await layerState(db(), 'construction_sites');
    expect(after.n).toBe(before.n + 3);
    const stored = (await readLayer(db(), 'construction_sites')).filter((f) => SITES.some((s) => s.name === f.name));
    expect(stored.map((f) => f.name).sort()).toEqual(SITES.map((s) => s.name).sort());
    for (const f of stored) {
      const s = SITES.find((x) => x.name === f.name)!;
      expectCoordsClose(f.geometry.coordinates, [s.lng, s.lat], 1e-9);
    }
  });

  it('maps only the name of a file whose coordinates are guessed (GeoJSON: from the geometry)', async () => {
    const gj = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { 点位名称: '映射名称测试点', 名称: '不是名称', site_type: 'building', status: 'active' },
            geometry: { type: 'Point', coordinates: [113.3, 40.09] },
          },
        ],
      }),
    );
    const res = await postImport(app, 'construction_sites', { name: 'n.geojson', data: gj }, `dryRun=true&${mapping({ name: '点位名称' })}`).expect(200);
    expect(res.body.preview.features[0].properties.name).toBe('映射名称测试点');
  });

  describe('a bad mapping is a coded 4xx and writes nothing', () => {
    it.each([
      ['not JSON', 'columns=%7Bname', 400, 'INVALID_PARAMETER'],
      ['an unknown role', mapping({ colour: '红' }), 400, 'INVALID_PARAMETER'],
      ['x without y', mapping({ x: '东经度数' }), 400, 'INVALID_PARAMETER'],
      ['columns the file lacks', mapping({ x: '经度', y: '纬度' }), 422, 'MAPPED_COLUMN_MISSING'],
    ] as const)('%s', async (_name, query, status, code) => {
      const before = await layerState(db(), 'construction_sites');
      const res = await postImport(app, 'construction_sites', file, query);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.messageZh).toBeTruthy();
      expect(await layerState(db(), 'construction_sites')).toEqual(before);
    });
  });
});
