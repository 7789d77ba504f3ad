/**
 * A compact legend of the visible layers on the map itself (what a screenshot or a print shows):
 * one line per layer, its variants inline. Drawn from the same style modules as the map.
 */
import { useState } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { legendFor, styleFor } from '../../layers/index.ts';
import { Swatch } from './Swatch.tsx';
import './LayerPanel.css';

export function MapLegend({ layers, visible }: { layers: readonly LayerInfo[]; visible: ReadonlySet<string> }) {
  const { t, pick } = useI18n();
  // Open on a desktop, folded on a narrow screen (where it would cover the map).
  const [initiallyOpen] = useState(() => !window.matchMedia('(max-width: 899px)').matches);
  const shown = layers.filter((l) => visible.has(l.id));
  if (!shown.length) return null;
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
      </ul>
    </details>
  );
}
