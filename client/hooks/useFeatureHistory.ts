/** A feature's versions (newest first), re-read when `refreshKey` changes; restore of one of them. */
import { useCallback, useEffect, useState } from 'react';
import { restoreVersion, type Versioned } from '../api/features.ts';
import { fetchFeatureHistory, type FeatureHistory } from '../api/history.ts';
import { useAsync } from './useAsync.ts';
import { announceWrite } from './writeFeedback.ts';

export function useFeatureHistory(layer: string, id: number, refreshKey: unknown, enabled: boolean) {
  const [nonce, setNonce] = useState(0);
  const state = useAsync<FeatureHistory | null>((signal) => (enabled ? fetchFeatureHistory(layer, id, signal) : Promise.resolve(null)));
  const { reload } = state;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the triggers: useAsync reads its load through a ref, so another feature, a write to it (refreshKey), signing in or a restore (nonce) asks for a reload
  useEffect(() => reload(), [layer, id, refreshKey, enabled, nonce, reload]);

  /** Makes `version` the feature's next version; If-Match is the state the history showed. */
  const restore = useCallback(
    async (version: number): Promise<Versioned> => {
      const h = state.status === 'ok' ? state.data : null;
      if (!h) throw new Error('history not loaded');
      const out = await restoreVersion(layer, id, version, h.state.etag);
      setNonce((n) => n + 1);
      announceWrite('restore', layer, out.warnings);
      return out;
    },
    [state, layer, id],
  );
  return { state, restore };
}
