/**
 * The coordinate reference systems the OGC API offers by reference (OGC API – Features Part 2):
 * features in any of them (`crs=`), bounding boxes (`bbox-crs=`) and filter geometries
 * (`filter-crs=`) given in any of them. Storage is EPSG:4326 in longitude/latitude order (CRS84).
 *
 * Axis order is the one each CRS defines, as Part 2 requires: CRS84 longitude, latitude; EPSG:4326
 * and EPSG:4490 (CGCS2000) latitude, longitude; EPSG:4547 and EPSG:4526 (CGCS2000 3-degree
 * Gauss–Krüger, CM 114°E) northing, easting. PostGIS always works in x/y (east, north) order, so
 * `swapped` marks the ones whose coordinates are flipped on the way in and out.
 */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

export interface OgcCrs {
  uri: string;
  srid: number;
  /** Degrees of longitude and latitude (else metres of a projection). */
  geographic: boolean;
  /** The CRS's first axis is north (latitude or northing): coordinates are y, x. */
  swapped: boolean;
  /** Decimals written: 9 for degrees (≈0.1 mm), 4 for metres. */
  digits: number;
  /** Where input coordinates are accepted, in x/y order (east, north): [minX, minY, maxX, maxY]. */
  bounds: [number, number, number, number];
}

const WORLD: OgcCrs['bounds'] = [-180, -90, 180, 90];
/** Gauss–Krüger CM 114°E over mainland China's latitudes, ±300 km from the meridian (x without the zone prefix). */
const gk = (falseEasting: number): OgcCrs['bounds'] => [falseEasting - 300_000, 1_500_000, falseEasting + 300_000, 6_000_000];

export const OGC_CRS: readonly OgcCrs[] = [
  { uri: CRS84, srid: 4326, geographic: true, swapped: false, digits: 9, bounds: WORLD },
  { uri: EPSG(4326), srid: 4326, geographic: true, swapped: true, digits: 9, bounds: WORLD },
  { uri: EPSG(4490), srid: 4490, geographic: true, swapped: true, digits: 9, bounds: WORLD },
  { uri: EPSG(4547), srid: 4547, geographic: false, swapped: true, digits: 4, bounds: gk(500_000) },
  { uri: EPSG(4526), srid: 4526, geographic: false, swapped: true, digits: 4, bounds: gk(38_500_000) },
];

export const OGC_CRS_URIS = OGC_CRS.map((c) => c.uri) as [string, ...string[]];

export const findOgcCrs = (uri: string): OgcCrs | undefined => OGC_CRS.find((c) => c.uri === uri);

/** [a, b] in the CRS's axis order → [x, y]. */
export const toXY = (crs: OgcCrs, a: number, b: number): [number, number] => (crs.swapped ? [b, a] : [a, b]);

export const insideBounds = (crs: OgcCrs, x: number, y: number): boolean =>
  x >= crs.bounds[0] && x <= crs.bounds[2] && y >= crs.bounds[1] && y <= crs.bounds[3];
