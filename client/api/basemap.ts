/**
 * The offline basemap's geometry, static files the server serves from data/basemap. A missing file
 * is not an error for the map (the basemap draws what exists), so it resolves to null.
 */
import { CONFIG } from '../config.ts';

export async function fetchBasemapFile(name: string, signal?: AbortSignal): Promise<GeoJSON.FeatureCollection | null> {
  try {
    const res = await fetch(`${CONFIG.basemapBase}/${name}.geojson`, signal ? { signal } : {});
    if (!res.ok) return null;
    const body = (await res.json()) as GeoJSON.GeoJSON;
    if (body.type === 'FeatureCollection') return body;
    if (body.type === 'Feature') return { type: 'FeatureCollection', features: [body] };
    return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: body as GeoJSON.Geometry, properties: {} }] };
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    return null;
  }
}
