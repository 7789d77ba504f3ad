/**
 * The workspace's map: created once for its container (at the link's view or the district), with
 * what the map reports kept as state (view, hover, cursor, last error) and its language kept in step.
 */
import { type RefObject, useEffect, useState } from 'react';
import { CONFIG } from '../config.ts';
import type { Bbox } from '../lib/geometry.ts';
import type { UrlState } from '../lib/urlState.ts';
import type { HoverInfo, LngLat } from '../map/index.ts';
import { useMap } from './useMap.ts';

export interface MapView {
  center: [number, number];
  zoom: number;
  bounds: Bbox;
}

export interface MapHandlers {
  onFeatureClick: (layer: string, id: number) => void;
  onMapClick: (at: LngLat) => void;
  onCaseClick: (id: number) => void;
}

export function useWorkspaceMap(
  containerRef: RefObject<HTMLDivElement | null>,
  url: UrlState,
  text: { lang: 'zh' | 'en'; attribution: string; label: string },
  handlers: MapHandlers,
) {
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [cursor, setCursor] = useState<LngLat | null>(null);
  const [view, setView] = useState<MapView | null>(null);
  // Tile errors of an online basemap are not fatal; the last one is kept for the status line.
  const [mapError, setMapError] = useState<string | null>(null);
  const { map, error: initError } = useMap(
    containerRef,
    {
      ...(url.center && url.zoom !== undefined ? { center: url.center, zoom: url.zoom } : {}),
      fitBounds: CONFIG.districtBounds,
      maxBounds: CONFIG.maxBounds,
      lang: text.lang,
      attribution: text.attribution,
      workerClusterThreshold: CONFIG.workerClusterThreshold,
    },
    { ...handlers, onViewChange: setView, onHover: setHover, onCursor: setCursor, onError: setMapError },
  );
  useEffect(() => {
    map?.setLang(text.lang, text.attribution);
    map?.setCanvasLabel(text.label);
  }, [map, text.lang, text.attribution, text.label]);
  return { map, initError, view, hover, cursor, mapError, setMapError };
}
