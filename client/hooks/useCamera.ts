/**
 * Moving the camera to what the user opened. On a wide screen the inspector covers the map's right
 * 400 px, so while a feature is inspected points are centred left of it; on a narrow one it covers
 * the lower part of the map (up to 58 %), so what is opened is brought into the part above it.
 */
import { useCallback, useRef } from 'react';
import type { Feature, LayerInfo } from '../api/types.ts';
import { bboxOf, padBbox } from '../lib/geometry.ts';
import type { LngLat, MapController } from '../map/index.ts';
import { isNarrow } from './narrow.ts';

export function useCamera(map: MapController | null, inspecting: boolean) {
  const inspectingRef = useRef(inspecting);
  inspectingRef.current = inspecting;
  /** Horizontal offset (px) of a point centred beside the inspector. */
  const offset = useCallback(() => (inspectingRef.current && !isNarrow() ? -200 : 0), []);
  const toLayer = useCallback((layer: LayerInfo) => layer.extent && map?.fitBounds(padBbox(layer.extent, 0.05)), [map]);
  /** The map height (px) a narrow screen's inspector covers. */
  const covered = useCallback(() => (map && isNarrow() ? map.height() * 0.58 : 0), [map]);
  // a feature is brought into view to be inspected: on a narrow screen, into the part above the inspector
  const toFeature = useCallback(
    (f: Feature) => {
      if (f.geometry.type === 'Point') map?.flyTo({ lng: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! }, 16, offset(), -covered() / 2);
      else {
        const b = bboxOf(f.geometry);
        if (b) map?.fitBounds(padBbox(b, 0.1), 16, -2 * offset(), covered());
      }
    },
    [map, offset, covered],
  );
  /** A site about to be inspected (the inspector opens with it). */
  const toSite = useCallback((at: LngLat, zoom = 16) => map?.flyTo(at, zoom, isNarrow() ? 0 : -200, -covered() / 2), [map, covered]);
  return { offset, toLayer, toFeature, toSite };
}
