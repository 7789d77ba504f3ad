import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readTable, TableError } from './readTable.ts';

const file = (data: Uint8Array | string, name: string) => new File([typeof data === 'string' ? data : new Uint8Array(data)], name);

describe('readTable', () => {
  it('reads a GBK CSV with a title row and semicolons, as Excel on zh-CN Windows saves it', async () => {
    const gbk = iconv.encode('平城区新建项目台账\n名称;经度;纬度\n御东工地;113.35;40.09\n', 'gbk');
    const t = await readTable(file(new Uint8Array(gbk), '台账.csv'));
    expect(t).toMatchObject({ format: 'csv', encoding: 'gbk', titleRows: 1, headers: ['名称', '经度', '纬度'] });
    expect(t.rows).toEqual([{ 名称: '御东工地', 经度: '113.35', 纬度: '40.09' }]);
  });

  it('reads UTF-8 with a BOM', async () => {
    const t = await readTable(file('\uFEFFname,lng,lat\n甲,113.3,40.1\n', 'a.csv'));
    expect(t.encoding).toBe('utf-8');
    expect(t.headers).toEqual(['name', 'lng', 'lat']);
  });

  it('reads the first worksheet of an XLSX, numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['项目名称', 'X', 'Y']);
    ws.addRow(['甲', 525600.5, 4437800]);
    const t = await readTable(file(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx'));
    expect(t).toMatchObject({ format: 'xlsx', headers: ['项目名称', 'X', 'Y'], rows: [{ 项目名称: '甲', X: 525600.5, Y: 4437800 }] });
  });

  it('reads GeoJSON properties and point positions', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 名称: '甲' }, geometry: { type: 'Point', coordinates: [113.3, 40.1] } },
        { type: 'Feature', properties: { 名称: '乙', 备注: 'x' }, geometry: { type: 'Polygon', coordinates: [] } },
      ],
    };
    const t = await readTable(file(JSON.stringify(fc), 'a.geojson'));
    expect(t.headers).toEqual(['名称', '备注']);
    expect(t.positions).toEqual([[113.3, 40.1], null]);
  });

  it('refuses other types and empty files with a reason', async () => {
    await expect(readTable(file('x', 'a.shp'))).rejects.toMatchObject({ reason: 'type' });
    await expect(readTable(file('名称,经度\n', 'a.csv'))).rejects.toBeInstanceOf(TableError);
    await expect(readTable(file('{', 'a.json'))).rejects.toMatchObject({ reason: 'unreadable' });
  });
});
