/** Zone areas, overlaps and site counts (`/api/stats`). */
import type { StatsResponse } from '../../server/features/stats/stats.contract.ts';
import { getJson } from './http.ts';

export type { StatsResponse } from '../../server/features/stats/stats.contract.ts';

export function fetchStats(signal?: AbortSignal): Promise<StatsResponse> {
  return getJson<StatsResponse>('/api/stats', {}, signal);
}
