/**
 * A site list as a table in the browser, for the column-mapping step: XLSX (the first worksheet,
 * exceljs loaded only when a workbook is picked), CSV (UTF-8, or GBK as Excel on zh-CN Windows
 * saves it; comma, semicolon, tab or pipe; a title row above the header skipped) or GeoJSON (the
 * features' properties, each point's position from its geometry). The parsers load on first use.
 */
import type { Cell, Table } from './columnMapping.ts';

export type TableFormat = 'xlsx' | 'csv' | 'geojson';

export interface ReadTable extends Table {
  format: TableFormat;
  encoding?: 'utf-8' | 'gbk';
  /** Rows above the header that were skipped (a title such as 平城区新建项目台账). */
  titleRows: number;
}

export class TableError extends Error {
  constructor(
    readonly reason: 'type' | 'empty' | 'unreadable',
    detail = '',
  ) {
    super(detail || reason);
  }
}

export const TABLE_EXTENSIONS = ['.xlsx', '.csv', '.txt', '.geojson', '.json'] as const;

export function tableFormatOf(name: string): TableFormat | undefined {
  const n = name.toLowerCase();
  if (n.endsWith('.xlsx')) return 'xlsx';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'geojson';
  return undefined;
}

/** Bytes as text: UTF-8 when they are valid UTF-8 (BOM dropped), else GBK. */
function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

const filled = (r: readonly Cell[]) => r.filter((c) => c !== null && String(c).trim() !== '').length;

/**
 * Records (first row possibly a title) → table: the header is the first of the first ten rows with
 * as many filled cells as the widest of them; blank rows are dropped; empty or repeated header
 * names get a column letter.
 */
export function recordsToTable(records: readonly Cell[][]): { headers: string[]; rows: Record<string, Cell>[]; titleRows: number } {
  const head = records.slice(0, 10);
  const widest = Math.max(0, ...head.map(filled));
  const at = head.findIndex((r) => filled(r) === widest && widest > 0);
  if (at < 0) throw new TableError('empty');
  const width = Math.max(...records.map((r) => r.length));
  const headers: string[] = [];
  for (let c = 0; c < width; c++) {
    let h = String(records[at]![c] ?? '').trim() || `列${c + 1}`;
    while (headers.includes(h)) h = `${h}_${c + 1}`;
    headers.push(h);
  }
  const rows = records
    .slice(at + 1)
    .filter((r) => filled(r) > 0)
    .map((r) => Object.fromEntries(headers.map((h, c) => [h, r[c] ?? null])) as Record<string, Cell>);
  return { headers, rows, titleRows: at };
}

function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 12).filter((l) => l.trim() !== '');
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const score = lines.reduce((s, l) => s + l.replace(/"[^"]*"/g, '').split(d).length - 1, 0);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

async function readCsv(bytes: Uint8Array): Promise<ReadTable> {
  const { parse } = await import('csv-parse/browser/esm/sync');
  const { text, encoding } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new TableError('unreadable', (err as Error).message);
  }
  // a cell a spreadsheet would run as a formula was written with a leading apostrophe
  return { format: 'csv', encoding, ...recordsToTable(records.map((r) => r.map((c) => c.replace(/^'(?=[=+\-@])/, '')))) };
}

type XlsxValue = null | undefined | string | number | boolean | Date | { [k: string]: unknown };

function xlsxCell(v: XlsxValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return v;
  if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join('');
  if ('result' in v) return xlsxCell(v.result as XlsxValue);
  if ('text' in v) return String(v.text);
  return null;
}

async function readXlsx(bytes: Uint8Array): Promise<ReadTable> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (err) {
    throw new TableError('unreadable', (err as Error).message);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new TableError('empty');
  const records: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(xlsxCell(r.getCell(c).value as XlsxValue));
    records.push(cells);
  });
  return { format: 'xlsx', ...recordsToTable(records) };
}

function readGeojson(bytes: Uint8Array): ReadTable {
  let fc: { type?: string; features?: { properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown } | null }[] };
  try {
    fc = JSON.parse(decodeText(bytes).text);
  } catch (err) {
    throw new TableError('unreadable', (err as Error).message);
  }
  const features = fc.type === 'FeatureCollection' && Array.isArray(fc.features) ? fc.features : fc.type === 'Feature' ? [fc as never] : null;
  if (!features) throw new TableError('unreadable', 'not a GeoJSON FeatureCollection');
  const headers: string[] = [];
  const rows = features.map((f) => {
    const props = f.properties ?? {};
    for (const k of Object.keys(props)) if (!headers.includes(k)) headers.push(k);
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v === null || typeof v !== 'object' ? (v as Cell) : JSON.stringify(v)]));
  });
  const positions = features.map((f) => {
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : undefined;
    return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? ([c[0], c[1]] as [number, number]) : null;
  });
  return { format: 'geojson', headers, rows, positions, titleRows: 0 };
}

export async function readTable(file: File): Promise<ReadTable> {
  const format = tableFormatOf(file.name);
  if (!format) throw new TableError('type');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const table = format === 'xlsx' ? await readXlsx(bytes) : format === 'csv' ? await readCsv(bytes) : readGeojson(bytes);
  if (table.rows.length === 0) throw new TableError('empty');
  return table;
}
