/** The chosen basemap among those the server offers (always at least the offline one), applied to the map. */
import { useEffect, useMemo, useState } from 'react';
import type { AppConfig, Basemap } from '../api/types.ts';
import { bilingual } from '../i18n/index.tsx';
import type { MapController } from '../map/index.ts';

export function useBasemapChoice(map: MapController | null, config: AppConfig | null, initial: string | undefined, onError: (message: string) => void) {
  const [basemapId, setBasemapId] = useState(initial ?? 'offline');
  const basemaps = useMemo((): Basemap[] => config?.basemaps ?? [{ id: 'offline', title: bilingual('basemap.offline'), kind: 'offline' }], [config]);
  useEffect(() => {
    if (!map) return;
    const b = basemaps.find((x) => x.id === basemapId) ?? basemaps[0];
    if (b) map.setBasemap(b).catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
  }, [map, basemaps, basemapId, onError]);
  return { basemaps, basemapId, setBasemapId };
}
