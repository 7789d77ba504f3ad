/** Clean-heating coverage of the built-up area (`/api/coverage`) and its gaps as polygons. */
import type { CoverageResponse, GapFeatureProperties } from '../../server/features/coverage/coverage.contract.ts';
import { apiUrl, getJson } from './http.ts';

export type { CoverageResponse, GapFeatureProperties } from '../../server/features/coverage/coverage.contract.ts';
export type GapCollection = GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, GapFeatureProperties>;

export function fetchCoverage(signal?: AbortSignal): Promise<CoverageResponse> {
  return getJson<CoverageResponse>('/api/coverage', {}, signal);
}

export function fetchCoverageGaps(signal?: AbortSignal): Promise<GapCollection> {
  return getJson<GapCollection>('/api/coverage/gaps.geojson', {}, signal);
}

/** Download link for the gap polygons. */
export function coverageGapsUrl(): string {
  return apiUrl('/api/coverage/gaps.geojson');
}
