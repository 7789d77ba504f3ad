/**
 * CSV in and out.
 * In: UTF-8 (with or without BOM), UTF-16 (BOM) or GBK; comma, semicolon, tab or pipe separated;
 * the header row is found by its coordinate columns (lon/lat, x/y, 经度/纬度, 东坐标/北坐标, or WKT),
 * so a title row above it ("平城区施工工地台账") is skipped. Coordinates may be decimal or 度分秒.
 * Out: UTF-8 with BOM (Excel on zh-CN Windows otherwise reads GBK), CRLF, a WKT column for every
 * layer and lon/lat for points; text cells that a spreadsheet would run as a formula are prefixed
 * with an apostrophe, which import strips again. `?labels=zh`: Chinese headers (经度/纬度 among
 * them) and enumeration labels, for reading (labels.ts).
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { geoJSONToWkt, wktToGeoJSON } from 'betterknown';
import type { Geometry as GeoJsonGeometry } from 'geojson';
import { DomainError } from '../../../lib/errors.ts';
import { decode, decodeStream, detectEncoding, readHead } from '../encoding.ts';
import { normaliseHeader } from '../fields.ts';
import { columnHeader, displayValue } from '../labels.ts';
import type { ImportWarning, RawFeature, RawGeometry } from '../io.types.ts';
import { malformedFile } from './errors.ts';
import type { CoordinateColumns, ExportFormat, ImportFormat } from './format.ts';

const LON = ['lon', 'lng', 'long', 'longitude', '经度', 'wgs84经度', 'gcj02经度', '经度坐标'];
const LAT = ['lat', 'latitude', '纬度', 'wgs84纬度', 'gcj02纬度', '纬度坐标'];
const X = ['x', 'easting', 'east', 'x坐标', '东坐标', '横坐标', 'point_x', 'coord_x'];
const Y = ['y', 'northing', 'north', 'y坐标', '北坐标', '纵坐标', 'point_y', 'coord_y'];
const WKT = ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '空间信息'];

interface Layout {
  delimiter: string;
  /**
   * The line the parser starts at: the header row's, past any title rows. csv-parse takes its
   * expected record length from the first record it reads, so starting at a one-cell title row made
   * every data row "inconsistent": relaxed, but each still built a CsvError (message, stack) first.
   */
  fromLine: number;
  /** Records to drop from there: the header row (1), or none when the file has no header. */
  skip: number;
  header: string[];
  a?: number;
  b?: number;
  wkt?: number;
}

const find = (cells: string[], names: string[]) => {
  const i = cells.findIndex((c) => names.includes(normaliseHeader(c)));
  return i < 0 ? undefined : i;
};

function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 10);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    // outside quotes only: a comma inside "大同市, 平城区" must not win
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    // most lines must have it (a title row above the header has none)
    const score = counts.filter((c) => c > 0).length * 2 >= counts.length ? counts.reduce((s, c) => s + c, 0) : 0;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

const rowsSkipped = (i: number): ImportWarning => ({
  code: 'ROWS_SKIPPED',
  zh: `跳过表头前的 ${i} 行（标题行）`,
  en: `Skipped ${i} row(s) above the header (title rows)`,
  rows: i,
});

const numeric = (s: string | undefined) => s !== undefined && s.trim() !== '' && Number.isFinite(Number(s));

function detectLayout(sample: string, notes: ImportWarning[], chosen?: CoordinateColumns): Layout {
  const delimiter = detectDelimiter(sample);
  const cut = sample.lastIndexOf('\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parseSync(cut > 0 ? sample.slice(0, cut) : sample, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to: 12,
      info: true,
    }) as unknown as typeof parsed;
  } catch (err) {
    // e.g. a quote never closed: the file's fault, not the server's
    throw malformedFile('CSV', (err as Error).message);
  }
  const records = parsed.map((p) => p.record);
  // the line after the record before (info.lines: the line a record ends on); empty lines between are skipped anyway
  const lineOf = (i: number) => (i === 0 ? 1 : parsed[i - 1]!.info.lines + 1);
  if (chosen) return chosenLayout(records, lineOf, delimiter, chosen, notes);
  for (let i = 0; i < Math.min(records.length, 10); i++) {
    const cells = records[i]!;
    const lon = find(cells, LON);
    const lat = find(cells, LAT);
    const x = find(cells, X);
    const y = find(cells, Y);
    const wkt = find(cells, WKT);
    const pair = lon !== undefined && lat !== undefined ? [lon, lat] : x !== undefined && y !== undefined ? [x, y] : undefined;
    if (pair || wkt !== undefined) {
      if (i > 0) notes.push(rowsSkipped(i));
      return { delimiter, fromLine: lineOf(i), skip: 1, header: cells, ...(pair ? { a: pair[0], b: pair[1] } : {}), ...(wkt !== undefined ? { wkt } : {}) };
    }
  }
  const first = records[0];
  if (first && numeric(first[0]) && numeric(first[1])) {
    notes.push({
      code: 'NO_HEADER',
      zh: '未找到表头：第1、2列按经度/X、纬度/Y读取',
      en: 'No header row: columns 1 and 2 are read as longitude/x and latitude/y',
    });
    return { delimiter, fromLine: 1, skip: 0, header: first.map((_, i) => (i === 0 ? 'x' : i === 1 ? 'y' : `column${i + 1}`)), a: 0, b: 1 };
  }
  throw new DomainError('NO_COORDINATE_COLUMNS', {
    zh: '未找到坐标列：需要 经度/纬度、lon/lat、x/y 或 WKT 列',
    en: 'No coordinate columns found: expected 经度/纬度, lon/lat, x/y or a WKT column',
  });
}

/** The header row is the first of the first ten that holds both chosen columns. */
function chosenLayout(records: string[][], lineOf: (i: number) => number, delimiter: string, chosen: CoordinateColumns, notes: ImportWarning[]): Layout {
  for (let i = 0; i < Math.min(records.length, 10); i++) {
    const cells = records[i]!.map((c) => c.trim());
    const a = cells.indexOf(chosen.x.trim());
    const b = cells.indexOf(chosen.y.trim());
    if (a < 0 || b < 0 || a === b) continue;
    if (i > 0) notes.push(rowsSkipped(i));
    return { delimiter, fromLine: lineOf(i), skip: 1, header: records[i]!, a, b };
  }
  throw new DomainError('MAPPED_COLUMN_MISSING', {
    zh: `文件中找不到指定的坐标列：${chosen.x}、${chosen.y}`,
    en: `The chosen coordinate columns are not in the file: ${chosen.x}, ${chosen.y}`,
  });
}

/** Decimal degrees, or 度分秒 such as 113°18′12.6″ / 113度18分12.6秒. */
export function parseCoordinate(raw: string): number {
  const s = raw.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  const m = /^([-+]?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分]\s*)?(?:(\d+(?:\.\d+)?)\s*(?:["″秒]|'')\s*)?([NSEW])?$/i.exec(s);
  if (!m) return Number.NaN;
  const v = Math.abs(Number(m[1])) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return m[1]!.startsWith('-') || /[SW]/i.test(m[4] ?? '') ? -v : v;
}

/** Undo our export's formula guard: `'=SUM(1)` was written for `=SUM(1)`. */
const unguard = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

function parseWkt(text: string): { geometry: RawGeometry | null; srid?: number; error?: string } {
  const m = /^\s*SRID=(\d+);/i.exec(text);
  const body = (m ? text.slice(m[0].length) : text).replace(/\s+/g, ' ').trim();
  try {
    return { geometry: wktToGeoJSON(body) as RawGeometry | null, ...(m ? { srid: Number(m[1]) } : {}) };
  } catch (err) {
    return { geometry: null, error: `WKT: ${(err as Error).message}` };
  }
}

function toRaw(cells: string[], layout: Layout, line: number): RawFeature {
  const properties: Record<string, unknown> = {};
  layout.header.forEach((h, i) => {
    if (i === layout.a || i === layout.b || i === layout.wkt) return;
    const v = cells[i];
    if (v !== undefined && v !== '') properties[h] = unguard(v);
  });
  const ra = layout.a !== undefined ? cells[layout.a]?.trim() : undefined;
  const rb = layout.b !== undefined ? cells[layout.b]?.trim() : undefined;
  if (ra && rb) {
    const a = parseCoordinate(ra);
    const b = parseCoordinate(rb);
    if (!Number.isFinite(a) || !Number.isFinite(b))
      return { geometry: null, properties, line, error: `coordinates "${ra.slice(0, 30)}", "${rb.slice(0, 30)}" are not numbers` };
    return { geometry: { type: 'Point', coordinates: [a, b] }, properties, line };
  }
  const wkt = layout.wkt !== undefined ? cells[layout.wkt]?.trim() : undefined;
  if (wkt) {
    const p = parseWkt(wkt);
    return { geometry: p.geometry, properties, line, ...(p.error ? { error: p.error } : {}) };
  }
  return { geometry: null, properties, line };
}

export const csvFormat: ImportFormat & ExportFormat = {
  id: 'csv',
  title: 'CSV',
  extensions: ['.csv', '.txt', '.tsv'],
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8',

  // the fallback: anything that is text and not JSON or XML
  sniff: (file) => !file.head.subarray(0, 4096).includes(0) || file.head[0] === 0xff || file.head[0] === 0xfe,

  async open(file) {
    const head = await readHead(file.path, 256 * 1024);
    const enc = detectEncoding(head);
    const notes: ImportWarning[] = [];
    if (enc.guessed)
      notes.push({
        code: 'ENCODING_GUESSED',
        zh: '文件不是 UTF-8，按 GBK（GB18030）读取',
        en: 'The file is not UTF-8; read as GBK (GB18030)',
        encoding: 'gbk',
      });
    const sample = decode(head.subarray(enc.bom), enc.encoding);
    const layout = detectLayout(sample, notes, file.columns);
    const srid = layout.a === undefined && layout.wkt !== undefined ? firstSrid(sample, layout) : undefined;
    return {
      format: 'csv',
      encoding: enc.encoding === 'gb18030' ? 'gbk' : enc.encoding,
      notes,
      ...(srid ? { declaredCrs: { source: 'ewkt', text: `EPSG:${srid}` } } : {}),
      async *features() {
        const input = createReadStream(file.path).pipe(decodeStream(enc.encoding));
        const records = input.pipe(
          parse({
            delimiter: layout.delimiter,
            from_line: layout.fromLine,
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true,
            info: true,
          }),
        );
        let n = 0;
        try {
          for await (const { record, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
            if (n++ < layout.skip) continue;
            if (record.every((c) => c.trim() === '')) continue;
            yield toRaw(record, layout, info.lines);
          }
        } catch (err) {
          if (err instanceof DomainError) throw err;
          throw malformedFile('CSV', (err as Error).message);
        }
      },
    };
  },

  humanLabels: true,

  async *write(layer, rows, { labels } = { labels: 'keys' }) {
    const point = layer.geometryType === 'Point';
    const keys = ['name', ...layer.attributes.map((a) => a.key)];
    const defs = keys.map((k) => layer.attributes.find((a) => a.key === k));
    const header = ['id', ...keys, 'is_demo', ...(point ? ['lon', 'lat'] : []), 'wkt'].map((k) => columnHeader(layer, k, labels));
    // booleans as words: csv-stringify's default ('1' / '') would turn false into "no value"
    // quote any cell with a line break: csv-stringify alone quotes only the record delimiter (CRLF), not a bare LF
    const line = (cells: unknown[]) => stringify([cells], { record_delimiter: '\r\n', quoted_match: /[\r\n]/, cast: { boolean: (b) => String(b) } });
    yield `\uFEFF${line(header)}`;
    let chunk = '';
    for await (const row of rows()) {
      const props = JSON.parse(row.props) as Record<string, unknown>;
      const geom = JSON.parse(row.geometry) as GeoJsonGeometry;
      const cells: unknown[] = [
        row.id,
        ...keys.map((k, i) => guard(displayValue(defs[i], props[k], labels))),
        displayValue(undefined, props.is_demo === true, labels),
      ];
      if (point && geom.type === 'Point') cells.push(geom.coordinates[0], geom.coordinates[1]);
      cells.push(geoJSONToWkt(geom));
      chunk += line(cells);
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  },
};

/**
 * Formula-injection guard (OWASP "CSV injection"): a text cell starting with = + - @ or a tab/CR is
 * run by Excel/WPS as a formula; an apostrophe makes it text. Numbers and booleans are ours and safe.
 */
export function guard(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function firstSrid(sample: string, layout: Layout): number | undefined {
  const m = /SRID=(\d+);/i.exec(sample);
  return m && layout.wkt !== undefined ? Number(m[1]) : undefined;
}
