/**
 * Loads the offline basemap's geometry (data/basemap, served by the app) into the map once it is
 * up, and veils everything outside the district. Returns true once every file has been handed to
 * the map (or has failed): the map container's data-ready waits for it, so "ready" means the
 * whole picture, basemap included, is with MapLibre.
 */
import { useEffect, useState } from 'react';
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

export function useOfflineBasemap(map: MapController | null, maskFrame: Bbox): boolean {
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (!map) return;
    const ac = new AbortController();
    setSettled(0);
    const settle = () => !ac.signal.aborted && setSettled((n) => n + 1);
    for (const [source, file] of FILES) {
      fetchBasemapFile(file, ac.signal)
        .then((fc) => {
          if (!fc || ac.signal.aborted) return;
          map.setBasemapData(source, fc);
          if (source === 'district') {
            const mask = maskOutside(fc.features, padBbox(maskFrame, 2));
            if (mask) map.setBasemapData('mask', { type: 'FeatureCollection', features: [mask] });
          }
        })
        .catch(() => {})
        .finally(settle);
    }
    return () => ac.abort();
  }, [map, maskFrame]);
  return settled === FILES.length;
}
