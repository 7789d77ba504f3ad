/**
 * The column-mapping step of a spreadsheet upload (batch screening, layer import): which column is
 * the name, the id, the address, the two coordinates and, when rows came from different sources,
 * the coordinate system. Guessed from the headers (名称/项目名称/name, 经度/lng/lon/x, 纬度/lat/y,
 * 坐标系/crs …), editable in the UI, remembered per purpose by the hook. Pure.
 */
import type { CrsId } from '../api/types.ts';
import { parseCoordinate } from './coords.ts';

export const ROLES = ['name', 'id', 'address', 'x', 'y', 'crs'] as const;
export type Role = (typeof ROLES)[number];
/** Role → the header of the column that holds it. */
export type ColumnMapping = Partial<Record<Role, string>>;

/** Lower case, no spaces, a trailing unit or note in brackets removed: "经度(GCJ-02)" → "经度". */
export function normaliseHeader(h: string): string {
  return h
    .trim()
    .replace(/[（(][^）)]*[）)]\s*$/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** Exact names first (in order of preference), then names that contain one of `contains`. */
const ALIASES: Record<Role, { exact: string[]; contains: string[] }> = {
  name: {
    exact: ['名称', 'name', '项目名称', '工地名称', '企业名称', '点位名称', '单位名称', '站点名称', '场所名称', '名字', 'title'],
    contains: ['名称'],
  },
  id: { exact: ['编号', 'id', 'code', '代码', '许可证号', '施工许可证号', '登记号', 'no', 'no.', 'fid'], contains: ['编号', '编码'] },
  address: { exact: ['地址', 'address', '详细地址', '位置', '所在地', 'addr'], contains: ['地址'] },
  x: {
    exact: ['经度', 'lng', 'lon', 'long', 'longitude', 'x', '东坐标', 'easting', 'x坐标', '横坐标', 'point_x', 'coord_x'],
    contains: ['经度', '东坐标'],
  },
  y: {
    exact: ['纬度', 'lat', 'latitude', 'y', '北坐标', 'northing', 'y坐标', '纵坐标', 'point_y', 'coord_y'],
    contains: ['纬度', '北坐标'],
  },
  crs: { exact: ['坐标系', 'crs', 'srs', '坐标系统', '坐标类型', 'epsg', '坐标来源'], contains: ['坐标系'] },
};

/**
 * The mapping guessed from the headers: `remembered` (the user's last mapping for this purpose)
 * wins for every role whose column this file has; each column serves one role at most.
 */
export function guessMapping(headers: readonly string[], remembered: ColumnMapping = {}): ColumnMapping {
  const out: ColumnMapping = {};
  const used = new Set<string>();
  const take = (role: Role, h: string | undefined) => {
    if (h === undefined || used.has(h)) return false;
    out[role] = h;
    used.add(h);
    return true;
  };
  for (const role of ROLES) if (remembered[role] !== undefined && headers.includes(remembered[role])) take(role, remembered[role]);
  const norm = headers.map(normaliseHeader);
  for (const role of ROLES) {
    if (out[role] !== undefined) continue;
    const { exact, contains } = ALIASES[role];
    let hit = exact.map((a) => headers[norm.indexOf(a)]).find((h) => h !== undefined && !used.has(h));
    hit ??= headers.find((h, i) => !used.has(h) && contains.some((c) => norm[i]!.includes(c)));
    take(role, hit);
  }
  return out;
}

/** A layer attribute as the import's column mapping offers it (the catalogue's key, label and type). */
export interface MappableAttribute {
  key: string;
  type: string;
  label: { zh: string; en: string };
}
/** Attribute key → the header of the column that holds it. */
export type AttributeMapping = Record<string, string>;

/**
 * The layer's attributes guessed from the headers the roles left (`taken`): the user's last mapping
 * for this layer first, then a header equal to an attribute's key, Chinese or English label (as the
 * server matches them: 施工单位 → contractor), then for text attributes a header holding the Chinese
 * label (施工单位名称 → contractor). Each column serves one attribute at most.
 */
export function guessAttributes(
  headers: readonly string[],
  attributes: readonly MappableAttribute[],
  taken: ReadonlySet<string>,
  remembered: AttributeMapping = {},
): AttributeMapping {
  const out: AttributeMapping = {};
  const used = new Set(taken);
  const norm = headers.map(normaliseHeader);
  const free = (test: (n: string) => boolean) => headers.find((h, i) => !used.has(h) && test(norm[i]!));
  const take = (key: string, h: string | undefined) => {
    if (h === undefined || used.has(h) || out[key] !== undefined) return;
    out[key] = h;
    used.add(h);
  };
  for (const a of attributes) if (remembered[a.key] !== undefined && headers.includes(remembered[a.key]!)) take(a.key, remembered[a.key]);
  for (const a of attributes) {
    const names = [a.key, a.label.zh, a.label.en].map(normaliseHeader);
    take(
      a.key,
      free((n) => names.includes(n)),
    );
  }
  for (const a of attributes) {
    const zh = normaliseHeader(a.label.zh);
    if (a.type === 'text' && zh.length >= 2)
      take(
        a.key,
        free((n) => n.includes(zh)),
      );
  }
  return out;
}

/** A coordinate system named in a header or a cell: "高德经度", "GCJ-02", "百度", "EPSG:4547", "2000坐标"… */
export function crsFromText(text: string): CrsId | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[-_\s:]/g, '');
  if (!t) return undefined;
  if (/gcj|高德|腾讯|火星|amap|tencent/.test(t)) return 'gcj02';
  if (/bd09|百度|baidu/.test(t)) return 'bd09';
  if (/4547/.test(t)) return 'epsg4547';
  if (/4526/.test(t)) return 'epsg4526';
  if (/cgcs2000|国家2000|2000坐标|4490/.test(t)) return 'cgcs2000';
  if (/wgs84|wgs|gps|天地图|4326|crs84/.test(t)) return 'wgs84';
  return undefined;
}

/** The coordinate system the numbers fit, as a suggestion: degrees, or Gauss–Krüger metres (with or without zone 38). */
export function guessCrsFromNumbers(pairs: readonly [number, number][]): CrsId | undefined {
  const fits = (test: (a: number, b: number) => boolean) => pairs.length > 0 && pairs.filter(([a, b]) => test(a, b)).length * 2 > pairs.length;
  if (fits((a, b) => Math.abs(a) <= 180 && Math.abs(b) <= 90)) return 'wgs84';
  if (fits((a) => a >= 38_000_000 && a < 39_000_000)) return 'epsg4526';
  if (fits((a, b) => a >= 200_000 && a < 800_000 && b >= 3_000_000 && b < 6_000_000)) return 'epsg4547';
  return undefined;
}

/** A cell as a number: decimal or 度分秒 text; null when it is neither. */
export function cellNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  return parseCoordinate(v.replace(/,(?=\d{3}(\D|$))/g, ''));
}

export type Cell = string | number | boolean | null;

export interface Table {
  headers: string[];
  rows: Record<string, Cell>[];
  /** GeoJSON: each row's point from its geometry (null when it has none or is not a point). */
  positions?: ([number, number] | null)[];
}

/** One row as the batch API's JSON point; coordinates it cannot read are sent as written, so the server rejects that row by number. */
export type BatchPointOut = Record<string, unknown>;

const PROJECTED: readonly CrsId[] = ['epsg4547', 'epsg4526'];

/**
 * The table as the batch API's `points`: the row's own columns kept (they return in the XLSX),
 * then name, id, the coordinates (lng/lat, or x/y for a projected system) and a row's own crs.
 */
export function toBatchPoints(table: Table, m: ColumnMapping, crs: CrsId): BatchPointOut[] {
  return table.rows.map((row, i) => {
    const out: BatchPointOut = { ...row };
    const text = (h: string | undefined) => (h === undefined || row[h] === null || row[h] === undefined ? undefined : String(row[h]).trim() || undefined);
    const name = text(m.name);
    const id = text(m.id);
    if (name !== undefined) out.name = name;
    if (id !== undefined) out.id = id;
    const own = m.crs !== undefined ? crsFromText(String(row[m.crs] ?? '')) : undefined;
    const rowCrs = own ?? crs;
    delete out.crs; // the column's own spelling ("高德") is not an id the API takes
    if (own && own !== crs) out.crs = own;
    const pos = table.positions?.[i];
    const [a, b]: [unknown, unknown] = pos ?? [
      m.x === undefined ? undefined : (cellNumber(row[m.x]) ?? row[m.x]),
      m.y === undefined ? undefined : (cellNumber(row[m.y]) ?? row[m.y]),
    ];
    const [ka, kb] = PROJECTED.includes(rowCrs) ? ['x', 'y'] : ['lng', 'lat'];
    delete out.x;
    delete out.y;
    delete out.lng;
    delete out.lat;
    if (a !== undefined && a !== null && a !== '') out[ka] = a;
    if (b !== undefined && b !== null && b !== '') out[kb] = b;
    return out;
  });
}

/** The first rows' coordinate pairs that read as numbers (for the CRS suggestion). */
export function samplePairs(table: Table, m: ColumnMapping, n = 50): [number, number][] {
  if (table.positions) return table.positions.filter((p): p is [number, number] => p !== null).slice(0, n);
  if (m.x === undefined || m.y === undefined) return [];
  const out: [number, number][] = [];
  for (const row of table.rows.slice(0, n)) {
    const a = cellNumber(row[m.x]);
    const b = cellNumber(row[m.y]);
    if (a !== null && b !== null) out.push([a, b]);
  }
  return out;
}

/** What is missing before the rows can be sent: the coordinates, and the name where it is required. */
export function missingRoles(table: Table, m: ColumnMapping, required: readonly Role[] = []): Role[] {
  const need: Role[] = [...required];
  if (!table.positions) need.push('x', 'y');
  return need.filter((r) => m[r] === undefined);
}
