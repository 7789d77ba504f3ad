/**
 * Loads each visible layer's features once per revision, hands them to the map, and keeps them for
 * the inspector (which needs every attribute, not the map's rendered copy).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchLayerFeatures } from '../api/layers.ts';
import type { Feature, FeatureCollection, LayerInfo } from '../api/types.ts';
import type { MapController } from '../map/index.ts';

export type LoadStatus = 'loading' | 'ready' | 'error';

export function useLayerData(map: MapController | null, layers: readonly LayerInfo[], wanted: ReadonlySet<string>) {
  const cache = useRef(new Map<string, { revision: number; fc: FeatureCollection }>());
  const inflight = useRef(new Map<string, number>());
  const [status, setStatus] = useState<Record<string, LoadStatus>>({});
  const [version, setVersion] = useState(0);

  const load = useCallback(
    (layerId: string, revision: number) => {
      if (!map) return;
      inflight.current.set(layerId, revision);
      setStatus((s) => ({ ...s, [layerId]: 'loading' }));
      fetchLayerFeatures(layerId)
        .then(async (fc) => {
          cache.current.set(layerId, { revision, fc });
          await map.setLayerData(layerId, fc);
          setStatus((s) => ({ ...s, [layerId]: 'ready' }));
          setVersion((v) => v + 1);
        })
        .catch(() => setStatus((s) => ({ ...s, [layerId]: 'error' })))
        .finally(() => inflight.current.delete(layerId));
    },
    [map],
  );

  useEffect(() => {
    if (!map) return;
    for (const layer of layers) {
      if (!wanted.has(layer.id)) continue;
      const have = cache.current.get(layer.id);
      if (have?.revision === layer.revision || inflight.current.get(layer.id) === layer.revision) continue;
      load(layer.id, layer.revision);
    }
  }, [map, layers, wanted, load]);

  /** Fetch a layer again now (after an edit: the catalogue's revision is not re-read for that). */
  const reload = useCallback(
    (layerId: string) => {
      const revision = cache.current.get(layerId)?.revision ?? layers.find((l) => l.id === layerId)?.revision ?? 0;
      load(layerId, revision);
    },
    [layers, load],
  );

  const getFeature = useCallback((layer: string, id: number): Feature | undefined => {
    return cache.current.get(layer)?.fc.features.find((f) => f.id === id);
  }, []);

  const getCollection = useCallback((layer: string): FeatureCollection | undefined => cache.current.get(layer)?.fc, []);

  return { status, getFeature, getCollection, version, reload };
}
