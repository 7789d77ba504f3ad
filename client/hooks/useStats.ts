/** Zone and site statistics. */
import { fetchStats, type StatsResponse } from '../api/stats.ts';
import { useRefreshable, type Refreshable } from './useRefreshable.ts';

export function useStats(dataKey: string, enabled: boolean): Refreshable<StatsResponse> {
  return useRefreshable((signal) => fetchStats(signal), dataKey, enabled);
}
