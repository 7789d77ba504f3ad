/**
 * The data layers on the map: added once from the catalogue (before anything is shown or hidden),
 * which of them show and how opaque they are — the link's choice or the catalogue's defaults,
 * toggled from the layer panel.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerInfo } from '../api/types.ts';
import { styleFor } from '../layers/index.ts';
import type { MapController } from '../map/index.ts';

export function useLayerVisibility(map: MapController | null, layers: readonly LayerInfo[], initial: { layers?: string[]; opacity?: Record<string, number> }) {
  const [visible, setVisible] = useState<Set<string> | null>(initial.layers ? new Set(initial.layers) : null);
  const [opacity, setOpacityMap] = useState<Record<string, number>>(initial.opacity ?? {});

  useEffect(() => {
    if (!map || !layers.length) return;
    map.setLayers(layers.map((l) => ({ id: l.id, color: l.color, style: styleFor(l), clickable: l.geometryType === 'Point' || l.group === 'sites' })));
  }, [map, layers]);

  // Default visibility once the catalogue is known (unless the link said which layers).
  useEffect(() => {
    if (visible || !layers.length) return;
    setVisible(new Set(layers.filter((l) => styleFor(l).defaultVisible).map((l) => l.id)));
  }, [layers, visible]);
  const shown = useMemo(() => visible ?? new Set<string>(), [visible]);

  useEffect(() => {
    if (!map) return;
    for (const l of layers) map.setVisible(l.id, shown.has(l.id));
  }, [map, layers, shown]);
  useEffect(() => {
    if (!map) return;
    for (const l of layers) map.setOpacity(l.id, opacity[l.id] ?? styleFor(l).opacity ?? 1);
  }, [map, layers, opacity]);

  const toggleGroup = useCallback((ids: readonly string[], on: boolean) => {
    setVisible((v) => {
      const next = new Set(v ?? []);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  }, []);
  const toggle = useCallback((id: string, on: boolean) => toggleGroup([id], on), [toggleGroup]);
  const setOpacity = useCallback(
    (id: string, v: number) => {
      const layer = layers.find((l) => l.id === id);
      setOpacityMap((o) => withOpacity(o, id, v, layer ? (styleFor(layer).opacity ?? 1) : undefined));
    },
    [layers],
  );

  /** The visible layers in catalogue order, for the link (null: the defaults are not known yet). */
  const linked = useMemo(() => (visible ? (layers.length ? layers.filter((l) => visible.has(l.id)).map((l) => l.id) : [...visible]) : null), [visible, layers]);

  return { shown, linked, opacity, toggle, toggleGroup, setOpacity };
}

/**
 * The opacity choices with layer `id` at `v`. A layer set back to its style's own opacity (to the
 * link's two decimals) leaves the choices: the link keeps only what differs from the defaults.
 */
export function withOpacity(choices: Readonly<Record<string, number>>, id: string, v: number, standard: number | undefined): Record<string, number> {
  const { [id]: _was, ...others } = choices;
  return standard !== undefined && Math.abs(v - standard) < 0.005 ? others : { ...others, [id]: v };
}
