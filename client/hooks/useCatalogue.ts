import { fetchAppConfig } from '../api/appConfig.ts';
import { fetchCatalogue } from '../api/layers.ts';
import type { AppConfig, Catalogue } from '../api/types.ts';
import { useAsync } from './useAsync.ts';

/** The layer catalogue and the deployment config, loaded together at start-up. */
export function useCatalogue() {
  return useAsync<{ catalogue: Catalogue; config: AppConfig }>(async (signal) => {
    const [catalogue, config] = await Promise.all([fetchCatalogue(signal), fetchAppConfig(signal)]);
    return { catalogue, config };
  });
}
