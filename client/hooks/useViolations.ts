/** The rule catalogue and the violations for a filter, refetched when the data may have changed. */
import { fetchRules, fetchViolations, type RulesResponse, type ViolationFilter, type ViolationsResponse } from '../api/violations.ts';
import { useRefreshable, type Refreshable } from './useRefreshable.ts';

export function useRules(enabled: boolean): Refreshable<RulesResponse> {
  return useRefreshable((signal) => fetchRules(signal), 'rules', enabled);
}

/** `dataKey` changes whenever the underlying layers may have changed (revisions, a reopened tab). */
export function useViolations(filter: ViolationFilter, dataKey: string, enabled: boolean): Refreshable<ViolationsResponse> {
  const key = `${dataKey}|${filter.rule ?? ''}|${filter.layer ?? ''}|${filter.street ?? ''}`;
  return useRefreshable((signal) => fetchViolations(filter, signal), key, enabled);
}

export { violationsGeoJsonUrl } from '../api/violations.ts';
