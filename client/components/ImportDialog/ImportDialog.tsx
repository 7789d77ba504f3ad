/**
 * The import dialog (docked on the right of the map, so the preview stays visible): target layer,
 * file drop, dry run with upload/processing progress, detected format and CRS (with override),
 * warnings, the validation report, options, confirm → import → summary.
 */
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { ImportReport } from '../../api/import.ts';
import type { LayerInfo } from '../../api/types.ts';
import { IMPORT_EXTENSIONS, useImport, type ImportProgressState, type ImportState } from '../../hooks/useImport.ts';
import type { Session } from '../../hooks/useSession.ts';
import { importLayers, pickImportLayer } from '../../lib/importLayer.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { MapController } from '../../map/index.ts';
import { Counts, crsName, Detected, KNOWN_CRS, RejectedTable, WarningList } from './ImportReportView.tsx';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import { CoordinateSource } from './CoordinateSource.tsx';
import './ImportDialog.css';
import { ColumnMapping } from '../ColumnMapping/ColumnMapping.tsx';
import { importRoles } from '../../hooks/useImportColumns.ts';
import type { CrsId } from '../../api/types.ts';
import { isProjected } from '../../lib/crs.ts';

interface Props {
  map: MapController | null;
  layers: readonly LayerInfo[];
  /** The workspace's session: who may write which layer, followed through sign-in and sign-out. */
  session: Session;
  initialLayer: string;
  onClose: () => void;
  onImported: (layerId: string, report: ImportReport) => void;
}

/** The dialog's width plus its margin: the preview is fitted into the map left of it. */
const DIALOG_SPACE = 440;

export function ImportDialog({ map, layers, session, initialLayer, onClose, onImported }: Props) {
  const { t, pick, num } = useI18n();
  const uid = useId();
  const s = useImport(map, { initialLayer, layers, rightPx: DIALOG_SPACE, onImported });
  // only the layers this user may write, starting on a sensible one (not the catalogue's first)
  const ready = session.state.status === 'ready';
  const writable = importLayers(layers, session.canEdit);
  const { layerId, setLayerId } = s;
  // Settled once the user picks a layer here, or once we pick one for them when they are known.
  // The dialog can open before the server has said who is signed in: a pick made before that
  // answer arrives must stand (it did not, and a zone import silently went to a point layer).
  const settled = useRef(false);
  const chooseLayer = (id: string) => {
    settled.current = true;
    setLayerId(id);
  };
  useEffect(() => {
    if (!ready) return;
    // once when the user is known; later only away from a layer they may not write
    if (settled.current && writable.some((l) => l.id === layerId)) return;
    settled.current = true;
    const pick = pickImportLayer(layers, session.canEdit, layerId);
    if (pick && pick !== layerId) setLayerId(pick);
  }, [ready, layers, writable, session.canEdit, layerId, setLayerId]);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus({ preventScroll: true }), []);

  const layer = layers.find((l) => l.id === s.layerId);
  const busy = s.phase === 'checking' || s.phase === 'importing';
  const report = s.report;
  const formatTitle = report ? (s.formats?.import.find((f) => f.id === report.format)?.title ?? report.format) : '';

  return (
    <aside
      className="floating-panel floating-panel--dialog import-dialog"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${uid}-title`}
      data-testid="import-dialog"
      data-phase={s.phase}
      data-session={session.state.status}
      onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}
    >
      <header className="import-dialog__head">
        <h2 id={`${uid}-title`} ref={titleRef} tabIndex={-1}>
          {t('import.title')}
        </h2>
        <CloseButton label={t('import.close')} onClick={onClose} testId="import-close" />
      </header>

      <div className="import-dialog__body">
        {ready && writable.length === 0 ? (
          <p className="import-signin" role="note" data-testid="import-signin">
            {t(session.user ? 'import.noWritableLayer' : 'import.signInFirst')}
          </p>
        ) : s.phase === 'done' && s.result ? (
          <Summary result={s.result} layerTitle={layer ? pick(layer.title) : s.layerId} onAnother={s.reset} onClose={onClose} />
        ) : (
          <>
            <ol className="import-steps" aria-label={t('import.steps')}>
              {(['pick', 'review', 'confirm'] as const).map((step, i) => (
                <li key={step} className={stepClass(step, s)}>
                  <span aria-hidden="true">{i + 1}</span>
                  {t(`import.step.${step}`)}
                </li>
              ))}
            </ol>

            <div className="field">
              <label htmlFor={`${uid}-layer`}>{t('import.layer')}</label>
              <select id={`${uid}-layer`} value={s.layerId} onChange={(e) => chooseLayer(e.target.value)} disabled={busy} data-testid="import-layer">
                {(ready ? writable : layers).map((l) => (
                  <option key={l.id} value={l.id}>
                    {pick(l.title)} · {num(l.featureCount)}
                  </option>
                ))}
              </select>
              {layer && (
                <p className="field__help">
                  {t('import.layerHelp', { type: t(layer.geometryType === 'Point' ? 'import.geom.point' : 'import.geom.polygon') })}
                </p>
              )}
            </div>

            <DropZone state={s} disabled={busy} />

            {s.table && (
              <ColumnMapping
                headers={s.table.headers}
                rows={s.table.rows}
                mapping={s.columns}
                onChange={s.setColumns}
                roles={importRoles(s.table)}
                required={['name']}
                attributes={layer && { defs: layer.attributes, mapping: s.attributes, onChange: s.setAttributes }}
                projected={!!report && (KNOWN_CRS as readonly string[]).includes(report.crs.id) && isProjected(report.crs.id as CrsId)}
                testId="import-columns"
              />
            )}

            {s.error && <ErrorNote state={s} />}

            {s.file && <ProgressBars progress={s.progress} phase={s.phase} size={s.file.size} />}

            {report && (
              <div className={`import-report${s.phase === 'checking' ? ' is-stale' : ''}`} aria-busy={s.phase === 'checking'}>
                <Detected report={report} formatTitle={formatTitle} />
                <CoordinateSource report={report} crs={s.crs} onCrs={s.setCrs} disabled={busy} />
                <div className="field">
                  <label htmlFor={`${uid}-crs`}>{t('import.crsOverride')}</label>
                  <select id={`${uid}-crs`} value={s.crs} onChange={(e) => s.setCrs(e.target.value)} disabled={busy} data-testid="import-crs-select">
                    <option value="">{t('import.crsAuto')}</option>
                    {KNOWN_CRS.map((id) => (
                      <option key={id} value={id}>
                        {crsName(t, id, id)}
                      </option>
                    ))}
                  </select>
                </div>
                <WarningList warnings={report.warnings} onUseCrs={s.setCrs} />
                <Counts report={report} />
                {report.previewTruncated && <p className="muted">{t('import.previewTruncated', { n: num(report.preview?.features.length ?? 0) })}</p>}
                <p className="import-legend">
                  <span className="import-legend__ok" aria-hidden="true" />
                  {t('import.legend.ok')}
                  <span className="import-legend__bad" aria-hidden="true" />
                  {t('import.legend.bad')}
                </p>
                <RejectedTable report={report} />

                <fieldset className="import-options">
                  <legend>{t('import.options')}</legend>
                  <div className="segmented" role="radiogroup" aria-label={t('import.mode')}>
                    {(['append', 'replace'] as const).map((m) => (
                      <label key={m} className={`segmented__item${s.mode === m ? ' is-on' : ''}`}>
                        <input
                          type="radio"
                          name={`${uid}-mode`}
                          value={m}
                          checked={s.mode === m}
                          onChange={() => s.setMode(m)}
                          disabled={busy}
                          data-testid={`import-mode-${m}`}
                        />
                        {t(`import.mode.${m}`)}
                      </label>
                    ))}
                  </div>
                  {s.mode === 'replace' && layer && (
                    <p className="import-replace-note" role="note">
                      {t('import.replaceNote', { n: num(layer.featureCount) })}
                    </p>
                  )}
                  {layer?.geometryType === 'Polygon' && (
                    <label className="check-option">
                      <input type="checkbox" checked={s.repair} onChange={(e) => s.setRepair(e.target.checked)} disabled={busy} data-testid="import-repair" />
                      {t('import.repair')}
                    </label>
                  )}
                </fieldset>
              </div>
            )}
          </>
        )}
      </div>

      {s.phase !== 'done' && (
        <footer className="import-dialog__foot">
          <button type="button" className="button" onClick={() => (s.file ? s.reset() : onClose())} data-testid="import-cancel">
            {t('import.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={s.phase !== 'ready' || !report || report.imported === 0 || (!!s.table && s.columns.name === undefined)}
            onClick={s.confirm}
            data-testid="import-confirm"
          >
            {s.phase === 'importing'
              ? t('import.importing')
              : report
                ? t(s.mode === 'replace' ? 'import.confirmReplace' : 'import.confirm', { n: num(report.imported) })
                : t('import.confirmIdle')}
          </button>
        </footer>
      )}
    </aside>
  );
}

function stepClass(step: 'pick' | 'review' | 'confirm', s: ImportState): string {
  const at = s.phase === 'pick' || (s.phase === 'checking' && !s.report) ? 'pick' : s.phase === 'ready' || s.phase === 'checking' ? 'review' : 'confirm';
  const order = ['pick', 'review', 'confirm'];
  const i = order.indexOf(step);
  const j = order.indexOf(at);
  return i < j ? 'is-done' : i === j ? 'is-current' : '';
}

function DropZone({ state: s, disabled }: { state: ImportState; disabled: boolean }) {
  const { t, num } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const f = e.dataTransfer.files[0];
    if (f) s.setFile(f);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is a pointer-only shortcut; the button and file input inside are the keyboard's way
    <div
      className={`import-drop${over ? ' is-over' : ''}${s.file ? ' has-file' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="import-drop"
    >
      <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
        <path d="M12 15V4M7.5 8.5 12 4l4.5 4.5M5 15v4h14v-4" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {s.file ? (
        <p className="import-drop__file" data-testid="import-file-name">
          <strong>{s.file.name}</strong> <span>{formatBytes(s.file.size, num)}</span>
        </p>
      ) : (
        <p>{t('import.drop')}</p>
      )}
      <button type="button" className="button" onClick={() => input.current?.click()} disabled={disabled}>
        {s.file ? t('import.otherFile') : t('import.pickFile')}
      </button>
      <input
        ref={input}
        type="file"
        accept={IMPORT_EXTENSIONS.join(',')}
        className="visually-hidden"
        aria-label={t('import.pickFile')}
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) s.setFile(f);
          e.target.value = '';
        }}
      />
      <p className="import-drop__hint">{t('import.formats', { max: formatBytes(s.formats?.maxUploadBytes ?? 200 * 1024 * 1024, num) })}</p>
    </div>
  );
}

function formatBytes(n: number, num: (v: number, d?: number) => string): string {
  if (n < 1024) return `${num(n)} B`;
  if (n < 1024 * 1024) return `${num(n / 1024, 1)} KB`;
  return `${num(n / 1024 / 1024, 1)} MB`;
}

function ErrorNote({ state: s }: { state: ImportState }) {
  const { t, pick, num } = useI18n();
  const e = s.error!;
  let text: string;
  if (e.kind === 'auth') text = t(e.status === 401 ? 'import.signIn' : 'import.forbidden');
  else if (e.kind === 'file') text = e.reason === 'type' ? t('import.badType') : t('import.tooLarge', { max: formatBytes(e.limit ?? 0, num) });
  else text = pick(e.error.text);
  return (
    <div className="error-box import-error" role="alert" data-testid="import-error" data-kind={e.kind}>
      <p>{text}</p>
    </div>
  );
}

function Bar({ label, value, max, testId, detail }: { label: string; value: number; max: number | undefined; testId: string; detail: string }) {
  const pct = max ? Math.min(100, Math.round((value / max) * 100)) : undefined;
  return (
    <div className="import-progress" data-testid={testId} data-done={pct === 100 ? 'true' : 'false'}>
      <div className="import-progress__label">
        <span>{label}</span>
        <span>{detail}</span>
      </div>
      <div
        className={`import-progress__track${pct === undefined ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== undefined ? { 'aria-valuenow': pct } : {})}
      >
        <div className="import-progress__fill" style={pct !== undefined ? { width: `${pct}%` } : undefined} />
      </div>
    </div>
  );
}

function ProgressBars({ progress, phase, size }: { progress: ImportProgressState; phase: ImportState['phase']; size: number }) {
  const { t, num } = useI18n();
  if (phase !== 'checking' && phase !== 'importing') return null;
  const up = progress.upload;
  const proc = progress.processing;
  const upTotal = up?.total ?? size;
  const upDone = up ? up.loaded : 0;
  return (
    <div className="import-progress-group" aria-live="polite">
      <Bar
        label={t('import.upload')}
        value={upDone}
        max={upTotal}
        testId="import-progress-upload"
        detail={`${Math.round((upDone / Math.max(1, upTotal)) * 100)}%`}
      />
      <Bar
        label={proc?.phase === 'write' ? t('import.writing') : t(phase === 'importing' ? 'import.processing' : 'import.checking')}
        value={proc?.done ?? 0}
        max={proc ? proc.total : 1}
        testId="import-progress-processing"
        detail={proc ? (proc.total ? `${num(proc.done)} / ${num(proc.total)}` : t('import.featuresSeen', { n: num(proc.done) })) : t('import.waiting')}
      />
    </div>
  );
}

function Summary({ result, layerTitle, onAnother, onClose }: { result: ImportReport; layerTitle: string; onAnother: () => void; onClose: () => void }) {
  const { t, num } = useI18n();
  // the columns that went nowhere, named again after the import (not only in the dry run)
  const fields = result.warnings.find((w) => w.code === 'UNKNOWN_FIELDS')?.fields;
  const unmatched = Array.isArray(fields) ? fields.map(String) : [];
  return (
    <div className="import-summary" role="status" data-testid="import-summary" data-imported={result.imported}>
      <p className="import-summary__big">
        <span className="import-summary__tick" aria-hidden="true">
          ✓
        </span>
        {t('import.done', { n: num(result.imported), layer: layerTitle })}
      </p>
      {result.replaced !== undefined && <p>{t('import.doneReplaced', { n: num(result.replaced) })}</p>}
      {result.rejectedCount > 0 && <p>{t('import.doneRejected', { n: num(result.rejectedCount) })}</p>}
      {unmatched.length > 0 && (
        <p data-testid="import-summary-unmatched" data-columns={unmatched.join('\n')}>
          {t('import.doneUnmatched', { list: unmatched.join('、') })}
        </p>
      )}
      {result.historyEventId !== undefined && <p className="muted">{t('import.doneUndo', { id: result.historyEventId })}</p>}
      <div className="import-summary__actions">
        <button type="button" className="button" onClick={onAnother} data-testid="import-another">
          {t('import.another')}
        </button>
        <button type="button" className="button button--primary" onClick={onClose} data-testid="import-done">
          {t('import.finish')}
        </button>
      </div>
    </div>
  );
}
