/**
 * The offline basemap's geometry, static files the server serves from data/basemap. A missing or
 * unreadable file is not an error for the map (the basemap draws what exists): it resolves to null.
 */
import { CONFIG } from '../config.ts';

async function fetchBasemapFile(name: string): Promise<GeoJSON.FeatureCollection | null> {
  try {
    const res = await fetch(`${CONFIG.basemapBase}/${name}.geojson`);
    if (!res.ok) return null;
    const body = (await res.json()) as GeoJSON.GeoJSON;
    if (body.type === 'FeatureCollection') return body;
    if (body.type === 'Feature') return { type: 'FeatureCollection', features: [body] };
    return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: body as GeoJSON.Geometry, properties: {} }] };
  } catch {
    return null;
  }
}

const requested = new Map<string, Promise<GeoJSON.FeatureCollection | null>>();

/**
 * A basemap file, requested once per page and shared by whoever asks (the files are small and do
 * not change while the page is open). Asking early matters: the browser opens six connections to a
 * host, and files requested after the data layers' wait behind them; the map then draws the whole
 * picture again when they arrive (client/hooks/useOfflineBasemap.ts asks as the app starts).
 */
export function basemapFile(name: string): Promise<GeoJSON.FeatureCollection | null> {
  let file = requested.get(name);
  if (!file) {
    file = fetchBasemapFile(name);
    requested.set(name, file);
  }
  return file;
}
