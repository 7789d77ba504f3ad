/**
 * Input coordinate systems the bureau's data arrives in, converted to WGS84 (EPSG:4326) for storage.
 * CGCS2000 geographic (EPSG:4490) differs from WGS84 by centimetres: treated as equal, as is usual.
 * GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are obfuscated datums; gcoord reverses them (iteratively,
 * about 1e-6° numerically). Gauss–Krüger projections go through proj4 with the EPSG definitions.
 */
import gcoord from 'gcoord';
import proj4 from 'proj4';
import { DISTRICT_BBOX_WIDE } from './district.ts';

export const CRS_IDS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'epsg4547', 'epsg4526'] as const;
export type CrsId = (typeof CRS_IDS)[number];

/** Projected systems take x = easting, y = northing (metres); geographic ones lng/lat (degrees). */
export const PROJECTED: ReadonlySet<CrsId> = new Set(['epsg4547', 'epsg4526']);

// EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E; EPSG:4526 the same with zone 38 in the easting.
proj4.defs('EPSG:4547', '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs');
proj4.defs('EPSG:4526', '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs');

export type Position = [number, number];

/** Convert one position (lng/lat or x/y per `crs`) to WGS84 [lng, lat]. */
export function toWgs84(crs: CrsId, a: number, b: number): Position {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return [a, b];
    case 'gcj02':
      return gcoord.transform([a, b], gcoord.GCJ02, gcoord.WGS84) as Position;
    case 'bd09':
      return gcoord.transform([a, b], gcoord.BD09, gcoord.WGS84) as Position;
    case 'epsg4547':
      return proj4('EPSG:4547', 'EPSG:4326', [a, b]) as Position;
    case 'epsg4526':
      return proj4('EPSG:4526', 'EPSG:4326', [a, b]) as Position;
  }
}

/** WGS84 → another system: the report map draws in EPSG:4547 metres; the CRS tests and the import fixtures write projected coordinates with it. */
export function fromWgs84(crs: CrsId, lng: number, lat: number): Position {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return [lng, lat];
    case 'gcj02':
      return gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02) as Position;
    case 'bd09':
      return gcoord.transform([lng, lat], gcoord.WGS84, gcoord.BD09) as Position;
    case 'epsg4547':
      return proj4('EPSG:4326', 'EPSG:4547', [lng, lat]) as Position;
    case 'epsg4526':
      return proj4('EPSG:4326', 'EPSG:4526', [lng, lat]) as Position;
  }
}

/** Inside Pingcheng's extent with a margin (server/lib/district.ts); used for sanity warnings, not rejection. */
export function insideDistrictExtent([lng, lat]: Position): boolean {
  const [w, s, e, n] = DISTRICT_BBOX_WIDE;
  return lng >= w && lng <= e && lat >= s && lat <= n;
}
