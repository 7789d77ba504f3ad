/**
 * React's link to the map: creates the MapController once for a container, hands it out after the
 * style has loaded, and removes it on unmount. Callbacks are read through a ref so the map never
 * has to be rebuilt when a handler changes.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { MapController, type MapCallbacks, type MapInit } from '../map/index.ts';

export function useMap(
  containerRef: RefObject<HTMLDivElement | null>,
  init: Omit<MapInit, 'container' | 'callbacks'>,
  callbacks: MapCallbacks,
): { map: MapController | null; error: string | null } {
  const [map, setMap] = useState<MapController | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cb = useRef(callbacks);
  cb.current = callbacks;
  const initRef = useRef(init);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let controller: MapController;
    try {
      controller = new MapController({
        ...initRef.current,
        container,
        callbacks: {
          onFeatureClick: (...a) => cb.current.onFeatureClick(...a),
          onMapClick: (...a) => cb.current.onMapClick(...a),
          onCaseClick: (id) => cb.current.onCaseClick?.(id),
          onViewChange: (...a) => cb.current.onViewChange(...a),
          onHover: (...a) => cb.current.onHover(...a),
          onCursor: (...a) => cb.current.onCursor(...a),
          onError: (...a) => cb.current.onError(...a),
        },
      });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    let live = true;
    void controller.ready.then(() => {
      if (live) setMap(controller);
    });
    const ro = new ResizeObserver(() => controller.resize());
    ro.observe(container);
    return () => {
      live = false;
      ro.disconnect();
      setMap(null);
      controller.destroy();
    };
  }, [containerRef]);

  return { map, error };
}
