/**
 * The 工具 tab: measure, select by area (polygon or buffer) and the attribute table. While a
 * measuring or selecting tool is on, clicks on the map draw its shape.
 */
import { useEffect, useId, useState } from 'react';
import type { Feature, LayerInfo } from '../../api/types.ts';
import type { SketchState } from '../../hooks/useSketch.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LayerOptions } from '../Editor/LayerOptions.tsx';
import { AttributeTable } from './AttributeTable.tsx';
import { MeasureSection } from './MeasureSection.tsx';
import { SelectSection } from './SelectSection.tsx';
import './Tools.css';

interface Props {
  layers: readonly LayerInfo[];
  sketch: SketchState;
  /** The tab shows: leaving it ends the tool. */
  active: boolean;
  onOpen: (layer: string, f: Feature) => void;
}

type Tool = 'measure' | 'select';

export function ToolsPanel({ layers, sketch, active, onOpen }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [tool, setTool] = useState<Tool | null>(null);
  const [tableLayer, setTableLayer] = useState('');
  const { stop } = sketch;
  useEffect(() => {
    if (!active) {
      stop();
      setTool(null);
    }
  }, [active, stop]);
  const layer = layers.find((l) => l.id === tableLayer);

  return (
    <div className="tools" data-testid="tools">
      <p className="intro">{t('tools.intro')}</p>
      <MeasureSection sketch={sketch} on={tool === 'measure' && sketch.kind !== null} onStart={() => setTool('measure')} />
      <SelectSection layers={layers} sketch={sketch} on={tool === 'select' && sketch.kind !== null} onStart={() => setTool('select')} onOpen={onOpen} />
      {tool && sketch.kind && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            stop();
            setTool(null);
          }}
          data-testid="tools-stop"
        >
          {t('tools.stop')}
        </button>
      )}
      <section className="tools__section" aria-labelledby={`${id}-table`}>
        <h3 id={`${id}-table`} className="analysis__h">
          {t('tools.table')}
        </h3>
        <div className="field">
          <label htmlFor={`${id}-layer`}>{t('tools.tableLayer')}</label>
          <select id={`${id}-layer`} value={tableLayer} onChange={(e) => setTableLayer(e.target.value)} data-testid="attr-layer">
            <LayerOptions layers={layers} placeholder={t('tools.tableChoose')} />
          </select>
        </div>
        {layer && <AttributeTable key={layer.id} layer={layer} onOpen={onOpen} />}
      </section>
    </div>
  );
}
