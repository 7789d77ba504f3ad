/** The zones a feature lies in: a site check at the feature's point (or a point inside a polygon). */
import { useEffect, useState } from 'react';
import { checkSite } from '../api/check.ts';
import type { CheckResult, Feature } from '../api/types.ts';
import { representativePoint } from '../lib/geometry.ts';

export type ZonesState = { status: 'loading' } | { status: 'ok'; result: CheckResult } | { status: 'error' };

export function useFeatureZones(feature: Feature | undefined): ZonesState {
  const [state, setState] = useState<ZonesState>({ status: 'loading' });
  useEffect(() => {
    if (!feature) return;
    const p = representativePoint(feature.geometry);
    if (!p) {
      setState({ status: 'error' });
      return;
    }
    const ac = new AbortController();
    setState({ status: 'loading' });
    checkSite({ crs: 'wgs84', a: p[0], b: p[1] }, ac.signal).then(
      (result) => !ac.signal.aborted && setState({ status: 'ok', result }),
      () => !ac.signal.aborted && setState({ status: 'error' }),
    );
    return () => ac.abort();
  }, [feature]);
  return state;
}
