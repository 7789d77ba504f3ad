/** Small things drawn over the map: zoom buttons, hover tooltip, cursor coordinates, pick hint. */
import type { LayerInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { HoverInfo, LngLat } from '../../map/index.ts';
import './MapView.css';

export function ZoomButtons({ onZoom, onHome }: { onZoom: (delta: number) => void; onHome: () => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="zoom-buttons" aria-label={t('map.label')}>
      <button type="button" className="map-button map-button--icon" onClick={() => onZoom(1)} aria-label={t('mapui.zoomIn')} title={t('mapui.zoomIn')}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
      <button type="button" className="map-button map-button--icon" onClick={() => onZoom(-1)} aria-label={t('mapui.zoomOut')} title={t('mapui.zoomOut')}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
      <button
        type="button"
        className="map-button map-button--icon"
        onClick={onHome}
        aria-label={t('mapui.home')}
        title={t('mapui.home')}
        data-testid="zoom-home"
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path
            d="M2.5 2.5h4M2.5 2.5v4M13.5 2.5h-4M13.5 2.5v4M2.5 13.5h4M2.5 13.5v-4M13.5 13.5h-4M13.5 13.5v-4"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
          />
        </svg>
      </button>
    </fieldset>
  );
}

export function HoverTooltip({ hover, layers }: { hover: HoverInfo | null; layers: readonly LayerInfo[] }) {
  const { t, pick } = useI18n();
  if (!hover) return null;
  const layer = layers.find((l) => l.id === hover.layer);
  const title = layer ? pick(layer.title) : hover.layer;
  const text = hover.count !== undefined ? t('map.clusterTitle', { n: hover.count, title }) : hover.name || title;
  return (
    <div className="hover-tip" style={{ transform: `translate(${Math.round(hover.x + 14)}px, ${Math.round(hover.y + 14)}px)` }} aria-hidden="true">
      {hover.count === undefined && <span className="hover-tip__layer">{title}</span>}
      <span className="hover-tip__name">{text}</span>
    </div>
  );
}

export function CursorReadout({ at }: { at: LngLat | null }) {
  const { t } = useI18n();
  if (!at) return null;
  return (
    <div className="cursor-readout mono" aria-hidden="true">
      {t('map.cursor', { lng: at.lng.toFixed(5), lat: at.lat.toFixed(5) })}
    </div>
  );
}
