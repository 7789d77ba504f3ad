/** The layer catalogue and layer contents (`/api/layers`). */
import { getJson } from './http.ts';
import type { Catalogue, Feature, FeatureCollection } from './types.ts';

export function fetchCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  return getJson<Catalogue>('/api/layers', {}, signal);
}

/** A whole layer as GeoJSON (the catalogue's `revision` tells the caller when to fetch again). */
export function fetchLayerFeatures(layerId: string, signal?: AbortSignal): Promise<FeatureCollection> {
  return getJson<FeatureCollection>(`/api/layers/${encodeURIComponent(layerId)}/features`, {}, signal);
}

/** One feature by id (OGC API item), for layers drawn from tiles; undefined when it no longer exists. */
export async function fetchFeature(layerId: string, id: number, signal?: AbortSignal): Promise<Feature | undefined> {
  try {
    return await getJson<Feature>(`/ogc/collections/${encodeURIComponent(layerId)}/items/${id}`, {}, signal);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}
