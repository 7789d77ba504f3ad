/** 测量: the length of a line or the area (and perimeter) of a polygon drawn on the map. */
import type { SketchState } from '../../hooks/useSketch.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatArea } from '../../lib/area.ts';
import { areaM2, formatLength, lineLengthM } from '../../lib/spatial.ts';
import { ToolButton } from './ToolButton.tsx';

export function MeasureSection({ sketch, on, onStart }: { sketch: SketchState; on: boolean; onStart: () => void }) {
  const { t, num } = useI18n();
  const shape = on ? sketch.shape : null;
  const start = (kind: 'line' | 'polygon') => {
    onStart();
    sketch.start(kind);
  };
  return (
    <section className="tools__section" aria-labelledby="tools-measure">
      <h3 id="tools-measure" className="analysis__h">
        {t('tools.measure')}
      </h3>
      <div className="tools__buttons">
        <ToolButton on={on && sketch.kind === 'line'} onClick={() => start('line')} testId="measure-line">
          {t('tools.measureLine')}
        </ToolButton>
        <ToolButton on={on && sketch.kind === 'polygon'} onClick={() => start('polygon')} testId="measure-area">
          {t('tools.measureArea')}
        </ToolButton>
      </div>
      {on && !shape && <p className="muted">{sketch.kind === 'line' ? t('tools.hintLine') : t('tools.hintPolygon')}</p>}
      {shape?.type === 'LineString' && (
        <p className="tools__result" data-testid="measure-result" data-m={lineLengthM(shape).toFixed(1)}>
          {t('tools.length', { value: formatLength(lineLengthM(shape), num) })}
        </p>
      )}
      {shape?.type === 'Polygon' && (
        <p className="tools__result" data-testid="measure-result" data-m2={areaM2(shape).toFixed(0)}>
          {t('tools.area', {
            value: formatArea(areaM2(shape), num),
            perimeter: formatLength(lineLengthM({ type: 'LineString', coordinates: shape.coordinates[0]! }), num),
          })}
        </p>
      )}
    </section>
  );
}
