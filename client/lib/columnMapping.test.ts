import { describe, expect, it } from 'vitest';
import { crsFromText, guessAttributes, guessCrsFromNumbers, guessMapping, missingRoles, toBatchPoints } from './columnMapping.ts';
import { recordsToTable } from './readTable.ts';

describe('guessMapping', () => {
  it('reads Chinese register headers, a unit in brackets and a per-row 坐标系 column', () => {
    expect(guessMapping(['序号', '项目名称', '施工许可证号', '详细地址', '经度(GCJ-02)', '纬度(GCJ-02)', '坐标系'])).toEqual({
      name: '项目名称',
      id: '施工许可证号',
      address: '详细地址',
      x: '经度(GCJ-02)',
      y: '纬度(GCJ-02)',
      crs: '坐标系',
    });
  });
  it('reads English and x/y headers', () => {
    expect(guessMapping(['Name', 'ID', 'X', 'Y'])).toEqual({ name: 'Name', id: 'ID', x: 'X', y: 'Y' });
    expect(guessMapping(['site', 'lon', 'lat'])).toEqual({ x: 'lon', y: 'lat' });
  });
  it('prefers the remembered columns the file has, and gives each column one role', () => {
    const m = guessMapping(['名称', '工地名称', 'E', 'N'], { name: '工地名称', x: 'E', y: 'N', address: '不在此文件' });
    expect(m).toEqual({ name: '工地名称', x: 'E', y: 'N' });
    expect(guessMapping(['名称', '经度', '纬度'], { id: '名称' })).toEqual({ id: '名称', x: '经度', y: '纬度' });
  });
});

describe('guessAttributes', () => {
  const attrs = [
    { key: 'site_type', type: 'enum', label: { zh: '工地类型', en: 'Site type' } },
    { key: 'status', type: 'enum', label: { zh: '状态', en: 'Status' } },
    { key: 'contractor', type: 'text', label: { zh: '施工单位', en: 'Contractor' } },
    { key: 'developer', type: 'text', label: { zh: '建设单位', en: 'Developer' } },
    { key: 'hoarding', type: 'boolean', label: { zh: '周边围挡', en: 'Perimeter hoarding' } },
    { key: 'start_date', type: 'date', label: { zh: '开工日期', en: 'Start date' } },
  ];
  const headers = ['项目名称', '经度', '纬度', '工地类型', 'Status', '建设单位名称', '开工日期(计划)', '围挡情况', '扬尘措施', 'contractor'];

  it('matches keys and labels as the server does, text attributes by a header holding the label; roles keep their columns', () => {
    expect(guessAttributes(headers, attrs, new Set(['项目名称', '经度', '纬度']))).toEqual({
      site_type: '工地类型',
      status: 'Status',
      contractor: 'contractor',
      developer: '建设单位名称',
      start_date: '开工日期(计划)',
    });
    // a header a role took is not an attribute's
    expect(guessAttributes(['工地类型'], attrs, new Set(['工地类型']))).toEqual({});
  });

  it("the layer's remembered mapping wins where the file has that column; one column, one attribute", () => {
    const m = guessAttributes(headers, attrs, new Set(), { hoarding: '围挡情况', status: '工地类型', developer: '不在此文件' });
    expect(m).toMatchObject({ hoarding: '围挡情况', status: '工地类型', developer: '建设单位名称' });
    expect(m.site_type).toBeUndefined();
    expect(new Set(Object.values(m)).size).toBe(Object.values(m).length);
  });
});

describe('coordinate systems', () => {
  it('names the source from a header or a cell', () => {
    expect(crsFromText('高德经度')).toBe('gcj02');
    expect(crsFromText('GCJ-02')).toBe('gcj02');
    expect(crsFromText('百度')).toBe('bd09');
    expect(crsFromText('EPSG:4547')).toBe('epsg4547');
    expect(crsFromText('CGCS2000')).toBe('cgcs2000');
    expect(crsFromText('GPS')).toBe('wgs84');
    expect(crsFromText('经度')).toBeUndefined();
  });
  it('suggests degrees or Gauss–Krüger metres from the numbers', () => {
    expect(guessCrsFromNumbers([[113.3, 40.09]])).toBe('wgs84');
    expect(guessCrsFromNumbers([[525_600, 4_437_800]])).toBe('epsg4547');
    expect(guessCrsFromNumbers([[38_525_600, 4_437_800]])).toBe('epsg4526');
    expect(guessCrsFromNumbers([])).toBeUndefined();
  });
});

describe('toBatchPoints', () => {
  const table = {
    headers: ['编号', '名称', '经度', '纬度', '坐标系', '备注'],
    rows: [
      { 编号: 'S1', 名称: '甲', 经度: 113.3, 纬度: '40.09', 坐标系: '高德', 备注: 'a' },
      { 编号: 'S2', 名称: '乙', 经度: '113°18\'00"E', 纬度: '40.1', 坐标系: '', 备注: null },
      { 编号: 'S3', 名称: '丙', 经度: '东经', 纬度: '40.1', 坐标系: 'EPSG:4547', 备注: null },
    ],
  };
  const m = guessMapping(table.headers);
  it('keeps the row columns, adds name, id, coordinates and a row crs that differs from the request', () => {
    const [a, b, c] = toBatchPoints(table, m, 'wgs84');
    expect(a).toEqual({
      编号: 'S1',
      名称: '甲',
      经度: 113.3,
      纬度: '40.09',
      坐标系: '高德',
      备注: 'a',
      name: '甲',
      id: 'S1',
      crs: 'gcj02',
      lng: 113.3,
      lat: 40.09,
    });
    expect(b).toMatchObject({ lng: 113.3, lat: 40.1 });
    expect(b).not.toHaveProperty('crs');
    // unreadable numbers go as written (the server rejects the row by number); a projected row gets x/y
    expect(c).toMatchObject({ crs: 'epsg4547', x: '东经', y: 40.1 });
  });
  it('takes GeoJSON positions from the geometry', () => {
    const [p] = toBatchPoints({ headers: ['name'], rows: [{ name: '点' }], positions: [[525_600, 4_437_800]] }, { name: 'name' }, 'epsg4547');
    expect(p).toEqual({ name: '点', x: 525_600, y: 4_437_800 });
    expect(missingRoles({ headers: [], rows: [], positions: [] }, {})).toEqual([]);
    expect(missingRoles(table, { x: '经度' }, ['name'])).toEqual(['name', 'y']);
  });
});

describe('recordsToTable', () => {
  it('skips a title row, drops blank rows and names empty or repeated headers', () => {
    const t = recordsToTable([
      ['平城区新建项目台账'],
      ['名称', '经度', '纬度', '', '名称'],
      ['甲', '113.3', '40.1', '', 'x'],
      ['', '', ''],
      ['乙', '113.2', '40.0'],
    ]);
    expect(t.titleRows).toBe(1);
    expect(t.headers).toEqual(['名称', '经度', '纬度', '列4', '名称_5']);
    expect(t.rows).toEqual([
      { 名称: '甲', 经度: '113.3', 纬度: '40.1', 列4: '', 名称_5: 'x' },
      { 名称: '乙', 经度: '113.2', 纬度: '40.0', 列4: null, 名称_5: null },
    ]);
  });
});
