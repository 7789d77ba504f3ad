/**
 * 范围查询: draw a polygon, or pick a centre for a buffer of N metres, and list every feature of the
 * chosen layers inside it (points in it, lines and polygons touching it); download the list.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Feature, LayerInfo } from '../../api/types.ts';
import { useBlobUrl } from '../../hooks/useBlobUrl.ts';
import { useLayerFeatures } from '../../hooks/useLayerFeatures.ts';
import type { SketchState } from '../../hooks/useSketch.ts';
import { useI18n } from '../../i18n/index.tsx';
import { withDemoColumn } from '../../lib/demo.ts';
import { type Area, bufferAround, featuresIn, rowsToCsv, rowsToGeoJson } from '../../lib/spatial.ts';
import { ResultActions } from '../DataTable/DataTable.tsx';
import { ToolButton } from './ToolButton.tsx';
import { FeatureDemoTag } from '../DemoBadge/StreetsDemo.tsx';

interface Props {
  layers: readonly LayerInfo[];
  sketch: SketchState;
  on: boolean;
  onStart: () => void;
  onOpen: (layer: string, f: Feature) => void;
}

const MAX_LISTED = 300;

export function SelectSection({ layers, sketch, on, onStart, onOpen }: Props) {
  const { t, pick, num } = useI18n();
  const id = useId();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(layers.filter((l) => l.group === 'sites').map((l) => l.id)));
  const [radius, setRadius] = useState(500);
  const shape = on ? sketch.shape : null;
  const area = useMemo((): Area | null => {
    if (shape?.type === 'Polygon') return shape;
    if (shape?.type === 'Point') return bufferAround({ lng: shape.coordinates[0]!, lat: shape.coordinates[1]! }, radius);
    return null;
  }, [shape, radius]);
  const { showArea } = sketch;
  useEffect(() => showArea(shape?.type === 'Point' && area?.type === 'Polygon' ? area : null), [shape, area, showArea]);

  const chosenLayers = useMemo(() => (area ? layers.filter((l) => chosen.has(l.id)) : []), [area, layers, chosen]);
  const data = useLayerFeatures(chosenLayers);
  const rows = useMemo(() => {
    if (!area || data.status !== 'ok') return null;
    return chosenLayers.flatMap((l) => featuresIn(area, data.byLayer.get(l.id)?.features ?? []).map((feature) => ({ layer: l.id, feature })));
  }, [area, data, chosenLayers]);
  const byLayer = new Map(layers.map((l) => [l.id, l]));
  const geojson = useBlobUrl(rows ? rowsToGeoJson(rows) : null, 'application/geo+json');
  const csv = useBlobUrl(
    rows ? rowsToCsv(rows, withDemoColumn(rows, [{ key: 'name', label: t('tools.col.name') }], t('inspector.demo'))) : null,
    'text/csv;charset=utf-8',
  );

  const start = (kind: 'polygon' | 'point') => {
    onStart();
    sketch.start(kind);
  };
  const toggle = (layerId: string, yes: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (yes) next.add(layerId);
      else next.delete(layerId);
      return next;
    });

  return (
    <section className="tools__section" aria-labelledby="tools-select">
      <h3 id="tools-select" className="analysis__h">
        {t('tools.select')}
      </h3>
      <fieldset className="panel-block tools__layers">
        <legend>{t('tools.selectLayers')}</legend>
        {layers.map((l) => (
          <label key={l.id} className="check-option">
            <input type="checkbox" checked={chosen.has(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} data-testid={`select-layer-${l.id}`} />
            {pick(l.title)}
          </label>
        ))}
      </fieldset>
      <div className="tools__buttons">
        <ToolButton on={on && sketch.kind === 'polygon'} onClick={() => start('polygon')} testId="select-polygon">
          {t('tools.selectPolygon')}
        </ToolButton>
        <ToolButton on={on && sketch.kind === 'point'} onClick={() => start('point')} testId="select-buffer">
          {t('tools.selectBuffer')}
        </ToolButton>
        <label className="field tools__radius" htmlFor={`${id}-r`}>
          <span>{t('tools.radius')}</span>
          <input
            id={`${id}-r`}
            type="number"
            min={10}
            max={20000}
            step={10}
            value={radius}
            onChange={(e) => setRadius(Math.min(20000, Math.max(10, Number(e.target.value) || 500)))}
            data-testid="select-radius"
          />
        </label>
      </div>
      {on && !shape && <p className="muted">{sketch.kind === 'point' ? t('tools.hintPoint') : t('tools.hintPolygon')}</p>}
      {area && data.status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {area && data.status === 'error' && <p className="error-box">{t('analysis.loadFailed')}</p>}
      {rows && (
        <div data-testid="select-result" data-count={rows.length}>
          <p className="tools__result">{t('tools.found', { n: num(rows.length) })}</p>
          <ul className="tools__counts">
            {chosenLayers.map((l) => (
              <li key={l.id} data-testid={`select-count-${l.id}`} data-count={rows.filter((r) => r.layer === l.id).length}>
                {pick(l.title)}: {num(rows.filter((r) => r.layer === l.id).length)}
              </li>
            ))}
          </ul>
          {geojson && csv && rows.length > 0 && (
            <ResultActions
              downloads={[
                { href: geojson, label: t('tools.downloadGeojson'), testId: 'select-download-geojson', filename: 'selection.geojson' },
                { href: csv, label: t('tools.downloadCsv'), testId: 'select-download-csv', filename: 'selection.csv', quiet: true },
              ]}
            />
          )}
          <ul className="viol-list">
            {rows.slice(0, MAX_LISTED).map(({ layer, feature }) => (
              <li key={`${layer}:${feature.id}`}>
                <button type="button" className="viol-item" onClick={() => onOpen(layer, feature)}>
                  <span className="viol-item__dot" style={{ background: byLayer.get(layer)?.color ?? '#888' }} aria-hidden="true" />
                  <span className="viol-item__text">
                    <span className="viol-item__name">
                      {String(feature.properties.name || `#${feature.id}`)}
                      <FeatureDemoTag props={feature.properties} />
                    </span>
                    <span className="viol-item__meta">{pick(byLayer.get(layer)?.title)}</span>
                  </span>
                </button>
              </li>
            ))}
            {rows.length > MAX_LISTED && <li className="muted">{t('tools.more', { n: num(rows.length - MAX_LISTED) })}</li>}
          </ul>
        </div>
      )}
    </section>
  );
}
