/**
 * Layers by group (regulated zones / sites and sources / reference): a switch, the feature count,
 * the plan's articles, and — unfolded — opacity and the legend drawn from the layer's style module.
 */
import { useId, useState } from 'react';
import type { LayerGroup, LayerInfo } from '../../api/types.ts';
import type { LoadStatus } from '../../hooks/useLayerData.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { legendFor, styleFor } from '../../layers/index.ts';
import { Swatch } from './Swatch.tsx';
import './LayerPanel.css';
import { StreetsDemoTag } from '../DemoBadge/StreetsDemo.tsx';

const GROUPS: { id: LayerGroup; key: MessageKey }[] = [
  { id: 'zones', key: 'group.zones' },
  { id: 'sites', key: 'group.sites' },
  { id: 'reference', key: 'group.reference' },
];

interface Props {
  layers: readonly LayerInfo[];
  visible: ReadonlySet<string>;
  opacity: Readonly<Record<string, number>>;
  status: Readonly<Record<string, LoadStatus>>;
  onToggle: (id: string, on: boolean) => void;
  onToggleGroup: (ids: string[], on: boolean) => void;
  onOpacity: (id: string, value: number) => void;
  onZoomTo: (layer: LayerInfo) => void;
}

export function LayerPanel(props: Props) {
  const { t } = useI18n();
  return (
    <div className="layer-panel" data-testid="layer-panel">
      {GROUPS.map((g) => {
        const layers = props.layers.filter((l) => l.group === g.id);
        if (!layers.length) return null;
        const allOn = layers.every((l) => props.visible.has(l.id));
        return (
          <section key={g.id} className="layer-group" aria-labelledby={`group-${g.id}`}>
            <div className="layer-group__head">
              <h2 id={`group-${g.id}`} className="layer-group__title">
                {t(g.key)}
              </h2>
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  props.onToggleGroup(
                    layers.map((l) => l.id),
                    !allOn,
                  )
                }
              >
                {allOn ? t('layer.hideAll') : t('layer.showAll')}
              </button>
            </div>
            <ul className="layer-list">
              {layers.map((layer) => (
                <LayerRow key={layer.id} layer={layer} {...props} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function LayerRow({ layer, visible, opacity, status, onToggle, onOpacity, onZoomTo }: Props & { layer: LayerInfo }) {
  const { t, pick, num, articles } = useI18n();
  const [open, setOpen] = useState(false);
  const uid = useId();
  const on = visible.has(layer.id);
  const style = styleFor(layer);
  const legend = legendFor(style, layer.color);
  const title = pick(layer.title);
  const st = status[layer.id];
  const value = Math.round((opacity[layer.id] ?? style.opacity ?? 1) * 100);
  return (
    <li className={`layer-row${on ? ' is-on' : ''}`} data-testid={`layer-row-${layer.id}`}>
      <div className="layer-row__main">
        <label className="layer-row__toggle">
          <input
            type="checkbox"
            checked={on}
            onChange={(e) => onToggle(layer.id, e.target.checked)}
            data-testid={`layer-toggle-${layer.id}`}
            aria-describedby={`${uid}-meta`}
          />
          <span className="layer-row__swatch">{legend[0] && <Swatch swatch={legend[0].swatch} />}</span>
          <span className="layer-row__title" title={title}>
            {title}
            <StreetsDemoTag layer={layer.id} />
          </span>
        </label>
        <span className="layer-row__count" title={t('layer.count', { n: layer.featureCount })}>
          {st === 'loading' && on ? (
            <span className="spinner" role="img" aria-label={t('layer.loading')} />
          ) : st === 'error' && on ? (
            <span className="layer-row__error">{t('layer.failed')}</span>
          ) : (
            num(layer.featureCount)
          )}
        </span>
        <button
          type="button"
          className="icon-button layer-row__expand"
          aria-expanded={open}
          aria-controls={`${uid}-details`}
          aria-label={`${t('layer.details')}: ${title}`}
          onClick={() => setOpen((v) => !v)}
        >
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className={open ? 'chev is-open' : 'chev'}>
            <path d="M5 6l3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      <div className="layer-row__meta" id={`${uid}-meta`}>
        {articles(layer.articles).map((a) => (
          <span key={a} className="article-chip">
            {a}
          </span>
        ))}
        {layer.regulated && <span className="regulated-chip">{t('layer.regulated')}</span>}
      </div>
      {open && (
        <div className="layer-row__details" id={`${uid}-details`}>
          <div className="opacity-control">
            <label htmlFor={`${uid}-opacity`}>{t('layer.opacity')}</label>
            <input
              id={`${uid}-opacity`}
              type="range"
              min={10}
              max={100}
              step={5}
              value={value}
              onChange={(e) => onOpacity(layer.id, Number(e.target.value) / 100)}
              data-testid={`layer-opacity-${layer.id}`}
            />
            <output htmlFor={`${uid}-opacity`}>{value}%</output>
          </div>
          <ul className="legend" aria-label={t('layer.legend')}>
            {legend.map((entry) => (
              <li key={entry.key} className="legend__item">
                <Swatch swatch={entry.swatch} />
                <span>{entry.label === 'cluster' ? t('legend.cluster') : entry.label ? pick(entry.label) : title}</span>
              </li>
            ))}
          </ul>
          {layer.extent && layer.featureCount > 0 && (
            <button type="button" className="link-button" onClick={() => onZoomTo(layer)}>
              {t('layer.zoomTo')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
