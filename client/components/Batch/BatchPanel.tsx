/**
 * 批量筛查: a site list (XLSX, CSV, GeoJSON) read in the browser, its columns mapped (guessed,
 * editable, remembered), the coordinates' source answered, then screened by the server; the answer
 * as a table (BatchResults) and on the map, with XLSX and GeoJSON downloads and a 核查报告 per row.
 */
import { useState, type DragEvent } from 'react';
import { useBatch } from '../../hooks/useBatch.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import type { Role } from '../../lib/columnMapping.ts';
import { isProjected } from '../../lib/crs.ts';
import { TABLE_EXTENSIONS } from '../../lib/readTable.ts';
import type { LayerInfo } from '../../api/types.ts';
import type { MapController } from '../../map/index.ts';
import { ColumnMapping } from '../ColumnMapping/ColumnMapping.tsx';
import { CoordinateSource } from '../ColumnMapping/CoordinateSource.tsx';
import { BatchResults } from './BatchResults.tsx';
import './Batch.css';

const ROLES_TABLE: readonly Role[] = ['name', 'id', 'address', 'x', 'y', 'crs'];
const ROLES_GEOJSON: readonly Role[] = ['name', 'id', 'address', 'crs'];

export function BatchPanel({ map, layers }: { map: MapController | null; layers: readonly LayerInfo[] }) {
  const { t, pick, num } = useI18n();
  const s = useBatch(map);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) void s.pickFile(f);
  };
  const table = s.table;
  return (
    <div className="batch" data-testid="batch-panel" data-phase={s.phase}>
      <p className="intro">{t('batch.intro')}</p>
      <label
        className={`batch-drop${over ? ' is-over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="batch-drop"
      >
        <input
          type="file"
          accept={TABLE_EXTENSIONS.join(',')}
          className="visually-hidden"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void s.pickFile(f);
            e.target.value = '';
          }}
          data-testid="batch-file"
        />
        {s.file ? (
          <span className="batch-drop__file" data-testid="batch-file-name">
            {s.file.name}
          </span>
        ) : (
          <span>{t('batch.drop')}</span>
        )}
        <span className="batch-drop__hint">{t('batch.formats')}</span>
      </label>
      {s.phase === 'reading' && (
        <p className="muted" role="status">
          {t('batch.reading')}
        </p>
      )}
      {s.error && (
        <div className="error-box" role="alert" data-testid="batch-error">
          {s.error.kind === 'file' ? t(`batch.fileError.${s.error.reason}` as MessageKey, { detail: s.error.detail }) : pick(s.error.error.text)}
        </div>
      )}

      {table && s.phase !== 'reading' && (
        <section className="batch-step" aria-labelledby="batch-step-columns">
          <h3 id="batch-step-columns">{t('batch.stepColumns')}</h3>
          <p className="muted" data-testid="batch-table-info" data-rows={table.rows.length} data-format={table.format}>
            {t('batch.tableInfo', { n: num(table.rows.length), format: table.format.toUpperCase() })}
            {table.encoding === 'gbk' ? ` · GBK` : ''}
            {table.titleRows > 0 ? ` · ${t('batch.titleRows', { n: table.titleRows })}` : ''}
          </p>
          <ColumnMapping
            headers={table.headers}
            rows={table.rows}
            mapping={s.mapping}
            onChange={s.setMapping}
            roles={table.positions ? ROLES_GEOJSON : ROLES_TABLE}
            required={table.positions ? [] : ['x', 'y']}
            projected={isProjected(s.crs)}
          />
          {table.positions && <p className="muted">{t('batch.geojsonPositions')}</p>}
          <CoordinateSource value={s.crs} suggested={s.suggested} onChange={s.setCrs} perRow={s.mapping.crs !== undefined} />
          <label className="batch-near">
            {t('batch.near')}
            <input
              type="number"
              min={0}
              max={5000}
              step={10}
              value={s.near}
              onChange={(e) => s.setNear(Math.max(0, Number(e.target.value) || 0))}
              data-testid="batch-near"
            />
            {t('batch.metres')}
          </label>
          <div className="batch-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={s.missing.length > 0 || s.phase === 'running'}
              onClick={() => void s.run()}
              data-testid="batch-run"
            >
              {s.phase === 'running' ? t('batch.running') : t('batch.run', { n: num(table.rows.length) })}
            </button>
            <button type="button" className="button button--quiet" onClick={s.reset} data-testid="batch-reset">
              {t('batch.reset')}
            </button>
          </div>
          {s.missing.length > 0 && <p className="muted">{t('batch.missing')}</p>}
        </section>
      )}

      {s.result && s.phase === 'done' && <BatchResults state={s} result={s.result} layers={layers} />}
    </div>
  );
}
