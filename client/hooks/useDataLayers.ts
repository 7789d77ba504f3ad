/**
 * The data layers' features on the map (the layers themselves are added by useLayerVisibility):
 * polygons always loaded (the site check's highlights and the drawing's snapping need them),
 * points when shown or inspected; the selected feature highlighted.
 */
import { useEffect, useMemo } from 'react';
import type { LayerInfo } from '../api/types.ts';
import type { FeatureRef } from '../lib/panels.ts';
import type { TileMode } from '../lib/urlState.ts';
import type { MapController } from '../map/index.ts';
import { useLayerData } from './useLayerData.ts';

export function useDataLayers(
  map: MapController | null,
  layers: readonly LayerInfo[],
  shown: ReadonlySet<string>,
  selected: FeatureRef | null,
  tileMode: TileMode | undefined,
) {
  const wanted = useMemo(() => {
    const s = new Set(shown);
    for (const l of layers) if (l.geometryType === 'Polygon') s.add(l.id);
    if (selected) s.add(selected.layer);
    return s;
  }, [shown, layers, selected]);
  const data = useLayerData(map, layers, wanted, tileMode);
  // again after new data: the highlighted feature may have just arrived
  // biome-ignore lint/correctness/useExhaustiveDependencies: data.version is the trigger
  useEffect(() => {
    map?.setSelected(selected);
  }, [map, selected, data.version]);
  return data;
}
