/** "Pick a point on the map": the map's crosshair cursor while on, and Escape ends it. */
import { useEffect, useRef } from 'react';
import type { MapController } from '../map/index.ts';

export function usePickMode(map: MapController | null, on: boolean, onEnd: () => void): void {
  const end = useRef(onEnd);
  end.current = onEnd;
  useEffect(() => {
    map?.setPickMode(on);
    if (!on) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && end.current();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [map, on]);
}
