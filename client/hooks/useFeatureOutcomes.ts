/** The rule outcomes of one feature (违规 / 待核查), refetched when the feature changes (e.g. after an edit). */
import { useEffect, useState } from 'react';
import type { Feature } from '../api/types.ts';
import { fetchFeatureViolations, type FeatureViolationsResponse } from '../api/violations.ts';

export type OutcomesState = { status: 'loading' } | { status: 'ok'; result: FeatureViolationsResponse } | { status: 'error' };

export function useFeatureOutcomes(layer: string, feature: Feature | undefined): OutcomesState {
  const [state, setState] = useState<OutcomesState>({ status: 'loading' });
  useEffect(() => {
    if (!feature) return;
    const ac = new AbortController();
    setState({ status: 'loading' });
    fetchFeatureViolations(layer, feature.id, ac.signal).then(
      (result) => !ac.signal.aborted && setState({ status: 'ok', result }),
      () => !ac.signal.aborted && setState({ status: 'error' }),
    );
    return () => ac.abort();
  }, [layer, feature]);
  return state;
}
