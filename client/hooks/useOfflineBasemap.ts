/**
 * Loads the offline basemap's geometry (data/basemap, served by the app) into the map once it is
 * up, and veils everything outside the district.
 */
import { useEffect } from 'react';
import { fetchBasemapFile } from '../api/basemap.ts';
import { maskOutside, padBbox, type Bbox } from '../lib/geometry.ts';
import type { MapController } from '../map/index.ts';

/** Map source ← file under data/basemap (streets come from the `streets` layer instead). */
const FILES = [
  ['district', 'district'],
  ['rivers', 'rivers'],
  ['lakes', 'lakes'],
  ['wall', 'city_wall'],
  ['gates', 'city_gates'],
  ['labels', 'labels'],
] as const;

export function useOfflineBasemap(map: MapController | null, maskFrame: Bbox): void {
  useEffect(() => {
    if (!map) return;
    const ac = new AbortController();
    for (const [source, file] of FILES) {
      fetchBasemapFile(file, ac.signal).then(
        (fc) => {
          if (!fc || ac.signal.aborted) return;
          map.setBasemapData(source, fc);
          if (source === 'district') {
            const mask = maskOutside(fc.features, padBbox(maskFrame, 2));
            if (mask) map.setBasemapData('mask', { type: 'FeatureCollection', features: [mask] });
          }
        },
        () => {},
      );
    }
    return () => ac.abort();
  }, [map, maskFrame]);
}
