/**
 * Turns what a batch request carries — JSON `{"points": […]}` or an uploaded file — into numbered
 * rows in the input's own CRS. Files go through the importer's readers (server/features/io: CSV
 * with GBK and title-row handling and coordinate-column guessing, GeoJSON, KML, Shapefile) and its
 * CRS and axis-order detection; an XLSX workbook is written out as CSV and read by that same CSV
 * reader, so there is one CSV parser and one column guesser.
 */
import { DomainError, inputError } from '../../lib/errors.ts';
import type { CrsId } from '../../lib/crs.ts';
import { chooseCrs } from '../io/crs-detect.ts';
import { knownCrs, parseCrsText, type Crs } from '../io/crs-resolve.ts';
import { readHead } from '../io/encoding.ts';
import { normaliseHeader } from '../io/fields.ts';
import { csvFormat } from '../io/formats/csv.ts';
import type { SourceFile } from '../io/formats/format.ts';
import { detectFormat } from '../io/formats/index.ts';
import { isXlsxArchive, xlsxToCsvStreaming } from '../io/formats/xlsx.ts';
import { normaliseGeometry, type Pos } from '../io/geometry.ts';
import type { ImportWarning, RawFeature } from '../io/io.types.ts';
import type { UploadedFile } from '../io/import.service.ts';
import { LIMITS } from '../io/limits.ts';
import { isZip, listZip } from '../io/zip.ts';
import { BATCH_MAX_ROWS, batchPointSchema } from './batch.contract.ts';

export interface InputRow {
  row: number;
  id?: string;
  name?: string;
  /** lng/easting and lat/northing as given (before any axis swap). */
  a: number;
  b: number;
  /** The row's own CRS (JSON points with `crs`), else the input's. */
  crs?: Crs;
  /** The row's other columns, kept for the downloads. */
  input: Record<string, unknown>;
}

export interface InputRejected {
  row: number;
  code: string;
  reason: string;
  reasonZh: string;
  input: Record<string, unknown>;
}

export interface BatchInput {
  format: string;
  crs: Crs;
  /** Read lat/northing first: the reader swaps each row's a/b. */
  swap: boolean;
  notes: ImportWarning[];
  /**
   * Every data row in input order, read or rejected by the reader. Re-iterable, and never held
   * whole: a file is read again from disk on each pass (screening makes two), JSON points are the
   * request body already in memory. Past BATCH_MAX_ROWS rows it throws BATCH_TOO_LARGE.
   */
  items(): AsyncIterable<InputRow | InputRejected>;
}

const ID_ALIASES = new Set(['id', 'fid', '编号', '序号', '代码', '许可证号', 'code', 'no', 'no.']);
const NAME_ALIASES = new Set(['name', '名称', '名字', '站点名称', '单位名称', '工地名称', '项目名称', '企业名称']);

export const tooMany = () =>
  new DomainError('BATCH_TOO_LARGE', {
    zh: `一次最多筛查 ${BATCH_MAX_ROWS} 行，请拆分文件`,
    en: `At most ${BATCH_MAX_ROWS} rows per request: split the list`,
  });

export const isRejected = (item: InputRow | InputRejected): item is InputRejected => 'code' in item;

function pickLabel(props: Record<string, unknown>, aliases: ReadonlySet<string>): string | undefined {
  for (const [k, v] of Object.entries(props))
    if (aliases.has(normaliseHeader(k)) && v !== null && v !== undefined && String(v).trim() !== '') return String(v).trim();
  return undefined;
}

/** One JSON point: `crs` (the point's own, else the request's) says whether lng/lat or x/y is read. */
function jsonItem(raw: unknown, row: number, crs: Crs): InputRow | InputRejected {
  const input = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { value: raw };
  const p = batchPointSchema.safeParse(raw);
  if (!p.success) {
    const why = p.error.issues.map((x) => `${x.path.join('.') || 'point'}: ${x.message}`).join('; ');
    return { row, code: 'INVALID_POINT', reason: why, reasonZh: `点位格式无效：${why}`, input };
  }
  const own = p.data.crs !== undefined && p.data.crs !== crs.id ? knownCrs(p.data.crs) : undefined;
  const rowCrs = own ?? crs;
  const [a, b] = rowCrs.projected ? [p.data.x, p.data.y] : [p.data.lng, p.data.lat];
  if (a === undefined || b === undefined)
    return {
      row,
      code: 'MISSING_COORDINATES',
      reason: rowCrs.projected ? `${rowCrs.id} needs x (easting) and y (northing)` : 'lng and lat are required',
      reasonZh: rowCrs.projected ? `${rowCrs.id} 需要 x（东坐标）和 y（北坐标）` : '需要 lng（经度）和 lat（纬度）',
      input,
    };
  return {
    row,
    ...(p.data.id !== undefined ? { id: p.data.id } : {}),
    ...(p.data.name !== undefined ? { name: p.data.name } : {}),
    a,
    b,
    ...(own ? { crs: own } : {}),
    input,
  };
}

/** JSON points: `crs` (default WGS84) says whether lng/lat or x/y is read. */
export function readJsonPoints(points: readonly unknown[], crsId: CrsId | undefined): BatchInput {
  if (points.length > BATCH_MAX_ROWS) throw tooMany();
  const crs = knownCrs(crsId ?? 'wgs84');
  return {
    format: 'json',
    crs,
    swap: false,
    notes: [],
    async *items() {
      for (let i = 0; i < points.length; i++) yield jsonItem(points[i], i + 1, crs);
    },
  };
}

/** One feature a file reader yielded, as a row to screen or a rejection. */
function fileItem(f: RawFeature, row: number): InputRow | InputRejected {
  const props = f.properties;
  const reject = (code: string, reason: string, reasonZh: string): InputRejected => ({ row, code, reason, reasonZh, input: props });
  if (f.error) return reject('MALFORMED_GEOMETRY', f.error, `坐标无法解析：${f.error}`);
  if (!f.geometry) return reject('NO_GEOMETRY', 'the row has no coordinates', '该行没有坐标');
  const g = normaliseGeometry(f.geometry);
  if (!g.ok) return reject(g.code, g.reason, `几何无效：${g.reason}`);
  if (g.geometry.type !== 'Point') return reject('GEOMETRY_TYPE', `a ${g.geometry.type}, not a point`, `不是点（${g.geometry.type}）：批量筛查只接受点位`);
  const id = pickLabel(props, ID_ALIASES);
  const name = pickLabel(props, NAME_ALIASES);
  const [a, b] = g.geometry.coordinates;
  return { row, ...(id ? { id } : {}), ...(name ? { name } : {}), a, b, input: props };
}

/**
 * An uploaded file: format detected, CRS from `crs=`, the file's declaration or its numbers (the
 * first LIMITS.crsSample points). Read incrementally, per format:
 *  - CSV (UTF-8/GBK): csv-parse on a file stream, one record at a time;
 *  - XLSX: the first worksheet streamed by exceljs' WorkbookReader into a CSV scratch file (row by
 *    row; only the workbook's shared-string table is held), then read as CSV;
 *  - GeoJSON: the importer's scanner (geojson-scan.ts), one feature's text at a time;
 *  - KML/KMZ and zipped Shapefile: the importer's readers as they are (KML is a DOM, capped at
 *    LIMITS.maxKmlBytes; Shapefile records are read one by one).
 */
export async function readBatchFile(upload: UploadedFile, crsId: CrsId | undefined): Promise<BatchInput> {
  let file = upload;
  let head = await readHead(file.path, 64 * 1024);
  let zipEntries: string[] | undefined;
  let format: string | undefined;
  if (isZip(head)) {
    zipEntries = await listZip(file.path);
    if (isXlsxArchive(zipEntries)) {
      const sheet = await xlsxToCsvStreaming(file, { maxRows: BATCH_MAX_ROWS + 20, tooMany });
      file = { ...file, path: sheet.path, filename: 'sheet.csv', size: sheet.size };
      head = await readHead(file.path, 64 * 1024);
      zipEntries = undefined;
      format = 'xlsx';
    }
  }
  const source: SourceFile = { ...file, head, ...(zipEntries ? { zipEntries } : {}) };
  const reader = format === 'xlsx' ? csvFormat : detectFormat(source);
  const opened = await reader.open(source);
  async function* items(): AsyncGenerator<InputRow | InputRejected> {
    let n = 0;
    for await (const f of opened.features()) {
      if (++n > BATCH_MAX_ROWS) throw tooMany();
      yield fileItem(f, n);
    }
  }

  // CRS: crs= wins, then the file's declaration, then what the numbers fit; axis order by the numbers
  let given: { crs: Crs; source: 'override' | 'geojson-crs' | 'ewkt' | 'format' } | undefined;
  if (crsId) given = { crs: knownCrs(crsId), source: 'override' };
  else if (opened.declaredCrs && opened.declaredCrs.source !== 'prj') {
    const req = parseCrsText(opened.declaredCrs.text);
    if (req?.kind === 'id') given = { crs: knownCrs(req.id), source: opened.declaredCrs.source };
  }
  const sample: Pos[] = [];
  for await (const item of items()) {
    if (!isRejected(item)) sample.push([item.a, item.b]);
    if (sample.length >= LIMITS.crsSample) break;
  }
  const choice = chooseCrs(sample, given, 'auto');
  return { format: format ?? opened.format, crs: choice.crs, swap: choice.swap, notes: [...opened.notes, ...choice.warnings], items };
}

export const invalidBody = () =>
  inputError('INVALID_BODY', {
    zh: '请求体应为 {"points": [...]} 或 multipart 文件（字段 file）',
    en: 'Send {"points": [...]} as JSON or a multipart file in the field "file"',
  });
