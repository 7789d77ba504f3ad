/**
 * Where imported and edited data may lie: one rule for both (validateFeature in server/features/layers/feature-validation.ts).
 * The district's own extent (server/lib/crs.ts) is too tight as a rejection rule: ash yards of the plants that supply the city (塔山, ≈113.08°E 39.93°N) lie outside
 * it. The sane extent is the district with ≈ 40 km around it: anything beyond is a wrong CRS, swapped
 * axes or a typo, never a Pingcheng site.
 */
import { insideDistrictExtent } from './crs.ts';

type Pos = readonly [number, number];

export const SANE_EXTENT = { minLng: 112.8, minLat: 39.7, maxLng: 113.8, maxLat: 40.5 } as const;

export function insideSane([lng, lat]: Pos): boolean {
  const e = SANE_EXTENT;
  return lng >= e.minLng && lng <= e.maxLng && lat >= e.minLat && lat <= e.maxLat;
}

export function bboxInsideSane([x0, y0, x1, y1]: readonly [number, number, number, number]): boolean {
  return insideSane([x0, y0]) && insideSane([x1, y1]);
}

export function bboxInsideDistrict([x0, y0, x1, y1]: readonly [number, number, number, number]): boolean {
  return insideDistrictExtent([x0, y0]) && insideDistrictExtent([x1, y1]);
}

export const SANE_EXTENT_TEXT = `${SANE_EXTENT.minLng}–${SANE_EXTENT.maxLng}°E, ${SANE_EXTENT.minLat}–${SANE_EXTENT.maxLat}°N`;
