/**
 * Loads each visible layer's features once per revision, hands them to the map, and keeps them for
 * the inspector (which needs every attribute, not the map's rendered copy). A layer with more than
 * TILE_THRESHOLD features (or any layer, when the link says tiles=on) is not downloaded: the map
 * draws it from vector tiles, and the features the user opens are fetched one by one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchFeature, fetchLayerFeatures } from '../api/layers.ts';
import type { Feature, FeatureCollection, LayerInfo } from '../api/types.ts';
import type { TileMode } from '../lib/urlState.ts';
import { drawsAsTiles, type MapController } from '../map/index.ts';

export type LoadStatus = 'loading' | 'ready' | 'error';

/** A layer drawn from tiles: the revision shown and the features fetched by id (null: gone). */
interface Tiled {
  revision: number;
  features: Map<number, Feature | null>;
}

export function useLayerData(map: MapController | null, layers: readonly LayerInfo[], wanted: ReadonlySet<string>, tileMode: TileMode = 'auto') {
  const cache = useRef(new Map<string, { revision: number; fc: FeatureCollection }>());
  const tiled = useRef(new Map<string, Tiled>());
  const inflight = useRef(new Map<string, number>());
  const byId = useRef(new Set<string>());
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
      if (drawsAsTiles(layer.featureCount, tileMode)) {
        if (tiled.current.get(layer.id)?.revision === layer.revision) continue;
        cache.current.delete(layer.id);
        tiled.current.set(layer.id, { revision: layer.revision, features: new Map() });
        map.useTiles(layer.id, layer.revision);
        setStatus((s) => ({ ...s, [layer.id]: 'ready' }));
        setVersion((v) => v + 1);
        continue;
      }
      const have = cache.current.get(layer.id);
      if (have?.revision === layer.revision || inflight.current.get(layer.id) === layer.revision) continue;
      load(layer.id, layer.revision);
    }
  }, [map, layers, wanted, load, tileMode]);

  /** Fetch a layer again now (after an edit: the catalogue's revision is not re-read for that). */
  const reload = useCallback(
    (layerId: string) => {
      const t = tiled.current.get(layerId);
      if (t) {
        // Tiles are addressed by revision; a fresh key makes the map fetch them again after the edit.
        t.features.clear();
        map?.useTiles(layerId, Date.now());
        setVersion((v) => v + 1);
        return;
      }
      const revision = cache.current.get(layerId)?.revision ?? layers.find((l) => l.id === layerId)?.revision ?? 0;
      load(layerId, revision);
    },
    [map, layers, load],
  );

  /** For a tiled layer, asks the server for one feature (once) and re-renders when it arrives. */
  const fetchOne = useCallback((layer: string, id: number, t: Tiled) => {
    const key = `${layer}/${id}`;
    if (byId.current.has(key)) return;
    byId.current.add(key);
    fetchFeature(layer, id)
      .then((f) => t.features.set(id, f ?? null))
      .catch(() => t.features.set(id, null))
      .finally(() => {
        byId.current.delete(key);
        setVersion((v) => v + 1);
      });
  }, []);

  const getFeature = useCallback(
    (layer: string, id: number): Feature | undefined => {
      const t = tiled.current.get(layer);
      if (t) {
        const f = t.features.get(id);
        if (f === undefined) fetchOne(layer, id, t);
        return f ?? undefined;
      }
      return cache.current.get(layer)?.fc.features.find((f) => f.id === id);
    },
    [fetchOne],
  );

  /** True while a tiled layer's feature is still on its way (the inspector waits instead of closing). */
  const pending = useCallback((layer: string, id: number): boolean => {
    const t = tiled.current.get(layer);
    return !!t && !t.features.has(id);
  }, []);

  const getCollection = useCallback((layer: string): FeatureCollection | undefined => cache.current.get(layer)?.fc, []);

  return { status, getFeature, getCollection, pending, version, reload };
}
