/**
 * Loads the offline basemap's geometry (data/basemap, served by the app) into the map once it is
 * up, and veils everything outside the district. Returns true once every file has been handed to
 * the map (or has failed): the map container's data-ready waits for it, so "ready" means the
 * whole picture, basemap included, is with MapLibre.
 */
import { useEffect, useState } from 'react';
import { basemapFile } from '../api/basemap.ts';
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

/**
 * Requests the files before the map exists (client/main.tsx calls this as the app starts). Asked
 * for when the map was up, they queued behind the data layers' requests and reached the map after
 * every data layer: the district outline, the first thing a reader needs, appeared last.
 */
export function prefetchOfflineBasemap(): void {
  for (const [, file] of FILES) void basemapFile(file);
}

export function useOfflineBasemap(map: MapController | null, maskFrame: Bbox): boolean {
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (!map) return;
    let gone = false;
    setSettled(0);
    for (const [source, file] of FILES) {
      void basemapFile(file).then((fc) => {
        if (gone) return;
        if (fc) {
          map.setBasemapData(source, fc);
          if (source === 'district') {
            const mask = maskOutside(fc.features, padBbox(maskFrame, 2));
            if (mask) map.setBasemapData('mask', { type: 'FeatureCollection', features: [mask] });
          }
        }
        setSettled((n) => n + 1);
      });
    }
    return () => {
      gone = true;
    };
  }, [map, maskFrame]);
  return settled === FILES.length;
}
