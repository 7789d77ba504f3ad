/**
 * The site check as the map shows it: the old marker goes at once, the answer's point and zones
 * are drawn, and the camera moves to the point when it is outside the view (or when asked to).
 */
import { useCallback } from 'react';
import type { CheckQuery } from '../api/check.ts';
import type { MapController } from '../map/index.ts';
import { useSiteCheck } from './useSiteCheck.ts';

/** fly: move the camera to the checked point (default: only when it is outside the view). */
export type CheckOpts = { fly?: boolean; zoom?: number; label?: string };

export function useMapSiteCheck(map: MapController | null, opts: { onStart: () => void; offset: () => number }) {
  const { state, run: ask, clear: forget } = useSiteCheck();
  const { onStart, offset } = opts;
  const run = useCallback(
    (q: CheckQuery, o: CheckOpts = {}) => {
      onStart();
      // The old marker goes at once: a failed check must not leave the previous answer on the map.
      map?.setCheckPoint(null);
      map?.setCheckedZones([]);
      void ask(q, o.label).then((result) => {
        if (!result || !map) return;
        map.setCheckPoint(result.point);
        map.setCheckedZones(result.zones);
        if (o.fly !== false) {
          const v = map.view();
          const [w, s, e, n] = v.bounds;
          const inside = result.point.lng > w && result.point.lng < e && result.point.lat > s && result.point.lat < n;
          if (!inside || o.fly) map.flyTo(result.point, o.zoom ?? Math.max(v.zoom, 13.5), offset());
        }
      });
    },
    [ask, map, onStart, offset],
  );
  const clear = useCallback(() => {
    forget();
    map?.setCheckPoint(null);
    map?.setCheckedZones([]);
  }, [forget, map]);
  return { state, run, clear };
}
