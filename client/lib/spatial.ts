/**
 * The planner's tools, pure: measured lengths and areas (geodesic, on the WGS84 sphere turf uses),
 * a buffer around a point, the features of a layer inside an area, and the rows of a selection as
 * GeoJSON or CSV for download.
 */
import { area, booleanIntersects, booleanPointInPolygon, circle, length } from '@turf/turf';

export type Area = GeoJSON.Polygon | GeoJSON.MultiPolygon;

/** Length of a line in metres. */
export function lineLengthM(line: GeoJSON.LineString): number {
  return length({ type: 'Feature', geometry: line, properties: {} }, { units: 'kilometers' }) * 1000;
}

/** Area of a polygon in square metres. */
export function areaM2(g: Area): number {
  return area({ type: 'Feature', geometry: g, properties: {} });
}

/** A circle of `radiusM` metres around a point (a 64-sided polygon, every vertex on the circle). */
export function bufferAround(at: { lng: number; lat: number }, radiusM: number): GeoJSON.Polygon {
  return circle([at.lng, at.lat], radiusM / 1000, { units: 'kilometers', steps: 64 }).geometry;
}

/** The features lying in (points) or touching (lines, polygons) the area, in their order. */
export function featuresIn<F extends GeoJSON.Feature>(within: Area, features: readonly F[]): F[] {
  const shape: GeoJSON.Feature<Area> = { type: 'Feature', geometry: within, properties: {} };
  return features.filter((f) => {
    if (!f.geometry) return false;
    if (f.geometry.type === 'Point') return booleanPointInPolygon(f.geometry.coordinates, shape);
    return booleanIntersects(f, shape);
  });
}

/** A length for people: metres below 1 km, else kilometres. */
export function formatLength(m: number, num: (value: number, digits?: number) => string): string {
  return m < 1000 ? `${num(Math.round(m))} m` : `${num(m / 1000, 2)} km`;
}

const CSV_FORMULA = /^[=+\-@\t\r]/;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // a spreadsheet must not run a cell as a formula (the server's CSV export does the same)
  if (CSV_FORMULA.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Rows as CSV (UTF-8 with BOM, so Excel reads Chinese): layer, id, the given columns, and the
 * longitude/latitude of a point (empty for other shapes).
 */
export function rowsToCsv(rows: readonly { layer: string; feature: GeoJSON.Feature }[], columns: readonly { key: string; label: string }[]): string {
  const head = ['layer', 'id', ...columns.map((c) => c.label), 'lng', 'lat'];
  const lines = [head.map(csvCell).join(',')];
  for (const { layer, feature } of rows) {
    const p = (feature.properties ?? {}) as Record<string, unknown>;
    const pt = feature.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
    lines.push([layer, feature.id, ...columns.map((c) => p[c.key]), pt?.[0], pt?.[1]].map(csvCell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Rows as an RFC 7946 FeatureCollection, each feature keeping its id and saying its layer. */
export function rowsToGeoJson(rows: readonly { layer: string; feature: GeoJSON.Feature }[]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: rows.map(({ layer, feature }) => ({ ...feature, properties: { ...feature.properties, layer } })),
  });
}
