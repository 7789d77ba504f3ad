/**
 * A compact legend of the visible layers on the map itself (what a screenshot or a print shows):
 * one line per layer, its variants inline. Drawn from the same style modules as the map.
 */
import { useState } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { legendFor, type MapOverlays, overlayLegend, styleFor } from '../../layers/index.ts';
import { Swatch } from './Swatch.tsx';
import './LayerPanel.css';

interface Props {
  layers: readonly LayerInfo[];
  visible: ReadonlySet<string>;
  /** The analysis marks drawn over the layers (violation rings, coverage gaps). */
  overlays: MapOverlays;
}

export function MapLegend({ layers, visible, overlays }: Props) {
  const { t, pick } = useI18n();
  // Open on a desktop, folded on a narrow screen (where it would cover the map).
  const [initiallyOpen] = useState(() => !window.matchMedia('(max-width: 899px)').matches);
  const shown = layers.filter((l) => visible.has(l.id));
  const marks = overlayLegend(overlays);
  if (!shown.length && !marks.length) return null;
  return (
    <details className="map-legend" open={initiallyOpen} data-testid="map-legend">
      <summary>{t('layer.legend')}</summary>
      <ul>
        {shown.map((layer) => {
          const [base, ...variants] = legendFor(styleFor(layer), layer.color).filter((e) => e.label !== 'cluster');
          if (!base) return null;
          return (
            <li key={layer.id}>
              <Swatch swatch={base.swatch} />
              <span className="map-legend__text">
                <span className="map-legend__title">{pick(layer.title)}</span>
                {variants.map((v) => (
                  <span key={v.key} className="map-legend__variant">
                    <Swatch swatch={v.swatch} small />
                    {v.label && v.label !== 'cluster' ? pick(v.label) : ''}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
        {marks.map((m) => (
          <li key={m.key} data-testid={`legend-overlay-${m.key}`}>
            <Swatch swatch={m.swatch} />
            <span className="map-legend__text">
              <span className="map-legend__title">{t(`legend.${m.key}`)}</span>
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
