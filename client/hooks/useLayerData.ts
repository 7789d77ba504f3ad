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

  useEffect(() => {
    if (!map) return;
    for (const layer of layers) {
      if (!wanted.has(layer.id)) continue;
      const have = cache.current.get(layer.id);
      if (have?.revision === layer.revision || inflight.current.get(layer.id) === layer.revision) continue;
      inflight.current.set(layer.id, layer.revision);
      setStatus((s) => ({ ...s, [layer.id]: 'loading' }));
      fetchLayerFeatures(layer.id)
        .then(async (fc) => {
          cache.current.set(layer.id, { revision: layer.revision, fc });
          await map.setLayerData(layer.id, fc);
          setStatus((s) => ({ ...s, [layer.id]: 'ready' }));
          setVersion((v) => v + 1);
        })
        .catch(() => setStatus((s) => ({ ...s, [layer.id]: 'error' })))
        .finally(() => inflight.current.delete(layer.id));
    }
  }, [map, layers, wanted]);

  const getFeature = useCallback((layer: string, id: number): Feature | undefined => {
    return cache.current.get(layer)?.fc.features.find((f) => f.id === id);
  }, []);

  const getCollection = useCallback((layer: string): FeatureCollection | undefined => cache.current.get(layer)?.fc, []);

  return { status, getFeature, getCollection, version };
}
