/** Deployment facts the UI needs at start-up (`/api/config`): basemaps on offer, demo data loaded. */
import { getJson } from './http.ts';
import type { AppConfig } from './types.ts';

export function fetchAppConfig(signal?: AbortSignal): Promise<AppConfig> {
  return getJson<AppConfig>('/api/config', {}, signal);
}
