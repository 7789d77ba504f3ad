/**
 * The admin audit log: every recorded change (who, when, which layer, how many features), filtered
 * by user, layer, kind and day; export links (CSV / NDJSON, same filters); imports can be undone.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { AuditFilter, HistoryEvent } from '../../api/history.ts';
import { errorText } from '../../hooks/errorText.ts';
import type { LayerInfo } from '../../api/types.ts';
import { useAudit } from '../../hooks/useAudit.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LayerOptions } from '../Editor/LayerOptions.tsx';
import { KIND_KEY, useWhen } from './FeatureHistorySection.tsx';
import { CloseButton } from '../CloseButton/CloseButton.tsx';
import { DataTable, ResultActions } from '../DataTable/DataTable.tsx';
import { ModalBackdrop } from '../Modal/ModalBackdrop.tsx';
import './History.css';

interface Props {
  layers: readonly LayerInfo[];
  onClose: () => void;
  /** After an undo: the layer whose data changed. */
  onUndone: (layerId: string) => void;
}

const KINDS = ['create', 'update', 'delete', 'restore', 'import', 'undo'] as const;

export function AuditLogPanel({ layers, onClose, onUndone }: Props) {
  const { t, pick } = useI18n();
  const id = useId();
  const when = useWhen();
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const { state, more, undo, exportUrl } = useAudit(filter);
  const [message, setMessage] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const byId = new Map(layers.map((l) => [l.id, l]));
  const set = (k: keyof AuditFilter, v: string) => setDraft((d) => ({ ...d, [k]: v || undefined }));

  const doUndo = async (e: HistoryEvent) => {
    setConfirm(null);
    setMessage(null);
    try {
      const r = await undo(e.id);
      setMessage(t('audit.undone', { n: r.reverted }));
      onUndone(e.layer);
    } catch (err) {
      setMessage(pick(errorText(err)));
    }
  };

  const summary = (e: HistoryEvent) => {
    const s = e.summary as { filename?: unknown; imported?: unknown; restoredVersion?: unknown };
    if (e.kind === 'import' && typeof s.filename === 'string') return t('audit.importOf', { file: s.filename, n: Number(s.imported ?? e.featureCount) });
    if (e.kind === 'restore' && s.restoredVersion !== undefined) return t('audit.restoredVersion', { n: String(s.restoredVersion) });
    return t('audit.features', { n: e.featureCount });
  };

  return (
    <ModalBackdrop className="audit-backdrop" onClose={onClose}>
      <section className="audit" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} data-testid="audit">
        <header className="audit__head">
          <h2 id={`${id}-title`} ref={titleRef} tabIndex={-1}>
            {t('audit.title')}
          </h2>
          <CloseButton label={t('inspector.close')} onClick={onClose} testId="audit-close" />
        </header>
        <form
          className="audit__filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter(draft);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-user`}>{t('audit.user')}</label>
            <input id={`${id}-user`} value={draft.user ?? ''} onChange={(e) => set('user', e.target.value)} data-testid="audit-user" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-layer`}>{t('audit.layer')}</label>
            <select id={`${id}-layer`} value={draft.layer ?? ''} onChange={(e) => set('layer', e.target.value)} data-testid="audit-layer">
              <LayerOptions layers={layers} placeholder={t('audit.all')} />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-kind`}>{t('audit.kind')}</label>
            <select id={`${id}-kind`} value={draft.kind ?? ''} onChange={(e) => set('kind', e.target.value)}>
              <option value="">{t('audit.all')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(KIND_KEY[k]!)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
            <input id={`${id}-from`} type="date" value={draft.from ?? ''} onChange={(e) => set('from', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
            <input id={`${id}-to`} type="date" value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} />
          </div>
          <ResultActions
            className="audit__filter-actions"
            downloads={[
              { href: exportUrl('csv'), label: t('audit.exportCsv'), testId: 'audit-export-csv', quiet: true },
              { href: exportUrl('ndjson'), label: t('audit.exportNdjson'), quiet: true },
            ]}
          >
            <button type="submit" className="button button--primary" data-testid="audit-apply">
              {t('audit.apply')}
            </button>
          </ResultActions>
        </form>
        {message && (
          <p className="audit__message" role="status">
            {message}
          </p>
        )}
        <div className="audit__body">
          {state.status === 'error' && <p className="field__error">{state.error ? pick(state.error) : t('error.generic')}</p>}
          {state.status === 'ok' && state.events.length === 0 && <p className="muted">{t('audit.none')}</p>}
          {state.events.length > 0 && (
            <DataTable
              className="audit__table"
              wrap={false}
              testId="audit-table"
              head={[
                t('audit.when'),
                t('audit.user'),
                t('audit.kind'),
                t('audit.layer'),
                t('audit.what'),
                <span key="actions" className="visually-hidden">
                  {t('audit.actions')}
                </span>,
              ]}
            >
              {state.events.map((e) => (
                <tr key={e.id} data-testid={`audit-event-${e.id}`}>
                  <td className="nowrap">{when(e.at)}</td>
                  <td>{e.user.username}</td>
                  <td>{t(KIND_KEY[e.kind] ?? 'history.kind.update')}</td>
                  <td>{pick(byId.get(e.layer)?.title) || e.layer}</td>
                  <td>
                    {summary(e)}
                    {e.undoneBy !== null && <span className="audit__undone"> · {t('history.undone')}</span>}
                  </td>
                  <td className="nowrap">
                    {e.kind === 'import' && e.undoneBy === null && confirm !== e.id && (
                      <button type="button" className="link-button" onClick={() => setConfirm(e.id)} data-testid={`audit-undo-${e.id}`}>
                        {t('audit.undo')}
                      </button>
                    )}
                    {confirm === e.id && (
                      <span className="audit__confirm">
                        <button type="button" className="link-button is-danger" onClick={() => void doUndo(e)} data-testid={`audit-undo-confirm-${e.id}`}>
                          {t('audit.undoConfirm', { n: e.featureCount })}
                        </button>{' '}
                        <button type="button" className="link-button" onClick={() => setConfirm(null)}>
                          {t('edit.cancel')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {state.status === 'loading' && <p className="muted">{t('history.loading')}</p>}
          {state.next !== null && (
            <button type="button" className="button button--quiet" onClick={() => void more()}>
              {t('audit.more')}
            </button>
          )}
        </div>
      </section>
    </ModalBackdrop>
  );
}
