/**
 * The ledger as files to hand to a street office: GeoJSON, CSV (UTF-8 BOM, formula cells
 * neutralised) and XLSX (exceljs) with Chinese headers, one sheet of cases and one of transitions.
 */
import { stringify } from 'csv-stringify/sync';
import { guard } from '../io/formats/csv.ts';
import { streetHeader } from '../layers/layer-catalogue.service.ts';
import type { CaseView } from './cases.contract.ts';
import type { TransitionRow } from './cases.repo.ts';
import { STATUS_LABELS, type Status } from './cases.workflow.ts';
import { featureCollectionText } from '../../lib/feature-collection.ts';
import { loadExcelJS } from '../../lib/lazy-packages.ts';

type ExportCase = CaseView & { geometry: string };
type ExportTransition = TransitionRow & { case_id: number };

const STREET_HEADER = '街道办事处';
const label = (s: Status | null) => (s === null ? '' : STATUS_LABELS[s].zh);
const yesNo = (b: boolean | null) => (b === null ? '' : b ? '是' : '否');

/** Case columns: header, then the cell of one case. */
const CASE_COLUMNS: ReadonlyArray<[string, (c: ExportCase) => string | number]> = [
  ['案件编号', (c) => c.id],
  ['问题线索', (c) => c.title],
  ['规则', (c) => c.rule ?? ''],
  ['条款', (c) => c.article ?? ''],
  ['图层', (c) => c.layer ?? ''],
  ['要素编号', (c) => c.featureId ?? ''],
  [STREET_HEADER, (c) => c.streetName ?? ''],
  ['街道代码', (c) => c.streetCode ?? ''],
  ['责任单位', (c) => c.unit],
  ['承办人', (c) => c.assignee],
  ['整改期限', (c) => c.deadline],
  ['状态', (c) => label(c.status)],
  ['是否逾期', (c) => yesNo(c.overdue)],
  ['规则是否仍列出', (c) => yesNo(c.detected)],
  ['经度', (c) => c.lng],
  ['纬度', (c) => c.lat],
  ['立案人', (c) => c.createdBy],
  ['立案时间', (c) => c.createdAt],
  ['最后更新人', (c) => c.updatedBy],
  ['最后更新时间', (c) => c.updatedAt],
];

/** The headers, the street office's marked while the street boundaries are demo data. */
const caseHeaders = (streetsDemo: boolean) => CASE_COLUMNS.map(([h]) => (h === STREET_HEADER ? streetHeader(h, streetsDemo) : h));

const TRANSITION_COLUMNS: ReadonlyArray<[string, (t: ExportTransition) => string | number]> = [
  ['案件编号', (t) => t.case_id],
  ['时间', (t) => t.at],
  ['办理人', (t) => t.username],
  ['原状态', (t) => label(t.from_status)],
  ['新状态', (t) => label(t.to_status)],
  ['说明', (t) => t.note],
  ['强制销号', (t) => (t.override ? '是' : '')],
];

export function casesGeoJson(cases: readonly ExportCase[]): string {
  const features = cases.map(({ geometry, ...props }) => `{"type":"Feature","id":${props.id},"geometry":${geometry},"properties":${JSON.stringify(props)}}`);
  return featureCollectionText(features, { name: 'cases' });
}

export function casesCsv(cases: readonly ExportCase[], streetsDemo: boolean): string {
  const rows = cases.map((c) => CASE_COLUMNS.map(([, cell]) => guard(cell(c))));
  return `\uFEFF${stringify([caseHeaders(streetsDemo), ...rows])}`;
}

export async function casesXlsx(cases: readonly ExportCase[], transitions: readonly ExportTransition[], streetsDemo: boolean): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const book = new ExcelJS.Workbook();
  book.creator = '平城区大气污染防治空间管理';
  const sheet = (name: string, headers: string[], rows: (string | number)[][]) => {
    const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(headers).font = { bold: true };
    for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? guard(v) : v)));
    for (const col of ws.columns) col.width = 16;
  };
  sheet(
    '案件',
    caseHeaders(streetsDemo),
    cases.map((c) => CASE_COLUMNS.map(([, cell]) => cell(c))),
  );
  sheet(
    '流转记录',
    TRANSITION_COLUMNS.map(([h]) => h),
    transitions.map((t) => TRANSITION_COLUMNS.map(([, cell]) => cell(t))),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}
