/**
 * Whole layers as GeoJSON for the tools (attribute table, selection by area): each layer fetched
 * once per revision and kept while the page lives.
 */
import { useEffect, useRef, useState } from 'react';
import { fetchLayerFeatures } from '../api/layers.ts';
import type { FeatureCollection, LayerInfo } from '../api/types.ts';

export type FeaturesState = { status: 'loading' } | { status: 'error' } | { status: 'ok'; byLayer: ReadonlyMap<string, FeatureCollection> };

export function useLayerFeatures(layers: readonly LayerInfo[]): FeaturesState {
  const cache = useRef(new Map<string, { revision: number; fc: FeatureCollection }>());
  const [state, setState] = useState<FeaturesState>({ status: 'loading' });
  const key = layers.map((l) => `${l.id}@${l.revision}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the layers and their revisions
  useEffect(() => {
    const ac = new AbortController();
    const wanted = layers.map((l) => ({ id: l.id, revision: l.revision }));
    const missing = wanted.filter((l) => cache.current.get(l.id)?.revision !== l.revision);
    const done = () => setState({ status: 'ok', byLayer: new Map(wanted.map((l) => [l.id, cache.current.get(l.id)!.fc])) });
    if (!missing.length) {
      done();
      return;
    }
    setState({ status: 'loading' });
    Promise.all(missing.map(async (l) => cache.current.set(l.id, { revision: l.revision, fc: await fetchLayerFeatures(l.id, ac.signal) }))).then(
      () => !ac.signal.aborted && done(),
      () => !ac.signal.aborted && setState({ status: 'error' }),
    );
    return () => ac.abort();
  }, [key]);
  return state;
}
