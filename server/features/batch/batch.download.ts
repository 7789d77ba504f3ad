/**
 * The screening as files: XLSX (Chinese headers, the input's own columns kept, one sheet of results
 * and one of rejected rows) and GeoJSON (one point per screened row, flat properties for desktop GIS).
 */
import ExcelJS from 'exceljs';
import { DISTANCE_LAYER_IDS } from '../check/distance.service.ts';
import { findLayer } from '../layers/catalogue/index.ts';
import { streetHeader } from '../layers/layer-catalogue.service.ts';
import type { Screening } from './batch.service.ts';
import { articleZh } from '../../lib/articles.ts';

const layerTitle = (id: string) => findLayer(id)?.title.zh ?? id;

/** Input columns in order of first appearance across the rows. */
function columnsOf(rows: readonly { columns?: Record<string, unknown>; input?: Record<string, unknown> }[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.columns ?? r.input ?? {})) seen.add(k);
  return [...seen];
}

const cell = (v: unknown): ExcelJS.CellValue => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
};

export const RESULT_SHEET = '筛查结果';
export const REJECTED_SHEET = '未通过行';

export async function screeningXlsx(s: Screening, streetsDemo: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '平城区大气污染防治空间管理';
  wb.created = new Date();
  const inputCols = columnsOf(s.results);
  const ws = wb.addWorksheet(RESULT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const distCols = DISTANCE_LAYER_IDS.map((l) => `距${layerTitle(l)}边界（米）`);
  ws.addRow([
    '行号',
    ...inputCols,
    '经度（WGS84）',
    '纬度（WGS84）',
    streetHeader('街道办事处', streetsDemo),
    '所在区域',
    '适用要求（条款）',
    ...distCols,
    `临近边界（${s.nearM} 米内）`,
    '提示',
  ]).font = { bold: true };
  for (const r of s.results) {
    ws.addRow([
      r.row,
      ...inputCols.map((c) => cell(r.columns[c])),
      r.point.lng,
      r.point.lat,
      r.street?.name ?? '',
      r.zones
        .filter((z) => z.layer !== 'streets')
        .map((z) => `${layerTitle(z.layer)}：${z.name}`)
        .join('；'),
      r.rules.map((x) => `${articleZh(x.article)} ${String((x as { zh?: unknown }).zh ?? x.id)}`).join('\n'),
      ...DISTANCE_LAYER_IDS.map((l) => r.distances[l] ?? null),
      r.near.map(layerTitle).join('、'),
      r.warnings.map((w) => w.zh).join('\n'),
    ]);
  }
  for (const c of ws.columns) c.width = 16;

  const rejCols = columnsOf(s.rejected);
  const rj = wb.addWorksheet(REJECTED_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  rj.addRow(['行号', '代码', '原因', ...rejCols]).font = { bold: true };
  for (const r of s.rejected) rj.addRow([r.row, r.code, r.reasonZh, ...rejCols.map((c) => cell(r.input[c]))]);
  for (const c of rj.columns) c.width = 18;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function screeningGeojson(s: Screening) {
  return {
    type: 'FeatureCollection' as const,
    features: s.results.map((r) => ({
      type: 'Feature' as const,
      id: r.row,
      geometry: { type: 'Point' as const, coordinates: [r.point.lng, r.point.lat] },
      properties: {
        ...r.columns,
        row: r.row,
        ...(r.id !== undefined ? { id: r.id } : {}),
        ...(r.name !== undefined ? { name: r.name } : {}),
        street: r.street?.name ?? null,
        zones: r.zones.map((z) => `${z.layer}:${z.id}`).join(','),
        rules: r.rules.map((x) => x.id).join(','),
        ...Object.fromEntries(DISTANCE_LAYER_IDS.map((l) => [`dist_${l}`, r.distances[l] ?? null])),
        near: r.near.join(','),
        warnings: r.warnings.map((w) => w.code).join(','),
      },
    })),
  };
}
