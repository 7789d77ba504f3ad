/**
 * Attribute columns in the import's column mapping (`columns={"name",…,"attributes":{key: header}}`,
 * #17), on both databases, for a CSV and an Excel workbook (made here by exceljs) whose headers are the
 * catalogue's Chinese labels: labelled columns (工地类型, 施工单位, 开工日期) land on their attributes
 * without a mapping; a column no label names (围挡情况) lands where the mapping says; a mapped column
 * wins over one headed with the same attribute's label (总包单位 over 施工单位), which is then reported;
 * the columns that match nothing (扬尘措施) are named in the report of the real import, not only the
 * dry run's. A mapping naming an attribute the layer lacks, or a column the file lacks, is a coded
 * 4xx that writes nothing.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerState, postImport, readLayer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const HEADERS = ['项目名称', '经度', '纬度', '工地类型', '状态', '施工单位', '总包单位', '开工日期', '围挡情况', '扬尘措施'];
const ROWS = [
  ['映射测试·御东住宅工程', 113.3512, 40.0921, '房屋建筑', '在建', '甲建工', '甲总包', '2023-03-01', '是', '洒水'],
  ['映射测试·魏都大道改造', 113.2904, 40.0745, '道路工程', '停工', '乙建工', '乙总包', '2023-04-15', '否', '雾炮'],
];
/** What each row must become: the truth the stored features are compared with. */
const EXPECTED = [
  { name: ROWS[0]![0], site_type: 'building', status: 'active', contractor: '甲总包', start_date: '2023-03-01', hoarding: true },
  { name: ROWS[1]![0], site_type: 'road', status: 'suspended', contractor: '乙总包', start_date: '2023-04-15', hoarding: false },
];
const MAPPING = { name: '项目名称', attributes: { hoarding: '围挡情况', contractor: '总包单位' } };
const columns = (m: unknown) => `columns=${encodeURIComponent(JSON.stringify(m))}`;

const csv = { name: 'register.csv', data: Buffer.from(['平城区在建工地扬尘防控台账', HEADERS.join(','), ...ROWS.map((r) => r.join(','))].join('\n')) };

async function workbook() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['平城区在建工地扬尘防控台账']);
  ws.addRow(HEADERS);
  for (const r of ROWS) ws.addRow(r);
  return { name: 'register.xlsx', data: Buffer.from(await wb.xlsx.writeBuffer()) };
}

type Report = {
  imported: number;
  rejectedCount: number;
  dryRun: boolean;
  warnings: { code: string; fields?: string[] }[];
  preview?: { features: { properties: Record<string, unknown> }[] };
};
const unknownFields = (r: Report) => r.warnings.find((w) => w.code === 'UNKNOWN_FIELDS')?.fields;

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let xlsx: { name: string; data: Buffer };
  beforeAll(async () => {
    app = testApp(db());
    xlsx = await workbook();
  });

  const stored = async () => (await readLayer(db(), 'construction_sites')).filter((f) => f.name.startsWith('映射测试'));
  const clear = () => db().query(`DELETE FROM features WHERE layer_id = 'construction_sites' AND name LIKE '映射测试%'`);

  it('without a mapping: the labelled columns land on their attributes, the others are reported', async () => {
    const r = (await postImport(app, 'construction_sites', csv, 'dryRun=true').expect(200)).body as Report;
    expect(r).toMatchObject({ imported: 2, rejectedCount: 0 });
    expect(r.preview!.features[0]!.properties).toMatchObject({ site_type: 'building', status: 'active', contractor: '甲建工', start_date: '2023-03-01' });
    expect(r.preview!.features[0]!.properties).not.toHaveProperty('hoarding');
    expect(unknownFields(r)).toEqual(expect.arrayContaining(['项目名称', '总包单位', '围挡情况', '扬尘措施']));
  });

  describe.each([
    ['CSV', () => csv],
    ['XLSX', () => xlsx],
  ])('%s with the mapping', (_kind, file) => {
    it('stores the mapped attributes and names the unmatched column in the real import report', async () => {
      await clear();
      const dry = (await postImport(app, 'construction_sites', file(), `dryRun=true&${columns(MAPPING)}`).expect(200)).body as Report;
      expect(unknownFields(dry)).toEqual(['施工单位', '扬尘措施']);
      const real = (await postImport(app, 'construction_sites', file(), columns(MAPPING)).expect(200)).body as Report;
      expect(real).toMatchObject({ dryRun: false, imported: 2, rejectedCount: 0 });
      expect(unknownFields(real)).toEqual(['施工单位', '扬尘措施']);
      const got = (await stored()).sort((a, b) => a.name.localeCompare(b.name));
      const want = [...EXPECTED].sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(got.map((f) => ({ name: f.name, ...f.properties }))).toEqual(want);
    });
  });

  describe('a bad attribute mapping is a coded 4xx and writes nothing', () => {
    it.each([
      ['an attribute the layer lacks', { attributes: { dust_measures: '扬尘措施' } }, 400, 'INVALID_PARAMETER'],
      ['one column for two attributes', { attributes: { hoarding: '围挡情况', green_net: '围挡情况' } }, 400, 'INVALID_PARAMETER'],
      ['the name column as an attribute too', { name: '项目名称', attributes: { developer: '项目名称' } }, 400, 'INVALID_PARAMETER'],
      ['an attribute column the file lacks', { attributes: { hoarding: '围挡' } }, 422, 'MAPPED_COLUMN_MISSING'],
      ['a name column the file lacks', { name: '工程名称' }, 422, 'MAPPED_COLUMN_MISSING'],
    ] as [string, { name?: string; attributes?: Record<string, string> }, number, string][])('%s', async (_name, mapping, status, code) => {
      const before = await layerState(db(), 'construction_sites');
      const res = await postImport(app, 'construction_sites', csv, columns(mapping));
      expect(res.status, res.text.slice(0, 300)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.messageZh).toBeTruthy();
      if (code === 'MAPPED_COLUMN_MISSING') expect(res.body.error.details.columns).toEqual([mapping.name ?? Object.values(mapping.attributes ?? {})[0]]);
      expect(await layerState(db(), 'construction_sites')).toEqual(before);
    });
  });
});
