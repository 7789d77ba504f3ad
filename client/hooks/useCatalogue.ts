import { fetchAppConfig } from '../api/appConfig.ts';
import { fetchCatalogue } from '../api/layers.ts';
import type { AppConfig, Catalogue } from '../api/types.ts';
import { useAsync } from './useAsync.ts';
import { useWrites } from './writeFeedback.ts';

/**
 * The layer catalogue and the deployment config, loaded together at start-up and quietly again
 * after every write: new counts and revisions, which the layer data and the analysis tab follow.
 */
export function useCatalogue() {
  const state = useAsync<{ catalogue: Catalogue; config: AppConfig }>(async (signal) => {
    const [catalogue, config] = await Promise.all([fetchCatalogue(signal), fetchAppConfig(signal)]);
    return { catalogue, config };
  });
  useWrites(state.refresh);
  return state;
}
