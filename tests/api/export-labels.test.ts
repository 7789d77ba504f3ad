/**
 * Human-facing exports: `?labels=zh` on CSV and KML writes the layer catalogue's Chinese labels as
 * headers and enumeration values in words; without it the machine keys stay (round trips). The
 * files are read back by GDAL (ogrinfo, an independent reader) and by csv-parse / an XML parser.
 * Both databases.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { getBuffer, postImport, readLayer } from '../fixtures/io/helpers.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const run = promisify(execFile);
const LAYER = findLayer('construction_sites')!;
const SITES = [
  { name: '示意 甲工地', site_type: 'road', status: 'active', above_scale: true, video: false, developer: '=1+2', start_date: '2023-04-01' },
  { name: '示意 乙工地', site_type: 'demolition', status: 'suspended', above_scale: false },
  { name: '示意 丙工地', site_type: 'building', status: 'finished' },
];

/** The Chinese words for a value, looked up in the catalogue by hand. */
function words(key: string, value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const def = LAYER.attributes.find((a) => a.key === key);
  if (def?.type === 'enum') return def.options.find((o) => o.value === value)!.label.zh;
  return String(value);
}
const label = (key: string) => LAYER.attributes.find((a) => a.key === key)!.label.zh;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** GDAL's reading of a file: field names (ogrinfo) and each feature's fields (ogr2ogr to GeoJSON). */
async function ogr(file: string, text: string): Promise<{ fields: string[]; features: Record<string, string>[] }> {
  const path = join(dir, file);
  await writeFile(path, text);
  const { stdout: info } = await run('ogrinfo', ['-ro', '-so', '-al', path]);
  const fields = [...info.matchAll(/^(.+): (?:String|Integer|Real|Date)\b/gm)].map((m) => m[1]!);
  const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path]);
  const doc = JSON.parse(stdout) as { features: { properties: Record<string, string> }[] };
  return { fields, features: doc.features.map((f) => f.properties) };
}

onEachDatabase(({ db, kind }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    for (const [i, { name, ...properties }] of SITES.entries())
      await insertFixture(db(), 'construction_sites', {
        type: 'Feature',
        properties: { name, ...properties },
        geometry: { type: 'Point', coordinates: [113.3 + i * 0.01, 40.08] },
      });
  });
  const text = async (path: string) => (await getBuffer(app, path).expect(200)).body.toString('utf8') as string;

  it('CSV with labels=zh: Chinese headers and values in words, as GDAL reads them', async () => {
    const csv = await text('/api/layers/construction_sites/export.csv?labels=zh');
    const { fields, features } = await ogr(`zh-${kind}.csv`, csv);
    expect(fields.slice(0, 5)).toEqual(['要素编号', '名称', label('permit_no'), label('site_type'), label('status')]);
    expect(fields).toEqual(expect.arrayContaining(['示意数据', '经度', '纬度', label('above_scale'), label('start_date')]));
    expect(new Set(fields).size).toBe(fields.length);
    expect(fields.filter((f) => /^[a-z_]+$/.test(f))).toEqual([]);
    const byName = new Map(features.map((f) => [f.名称, f]));
    for (const s of SITES) {
      const row = byName.get(s.name)!;
      for (const key of ['site_type', 'status', 'above_scale', 'video', 'start_date'] as const)
        expect(row[label(key)] ?? '', `${s.name} ${key}`).toBe(words(key, s[key as keyof typeof s]));
      expect(row.示意数据).toBe('否');
    }
    // the formula guard still applies to text
    expect(byName.get('示意 甲工地')![label('developer')]).toBe("'=1+2");
    // csv-parse agrees on the header row (after the BOM)
    const [header] = parse(csv.replace(/^\uFEFF/, ''), { to: 1 }) as string[][];
    expect(header).toEqual(fields);
  });

  it('CSV without labels keeps the machine keys and values (round trips)', async () => {
    const { fields, features } = await ogr(`keys-${kind}.csv`, await text('/api/layers/construction_sites/export.csv'));
    expect(fields.slice(0, 5)).toEqual(['id', 'name', 'permit_no', 'site_type', 'status']);
    expect(features.map((f) => f.status).sort()).toEqual(['active', 'finished', 'suspended']);
    const keys = await text('/api/layers/construction_sites/export.csv?labels=keys');
    expect(keys.split('\r\n')[0]).toBe(`\uFEFF${fields.join(',')}`);
  });

  it('KML with labels=zh: each placemark describes itself in Chinese; ExtendedData keeps the keys', async () => {
    const kml = await text('/api/layers/construction_sites/export.kml?labels=zh');
    const { features } = await ogr(`zh-${kind}.kml`, kml);
    expect(features).toHaveLength(SITES.length);
    for (const f of features) {
      const s = SITES.find((x) => x.name === f.Name)!;
      const cells = new DOMParser().parseFromString(`<r>${f.description}</r>`, 'text/xml').getElementsByTagName('tr');
      const table = new Map(Array.from(cells).map((tr) => [tr.getElementsByTagName('th')[0]!.textContent, tr.getElementsByTagName('td')[0]!.textContent]));
      expect(table.get(label('site_type'))).toBe(words('site_type', s.site_type));
      expect(table.get(label('status'))).toBe(words('status', s.status));
      expect(table.get('示意数据')).toBe('否');
      if (s.above_scale !== undefined) expect(table.get(label('above_scale'))).toBe(words('above_scale', s.above_scale));
      else expect(table.has(label('above_scale'))).toBe(false);
    }
    const doc = new DOMParser().parseFromString(kml, 'text/xml');
    const data = Array.from(doc.getElementsByTagName('Data')).filter((d) => d.getAttribute('name') === 'status');
    expect(data.map((d) => d.getElementsByTagName('value')[0]!.textContent).sort()).toEqual(['active', 'finished', 'suspended']);
    // without labels: no descriptions
    expect(await text('/api/layers/construction_sites/export.kml')).not.toContain('<description>');
  });

  it('labels=zh combines with violations=only (违规 only, as exports keep by default)', async () => {
    const csv = await text('/api/layers/construction_sites/export.csv?labels=zh&violations=only');
    const ids = (await request(app).get('/api/violations?layer=construction_sites&outcome=violation').expect(200)).body.violations.map(
      (v: { featureId: string }) => v.featureId,
    );
    const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.要素编号).sort()).toEqual([...new Set(ids as string[])].sort());
  });

  it('a labels=zh CSV or KML still imports back: the importer reads Chinese headers and labels', async () => {
    const csv = await getBuffer(app, '/api/layers/construction_sites/export.csv?labels=zh').expect(200);
    const before = await readLayer(db(), 'construction_sites');
    const res = await postImport(app, 'construction_sites', { name: 'zh.csv', data: csv.body as Buffer }, 'mode=replace').expect(200);
    expect(res.body.rejected).toEqual([]);
    expect(JSON.stringify(res.body.warnings)).not.toMatch(/要素编号|示意数据/);
    const same = (fs: Awaited<ReturnType<typeof readLayer>>) => fs.map((f) => [f.name, f.properties, f.geometry]);
    expect(same(await readLayer(db(), 'construction_sites'))).toEqual(same(before));
    // and the KML: its description is presentation, ExtendedData carries the keys
    const kml = await getBuffer(app, '/api/layers/construction_sites/export.kml?labels=zh').expect(200);
    const again = await postImport(app, 'construction_sites', { name: 'zh.kml', data: kml.body as Buffer }, 'mode=replace').expect(200);
    expect(again.body.rejected).toEqual([]);
    expect(same(await readLayer(db(), 'construction_sites'))).toEqual(same(before));
  });

  it.each([
    ['geojson', 'labels=zh'],
    ['shp.zip', 'labels=zh'],
    ['csv', 'labels=en'],
    ['csv', 'labels=zh&labels=zh'],
  ])('export.%s?%s is a 400 INVALID_PARAMETER', async (ext, qs) => {
    const res = await request(app).get(`/api/layers/construction_sites/export.${ext}?${qs}`).expect(400);
    expect(res.body.error.code).toBe('INVALID_PARAMETER');
  });
});
