/**
 * Excel workbooks (XLSX) in. The registers the bureau keeps (工地台账, 企业名录) arrive as Excel: the
 * chosen worksheet (`sheet=`: its name or its 1-based number; default the first) is written out as
 * UTF-8 CSV in the import's scratch directory and read by the CSV reader, so an XLSX file gets the
 * same header finding (title rows skipped), coordinate columns (decimal or 度分秒), field mapping,
 * CRS detection and report as a CSV file. exceljs reads the whole workbook into memory, hence the
 * size cap (XLSX_MAX_BYTES): registers are thousands of rows, not millions.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import { DomainError, inputError } from '../../../lib/errors.ts';
import { loadExcelJS } from '../../../lib/lazy-packages.ts';
import { csvFormat } from './csv.ts';
import type { ImportFormat, SourceFile } from './format.ts';

/** Largest XLSX file read (bytes): exceljs holds the workbook in memory. */
export const XLSX_MAX_BYTES = 30 * 1024 * 1024;

/** Does this zip archive look like an Office Open XML spreadsheet? */
export const isXlsxArchive = (entries: readonly string[]) => entries.includes('[Content_Types].xml') && entries.some((n) => n.startsWith('xl/'));

const malformed = (why: string) =>
  inputError('MALFORMED_FILE', { zh: `XLSX 文件无法读取：${why.slice(0, 200)}`, en: `Unreadable XLSX file: ${why.slice(0, 200)}` });

/** A spreadsheet cell as the text a CSV export of it would hold (dates as YYYY-MM-DD, formulas by their result). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return String(v);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v) return cellText((v.result ?? '') as ExcelJS.CellValue);
  if ('text' in v) return String(v.text);
  return '';
}

export interface SheetCsv {
  /** The CSV file written beside the upload. */
  path: string;
  size: number;
  /** The worksheet read, and every worksheet's name in workbook order (for the dialog's sheet choice). */
  sheet: string;
  sheets: string[];
  rows: number;
}

function pickSheet(wb: ExcelJS.Workbook, wanted: string | undefined): ExcelJS.Worksheet {
  const sheets = wb.worksheets;
  if (sheets.length === 0) throw malformed('no worksheet');
  if (wanted === undefined || wanted === '') return sheets[0]!;
  const byName = sheets.find((s) => s.name === wanted.trim());
  if (byName) return byName;
  const n = /^\d{1,3}$/.test(wanted.trim()) ? Number(wanted.trim()) : 0;
  if (n >= 1 && n <= sheets.length) return sheets[n - 1]!;
  throw inputError(
    'UNKNOWN_SHEET',
    {
      zh: `工作簿中没有工作表「${wanted.slice(0, 60)}」：可选 ${sheets.map((s) => s.name).join('、')}`,
      en: `The workbook has no worksheet "${wanted.slice(0, 60)}": it has ${sheets.map((s) => s.name).join(', ')}`,
    },
    { sheets: sheets.map((s) => s.name) },
  );
}

/** One worksheet of an XLSX workbook, written out as UTF-8 CSV in `workDir`; `maxRows` caps it (413 past it). */
export async function xlsxToCsv(file: { path: string; size: number; workDir: string; sheet?: string }, opts: { maxRows?: number; tooMany?: () => Error } = {}) {
  if (file.size > XLSX_MAX_BYTES)
    throw new DomainError('XLSX_TOO_LARGE', {
      zh: `XLSX 文件超过 ${XLSX_MAX_BYTES / 1024 / 1024} MB：请另存为 CSV 后导入`,
      en: `XLSX files above ${XLSX_MAX_BYTES / 1024 / 1024} MB are not read: save the sheet as CSV and import that`,
    });
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.readFile(file.path);
  } catch (err) {
    throw malformed((err as Error).message);
  }
  const sheet = pickSheet(wb, file.sheet);
  if (opts.maxRows !== undefined && sheet.rowCount > opts.maxRows) throw (opts.tooMany ?? (() => malformed('too many rows')))();
  const path = join(file.workDir, 'sheet.csv');
  const out = createWriteStream(path);
  const csv = stringify();
  csv.pipe(out);
  const width = sheet.columnCount;
  let rows = 0;
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(r.getCell(c).value));
    csv.write(cells);
    rows++;
  });
  csv.end();
  await finished(out);
  const result: SheetCsv = { path, size: (await stat(path)).size, sheet: sheet.name, sheets: wb.worksheets.map((s) => s.name), rows };
  return result;
}

export const xlsxFormat: ImportFormat = {
  id: 'xlsx',
  title: 'Excel (XLSX)',
  extensions: ['.xlsx'],
  sniff: (file) => !!file.zipEntries && isXlsxArchive(file.zipEntries),

  async open(file: SourceFile) {
    const sheet = await xlsxToCsv(file);
    if (sheet.rows === 0) throw malformed(`worksheet "${sheet.sheet}" is empty`);
    const csv = await csvFormat.open({ ...file, path: sheet.path, filename: 'sheet.csv', size: sheet.size, head: Buffer.alloc(0) });
    const { encoding: _utf8, ...rest } = csv;
    return {
      ...rest,
      format: 'xlsx',
      notes: [
        {
          code: 'XLSX_SHEET',
          zh: `读取工作表「${sheet.sheet}」${sheet.sheets.length > 1 ? `（共 ${sheet.sheets.length} 个工作表，可用 sheet= 选择）` : ''}`,
          en: `Read worksheet "${sheet.sheet}"${sheet.sheets.length > 1 ? ` (the workbook has ${sheet.sheets.length}; choose another with sheet=)` : ''}`,
          sheet: sheet.sheet,
          sheets: sheet.sheets,
        },
        ...csv.notes,
      ],
    };
  },
};

/**
 * The first worksheet of an XLSX workbook written out as UTF-8 CSV in `workDir`, streamed: exceljs'
 * WorkbookReader hands over one row at a time (only the shared-string table is held), so the
 * workbook is never in memory and XLSX_MAX_BYTES does not apply (batch screening's site lists of
 * 100 000 rows). `maxRows` caps the rows read (`tooMany()` is thrown past it, before the rest is read).
 */
export async function xlsxToCsvStreaming(file: { path: string; workDir: string }, opts: { maxRows: number; tooMany: () => Error }) {
  const reader = new (await loadExcelJS()).stream.xlsx.WorkbookReader(file.path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // The reader takes a worksheet's name from the workbook part (xl/workbook.xml) and reads
  // `model.sheets` before that part has given it a model when the worksheet comes first in the zip
  // after the shared strings (the order of the parts is the writer's choice): it throws. An empty
  // model until the part arrives keeps it reading; the worksheet keeps its default name, which
  // nothing here uses.
  (reader as unknown as { model?: { sheets: unknown[] } }).model ??= { sheets: [] };
  const path = join(file.workDir, 'sheet.csv');
  const out = createWriteStream(path);
  const csv = stringify();
  csv.pipe(out);
  let rows = 0;
  let sheets = 0;
  try {
    for await (const ws of reader) {
      // the first worksheet only; the others are read past (the zip is one stream)
      const first = sheets++ === 0;
      for await (const r of ws as AsyncIterable<ExcelJS.Row>) {
        if (!first) continue;
        if (++rows > opts.maxRows) throw opts.tooMany();
        const cells: string[] = [];
        for (let c = 1; c <= r.cellCount; c++) cells.push(cellText(r.getCell(c).value));
        if (!csv.write(cells)) await once(csv, 'drain');
      }
    }
  } catch (err) {
    csv.destroy();
    out.destroy();
    if (err instanceof DomainError) throw err;
    throw malformed((err as Error).message);
  }
  if (sheets === 0) throw malformed('no worksheet');
  csv.end();
  await finished(out);
  return { path, size: (await stat(path)).size, rows };
}
