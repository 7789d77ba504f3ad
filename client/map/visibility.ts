/**
 * Shows or hides a map layer, and does nothing when it already is so. MapLibre treats any layout
 * change, visibility included, as a change to the layer's buckets: it tiles the layer's whole source
 * again and draws new frames, even when the value set equals the one in force (a layer without a
 * `visibility` in its style is visible). Measured on the first load: switching on the offline
 * basemap's already visible layers re-tiled four sources.
 */
import type { Map as MLMap } from 'maplibre-gl';

export function setVisibility(map: MLMap, layerId: string, visible: boolean): void {
  const want = visible ? 'visible' : 'none';
  if ((map.getLayoutProperty(layerId, 'visibility') ?? 'visible') !== want) map.setLayoutProperty(layerId, 'visibility', want);
}
