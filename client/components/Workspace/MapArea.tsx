/** The map and what floats over it: toolbar, zoom buttons, demo badge, legend, hints, and the panels opened on it. */
import type { ReactNode, RefObject } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import { CONFIG } from '../../config.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { MapOverlays } from '../../layers/index.ts';
import type { HoverInfo, LngLat } from '../../map/index.ts';
import { DemoBadge } from '../DemoBadge/DemoBadge.tsx';
import { MapLegend } from '../LayerPanel/MapLegend.tsx';
import { CursorReadout, HoverTooltip, ZoomButtons } from '../MapView/MapOverlays.tsx';
import { WriteWarnings } from '../WriteWarnings/WriteWarnings.tsx';

interface Props {
  containerRef: RefObject<HTMLDivElement | null>;
  /** The style and every visible layer have loaded (the tests wait on data-ready). */
  ready: boolean;
  initError: string | null;
  /** The last non-fatal map error (shown in development only). */
  status: string | null;
  layers: readonly LayerInfo[];
  shown: ReadonlySet<string>;
  /** The analysis marks on the map (their legend lines). */
  overlays: MapOverlays;
  demo: boolean;
  pickMode: boolean;
  hover: HoverInfo | null;
  cursor: LngLat | null;
  onZoom: (delta: number) => void;
  onHome: () => void;
  toolbar: ReactNode;
  /** A dialog opened from the toolbar (import). */
  dialog?: ReactNode;
  /** Panels drawn over the map (editor, inspector, audit log). */
  children?: ReactNode;
}

export function MapArea({
  containerRef,
  ready,
  initError,
  status,
  layers,
  shown,
  overlays,
  demo,
  pickMode,
  hover,
  cursor,
  onZoom,
  onHome,
  toolbar,
  dialog,
  children,
}: Props) {
  const { t } = useI18n();
  return (
    <section className="map-area" aria-label={t('map.label')}>
      <div id="map-canvas" ref={containerRef} className="map" data-testid="map" data-ready={ready ? 'true' : 'false'} tabIndex={-1} />
      {initError && (
        <div className="map-error" role="alert">
          {t('map.error', { message: initError })}
        </div>
      )}
      <div className="map-toolbar">{toolbar}</div>
      {dialog}
      <ZoomButtons onZoom={onZoom} onHome={onHome} />
      {demo && (
        <div className="map-demo">
          <DemoBadge variant="map" />
        </div>
      )}
      <MapLegend layers={layers} visible={shown} overlays={overlays} />
      {pickMode && (
        <div className="pick-hint" role="status">
          {t('check.picking')}
        </div>
      )}
      <HoverTooltip hover={hover} layers={layers} />
      <CursorReadout at={cursor} />
      <WriteWarnings />
      {status && CONFIG.isDev && <div className="map-status">{status}</div>}
      {children}
    </section>
  );
}
