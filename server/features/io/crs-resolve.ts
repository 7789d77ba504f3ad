/**
 * Turns whatever names a CRS — the `crs=` parameter, a GeoJSON `crs` member, a Shapefile .prj —
 * into a converter to WGS84. The six systems the bureau uses map onto server/lib/crs.ts (so the
 * site check and import agree to the last digit); any other EPSG code is looked up in PostGIS'
 * spatial_ref_sys (offline, both databases) and any other .prj WKT goes to proj4 directly.
 */
import proj4, { type Converter } from 'proj4';
import { DomainError } from '../../lib/errors.ts';
import { CRS_IDS, PROJECTED, toWgs84, type CrsId } from '../../lib/crs.ts';

export interface Crs {
  /** Our id (wgs84, epsg4547…), `EPSG:n` for other codes, or `prj` for an unrecognised .prj. */
  id: string;
  label: string;
  projected: boolean;
  toWgs84(a: number, b: number): [number, number];
}

export type CrsRequest = { kind: 'id'; id: CrsId } | { kind: 'epsg'; code: number } | { kind: 'wkt'; wkt: string };

export const unknownCrs = (what: string) =>
  new DomainError('UNKNOWN_CRS', { zh: `无法识别坐标系：${what}`, en: `Unrecognised coordinate reference system: ${what}` });

const LABELS: Record<CrsId, string> = {
  wgs84: 'WGS84 (EPSG:4326)',
  cgcs2000: 'CGCS2000 (EPSG:4490)',
  gcj02: 'GCJ-02 (高德/腾讯)',
  bd09: 'BD-09 (百度)',
  epsg4547: 'CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547)',
  epsg4526: 'CGCS2000 / 3-degree Gauss-Kruger zone 38 (EPSG:4526)',
};
const BY_CODE: Record<number, CrsId> = { 4326: 'wgs84', 4490: 'cgcs2000', 4547: 'epsg4547', 4526: 'epsg4526' };

export function knownCrs(id: CrsId): Crs {
  return { id, label: LABELS[id], projected: PROJECTED.has(id), toWgs84: (a, b) => toWgs84(id, a, b) };
}

/** Parses a CRS name in any of the spellings files and users write; undefined when it is none. */
export function parseCrsText(raw: string): CrsRequest | undefined {
  const text = raw.trim();
  const id = text.toLowerCase().replace(/[-_\s]/g, '');
  if ((CRS_IDS as readonly string[]).includes(id)) return { kind: 'id', id: id as CrsId };
  if (/^(crs84|urn:ogc:def:crs:ogc:1\.3:crs84|https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/1\.3\/crs84)$/i.test(text)) return { kind: 'id', id: 'wgs84' };
  const code =
    /^(?:epsg:?)?(\d{4,6})$/i.exec(text)?.[1] ??
    /^urn:ogc:def:crs:epsg:[\d.]*:(\d{4,6})$/i.exec(text)?.[1] ??
    /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/(\d{4,6})$/i.exec(text)?.[1];
  if (code) {
    const n = Number(code);
    return BY_CODE[n] ? { kind: 'id', id: BY_CODE[n] } : { kind: 'epsg', code: n };
  }
  if (/^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[/i.test(text)) return { kind: 'wkt', wkt: text };
  return undefined;
}

const param = (wkt: string, name: string): number | undefined => {
  const m = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+]+)`, 'i').exec(wkt);
  return m ? Number(m[1]) : undefined;
};

/**
 * Recognises the bureau's systems in a .prj (ESRI and OGC spellings differ: "Gauss_Kruger" vs
 * "Transverse_Mercator", "D_China_2000" vs "China_2000"), so they get the same converter as `crs=`.
 */
function fromWkt(wkt: string): Crs {
  const projected = /^\s*PROJ/i.test(wkt);
  const datum = /DATUM\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
  if (/beijing|1954|xian|xi_an|1980/i.test(datum))
    throw new DomainError('UNSUPPORTED_DATUM', {
      zh: `不支持北京54/西安80坐标系（${datum}）：请先转换为 CGCS2000`,
      en: `Beijing 1954 / Xi'an 1980 datums (${datum}) are not supported: convert to CGCS2000 first`,
    });
  const cgcs = /2000/.test(datum) && /china|cgcs/i.test(datum);
  const wgs = /wgs.?84|wgs_1984/i.test(datum);
  if (!projected && cgcs) return knownCrs('cgcs2000');
  if (!projected && wgs) return knownCrs('wgs84');
  if (projected && cgcs && /transverse_mercator|gauss_kruger|gauss kruger/i.test(wkt)) {
    const cm = param(wkt, 'central_meridian');
    const fe = param(wkt, 'false_easting');
    const k = param(wkt, 'scale_factor') ?? 1;
    if (cm === 114 && k === 1 && fe === 500000) return knownCrs('epsg4547');
    if (cm === 114 && k === 1 && fe === 38500000) return knownCrs('epsg4526');
  }
  return viaProj4(wkt, 'prj', /^\s*\w+\s*\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? 'custom .prj', projected);
}

function viaProj4(def: string, id: string, label: string, projected: boolean): Crs {
  let conv: Converter;
  try {
    conv = proj4(def, 'EPSG:4326');
  } catch {
    throw unknownCrs(label);
  }
  return { id, label, projected, toWgs84: (a, b) => conv.forward([a, b]) as [number, number] };
}

/** A PostGIS spatial_ref_sys lookup: proj4 text and whether the system is projected. */
export type SridLookup = (srid: number) => Promise<{ proj4text: string; projected: boolean } | undefined>;

export async function resolveCrs(req: CrsRequest, lookup: SridLookup): Promise<Crs> {
  if (req.kind === 'id') return knownCrs(req.id);
  if (req.kind === 'wkt') return fromWkt(req.wkt);
  const found = await lookup(req.code);
  if (!found?.proj4text) throw unknownCrs(`EPSG:${req.code}`);
  return viaProj4(found.proj4text, `EPSG:${req.code}`, `EPSG:${req.code}`, found.projected);
}
