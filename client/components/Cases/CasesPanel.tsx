/** The 台账 tab: filters, counts, per-street summary and 预警, the case list, downloads; one case opens in the drawer. */
import { useCallback, useState } from 'react';
import type { CaseFilter, CaseStatus, CaseView } from '../../api/cases.ts';
import type { Rule } from '../../api/violations.ts';
import { CASE_COLORS, casesDownloadUrl, useCase, useCaseLayer, useCaseList } from '../../hooks/useCases.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { LngLat, MapController } from '../../map/index.ts';
import { RuleSelect, StreetSelect } from '../Analysis/FilterSelects.tsx';
import { CaseDrawer } from './CaseDrawer.tsx';
import './Cases.css';
import { StreetsDemoNote } from '../DemoBadge/StreetsDemo.tsx';

const STATUSES: CaseStatus[] = ['found', 'assigned', 'rectifying', 'rectified', 'closed', 'dismissed'];

interface Props {
  map: MapController | null;
  rules: readonly Rule[];
  active: boolean;
  signedIn: boolean;
  isAdmin: boolean;
  caseId: number | null;
  onCase: (id: number | null) => void;
  onLocate: (at: LngLat) => void;
  /** Bumped from outside (a case opened in the Analysis tab): the list reads again. */
  refreshKey: number;
}

export function CasesPanel({ map, rules, active, signedIn, isAdmin, caseId, onCase, onLocate, refreshKey }: Props) {
  const { t, num } = useI18n();
  const [filter, setFilter] = useState<CaseFilter>({});
  const [changed, setChanged] = useState(0);
  const [showOnMap, setShowOnMap] = useState(true);
  const { list, summary } = useCaseList(filter, refreshKey + changed);
  const bump = useCallback(() => setChanged((n) => n + 1), []);
  const current = useCase(caseId, bump);
  const data = list.status === 'ok' ? list.data : null;
  useCaseLayer(map, data, active && showOnMap, current.state.status === 'ok' && caseId !== null ? current.state.data : null);

  if (!signedIn && list.status === 'error') return <p className="muted pad">{t('cases.signIn')}</p>;
  if (caseId !== null) return <CaseDrawer actions={current} isAdmin={isAdmin} rules={rules} onClose={() => onCase(null)} onLocate={onLocate} />;

  const sum = summary.status === 'ok' ? summary.data : null;
  const set = (patch: Partial<CaseFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const open = (c: CaseView) => {
    onCase(c.id);
    onLocate({ lng: c.lng, lat: c.lat });
  };
  return (
    <div className="cases" data-testid="cases">
      <p className="intro">{t('cases.intro')}</p>
      <div className="analysis-filters">
        <label className="field">
          <span>{t('cases.filter.status')}</span>
          <select value={filter.status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })} data-testid="cases-filter-status">
            <option value="">{t('cases.filter.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <StreetSelect streets={sum?.streets ?? []} value={filter.street} onChange={(street) => set({ street })} testId="cases-filter-street" />
        <RuleSelect rules={rules} value={filter.rule} onChange={(rule) => set({ rule })} testId="cases-filter-rule" />
        <label className="field">
          <span>{t('cases.filter.unit')}</span>
          <select value={filter.unit ?? ''} onChange={(e) => set({ unit: e.target.value || undefined })} data-testid="cases-filter-unit">
            <option value="">—</option>
            {sum?.units
              .filter((u) => u.unit)
              .map((u) => (
                <option key={u.unit} value={u.unit}>
                  {u.unit}
                </option>
              ))}
          </select>
        </label>
        <label className="check-option">
          <input
            type="checkbox"
            checked={filter.overdue === 'true'}
            onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}
            data-testid="cases-filter-overdue"
          />
          {t('cases.filter.overdue')}
        </label>
      </div>

      {data && (
        <div className="analysis-total" data-testid="cases-total-box">
          <span className="analysis-total__num" data-testid="cases-total">
            {num(data.counts.total)}
          </span>
          <span className="analysis-total__label">
            {t('cases.total')} · {t('cases.overdueCount', { n: num(data.counts.overdue) })} · {t('cases.readyCount', { n: num(data.counts.readyForReview) })}
          </span>
        </div>
      )}
      <ul className="case-legend">
        {STATUSES.map((s) => (
          <li key={s}>
            <span className="case-dot" style={{ background: CASE_COLORS[s] }} aria-hidden="true" />
            {t(`cases.status.${s}`)} {data ? num(data.counts.byStatus[s] ?? 0) : ''}
          </li>
        ))}
      </ul>
      <div className="analysis__actions">
        <label className="check-option">
          <input type="checkbox" checked={showOnMap} onChange={(e) => setShowOnMap(e.target.checked)} data-testid="cases-show-map" />
          {t('cases.showOnMap')}
        </label>
        <span>
          {t('cases.download')}{' '}
          {(['xlsx', 'csv', 'geojson'] as const).map((f) => (
            <a key={f} className="button" href={casesDownloadUrl(f, filter)} download data-testid={`cases-download-${f}`}>
              {f.toUpperCase()}
            </a>
          ))}
        </span>
      </div>

      <ul className="case-list" data-testid="case-list">
        {data?.cases.length === 0 && <li className="muted">{t('cases.list.none')}</li>}
        {data?.cases.map((c) => (
          <li key={c.id}>
            <button type="button" className="viol-item" onClick={() => open(c)} data-testid={`case-item-${c.id}`}>
              <span className="case-dot" style={{ background: CASE_COLORS[c.status] }} aria-hidden="true" />
              <span className="viol-item__text">
                <span className="viol-item__name">
                  {c.title} <span className="muted">#{c.id}</span>
                </span>
                <span className="viol-item__meta">
                  {t(`cases.status.${c.status}`)} · {c.streetName ?? '—'} · {c.unit || t('cases.noUnit')} · {c.deadline}
                  {c.overdue && <strong className="case-flag case-flag--overdue"> {t('cases.overdue')}</strong>}
                  {c.readyForReview && <strong className="case-flag case-flag--ready"> {t('cases.ready')}</strong>}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {(data?.cases.length ?? 0) > 0 && <StreetsDemoNote />}

      <h3 className="analysis__h">{t('cases.summary')}</h3>
      <ol className="street-counts" data-testid="cases-summary">
        {sum?.streets.map((s) => (
          <li key={s.code ?? '-'} className="street-count street-count--static">
            <span>
              {s.rank}. {s.name ?? t('analysis.violations.noStreet')}
            </span>
            <span className="muted">{t('cases.summary.row', { open: num(s.open), overdue: num(s.overdue), rectified: num(s.rectifiedThisMonth) })}</span>
          </li>
        ))}
      </ol>
      {(sum?.streets.length ?? 0) > 0 && <StreetsDemoNote />}
      <h3 className="analysis__h">{t('cases.warnings')}</h3>
      <ul className="case-warnings" data-testid="cases-warnings">
        {sum?.warnings.length === 0 && <li className="muted">{t('cases.warnings.none')}</li>}
        {sum?.warnings.map((w) => (
          <li key={w.unit}>
            <button type="button" className="link-button" onClick={() => onCase(w.oldestCaseId)}>
              {t('cases.warnings.row', { unit: w.unit || t('cases.noUnit'), n: num(w.overdue), deadline: w.oldestDeadline, id: w.oldestCaseId })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
