/** Clean-heating coverage and (when asked for) its gap polygons. */
import { fetchCoverage, fetchCoverageGaps, type CoverageResponse, type GapCollection } from '../api/coverage.ts';
import { useRefreshable, type Refreshable } from './useRefreshable.ts';

export function useCoverage(dataKey: string, enabled: boolean): Refreshable<CoverageResponse> {
  return useRefreshable((signal) => fetchCoverage(signal), dataKey, enabled);
}

export function useCoverageGaps(dataKey: string, enabled: boolean): Refreshable<GapCollection> {
  return useRefreshable((signal) => fetchCoverageGaps(signal), dataKey, enabled);
}

export { coverageGapsUrl } from '../api/coverage.ts';
