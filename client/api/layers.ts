/** The layer catalogue and layer contents (`/api/layers`). */
import { getJson } from './http.ts';
import type { Catalogue, FeatureCollection } from './types.ts';

export function fetchCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  return getJson<Catalogue>('/api/layers', {}, signal);
}

/** A whole layer as GeoJSON (the catalogue's `revision` tells the caller when to fetch again). */
export function fetchLayerFeatures(layerId: string, signal?: AbortSignal): Promise<FeatureCollection> {
  return getJson<FeatureCollection>(`/api/layers/${encodeURIComponent(layerId)}/features`, {}, signal);
}
