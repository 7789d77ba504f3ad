/**
 * A per-row coordinate system: registers merged from several sources carry a column saying where
 * each row's coordinates came from (坐标系 = 百度 / 高德 / GPS / 4547…). GCJ-02 and BD-09 cannot be
 * told from WGS84 by their numbers (they differ by ≈ 500 m – 1 km), so such a column is the only
 * safe way to import a mixed file. The column is named by `crsColumn=`, or found by its header.
 * Values name one of the six systems the bureau uses (server/lib/crs.ts), by id, EPSG code or the
 * app or instrument the coordinates were read from.
 */
import { knownCrs, parseCrsText, type Crs } from './crs-resolve.ts';
import { normaliseHeader } from './fields.ts';
import type { CrsId } from '../../lib/crs.ts';

/** Headers taken as a CRS column without `crsColumn=`. */
const HEADERS = new Set(['crs', 'srid', '坐标系', '坐标系统', '坐标类型', '坐标来源', '坐标系类型']);

/** What people write for each system, normalised (lower-case, no spaces, - or _). */
const ALIASES: Record<string, CrsId> = {
  gps: 'wgs84',
  wgs: 'wgs84',
  天地图: 'wgs84',
  tianditu: 'wgs84',
  北斗: 'wgs84',
  国家2000: 'cgcs2000',
  '2000': 'cgcs2000',
  高德: 'gcj02',
  高德地图: 'gcj02',
  amap: 'gcj02',
  gaode: 'gcj02',
  腾讯: 'gcj02',
  腾讯地图: 'gcj02',
  tencent: 'gcj02',
  火星坐标: 'gcj02',
  国测局: 'gcj02',
  gcj: 'gcj02',
  百度: 'bd09',
  百度地图: 'bd09',
  baidu: 'bd09',
  bd09ll: 'bd09',
};

export const ROW_CRS_VALUES = 'wgs84/GPS/天地图, cgcs2000, gcj02/高德/腾讯, bd09/百度, 4547, 4526';

/** The system a cell names, or undefined when it names none of ours. */
export function rowCrs(value: unknown): Crs | undefined {
  const text = String(value ?? '').trim();
  if (!text) return undefined;
  const req = parseCrsText(text);
  if (req?.kind === 'id') return knownCrs(req.id);
  const alias = ALIASES[text.toLowerCase().replace(/[-_\s]/g, '')];
  return alias ? knownCrs(alias) : undefined;
}

/** The property key of a CRS column among `keys`: the one named (by normalised header), or one with a CRS-like header. */
export function findCrsColumn(keys: readonly string[], named: string | undefined): string | undefined {
  if (named !== undefined) return keys.find((k) => normaliseHeader(k) === normaliseHeader(named));
  return keys.find((k) => HEADERS.has(normaliseHeader(k)));
}
