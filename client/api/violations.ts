/** The plan's rules and the sites breaking them (`/api/rules`, `/api/violations`, `/api/violations.geojson`). */
import type { FeatureViolationsResponse, RulesResponse, ViolationsResponse } from '../../server/features/rules/rules.contract.ts';
import { apiUrl, getJson } from './http.ts';

export type { FeatureViolationsResponse, RuleWarning, RulesResponse, Violation, ViolationsResponse } from '../../server/features/rules/rules.contract.ts';
export type Rule = RulesResponse['rules'][number];

/** Filters the violations endpoints take (all optional; the same query serves the list and the download). */
export interface ViolationFilter {
  rule?: string | undefined;
  layer?: string | undefined;
  street?: string | undefined;
}

export function fetchRules(signal?: AbortSignal): Promise<RulesResponse> {
  return getJson<RulesResponse>('/api/rules', {}, signal);
}

export function fetchViolations(filter: ViolationFilter = {}, signal?: AbortSignal): Promise<ViolationsResponse> {
  return getJson<ViolationsResponse>('/api/violations', { ...filter }, signal);
}

/** Download link: the violating sites of the same filter as GeoJSON. */
export function violationsGeoJsonUrl(filter: ViolationFilter = {}): string {
  return apiUrl('/api/violations.geojson', { ...filter });
}

/** The outcomes (违规 / 待核查) of one feature, with the rules behind them. */
export function fetchFeatureViolations(layer: string, id: number, signal?: AbortSignal): Promise<FeatureViolationsResponse> {
  return getJson<FeatureViolationsResponse>(`/api/features/${encodeURIComponent(layer)}/${id}/violations`, {}, signal);
}
