/**
 * The analysis tab (issue 4): violations of the plan's rules, clean-heating coverage of the
 * built-up area, and zone/site statistics. Everything is fetched when the tab is first opened and
 * again each time it is reopened, on "Refresh", and when a layer's revision changes, so the numbers
 * are always the server's current ones (no client-side cache of results).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerInfo } from '../../api/types.ts';
import type { Violation, ViolationFilter } from '../../api/violations.ts';
import { useGapsLayer, useViolationHighlights } from '../../hooks/useAnalysisMap.ts';
import { coverageGapsUrl, useCoverage, useCoverageGaps } from '../../hooks/useCoverage.ts';
import { useStats } from '../../hooks/useStats.ts';
import { useRules, useViolations, violationsGeoJsonUrl } from '../../hooks/useViolations.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { MapOverlays } from '../../layers/index.ts';
import { formatArea } from '../../lib/area.ts';
import type { LngLat, MapController } from '../../map/index.ts';
import { CoverageSection } from './CoverageSection.tsx';
import { StatsSection } from './StatsSection.tsx';
import { ViolationsSection } from './ViolationsSection.tsx';
import './Analysis.css';

type Section = 'violations' | 'coverage' | 'stats';
const SECTIONS: readonly Section[] = ['violations', 'coverage', 'stats'];

interface Props {
  map: MapController | null;
  layers: readonly LayerInfo[];
  /** The tab is showing: opening it again refetches. */
  active: boolean;
  /** Select a site, open its inspector and bring it into view. */
  onOpenFeature: (layer: string, id: number, at: LngLat) => void;
  /** 立案 from a violation (offered to users who may act on cases). */
  onOpenCase?: (v: Violation) => void;
  /** Centre the map on a place (e.g. a coverage gap). */
  onLocate: (at: LngLat) => void;
  /** The violation filters (kept in the link). */
  filter: ViolationFilter;
  onFilter: (f: ViolationFilter) => void;
  /** Which of its marks are drawn on the map now (for the map legend). */
  onOverlays?: (on: MapOverlays) => void;
}

export function AnalysisPanel({ map, layers, active, onOpenFeature, onOpenCase, onLocate, filter, onFilter, onOverlays }: Props) {
  const { t, num } = useI18n();
  const [section, setSection] = useState<Section>('violations');
  const [opened, setOpened] = useState(0);
  const [nonce, setNonce] = useState(0);
  const [showViolations, setShowViolations] = useState(true);
  const [showGaps, setShowGaps] = useState(false);

  useEffect(() => {
    if (active) setOpened((n) => n + 1);
  }, [active]);
  const enabled = opened > 0;
  // Anything that may change the answers: an edited layer (its revision), reopening, Refresh.
  const revisions = useMemo(() => layers.map((l) => `${l.id}@${l.revision}`).join(','), [layers]);
  const dataKey = `${revisions}|${opened}|${nonce}`;

  const rules = useRules(enabled);
  const violations = useViolations(filter, dataKey, enabled);
  const coverage = useCoverage(dataKey, enabled);
  const gaps = useCoverageGaps(dataKey, enabled && showGaps);
  const stats = useStats(dataKey, enabled);

  useViolationHighlights(map, violations.data?.violations ?? null, enabled && showViolations);
  const gapLabel = useCallback((m2: number) => formatArea(m2, num), [num]);
  const gapsDrawn = useGapsLayer(map, gaps.data, showGaps, gapLabel);
  const ringsOn = enabled && showViolations && (violations.data?.violations.length ?? 0) > 0;
  const gapsOn = showGaps && !!gaps.data?.features.length;
  useEffect(() => onOverlays?.({ violations: ringsOn, gaps: gapsOn }), [onOverlays, ringsOn, gapsOn]);

  const loading = violations.loading || coverage.loading || stats.loading || (showGaps && gaps.loading);
  const error = violations.error ?? coverage.error ?? stats.error ?? rules.error ?? gaps.error;

  return (
    <div className="analysis" data-testid="analysis" aria-busy={loading}>
      <div className="analysis__bar">
        <div className="segmented analysis__sections" role="tablist" aria-label={t('analysis.sections')}>
          {SECTIONS.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              id={`analysis-tab-${s}`}
              aria-selected={section === s}
              aria-controls={`analysis-panel-${s}`}
              className={`segmented__item${section === s ? ' is-on' : ''}`}
              onClick={() => setSection(s)}
              data-testid={`analysis-tab-${s}`}
            >
              {t(`analysis.section.${s}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="icon-button analysis__refresh"
          onClick={() => setNonce((n) => n + 1)}
          disabled={loading}
          aria-label={loading ? t('analysis.refreshing') : t('analysis.refresh')}
          title={loading ? t('analysis.refreshing') : t('analysis.refresh')}
          data-testid="analysis-refresh"
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" className={loading ? 'analysis__spin' : undefined}>
            <path
              d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      </div>
      {error !== null && error !== undefined && (
        <div className="error-box" role="alert">
          <p>{t('analysis.loadFailed')}</p>
          <button type="button" className="button" onClick={() => setNonce((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      )}
      <div role="tabpanel" id="analysis-panel-violations" aria-labelledby="analysis-tab-violations" hidden={section !== 'violations'}>
        <ViolationsSection
          rules={rules.data?.rules ?? []}
          data={violations.data}
          streets={stats.data?.sitesByStreet ?? []}
          layers={layers}
          filter={filter}
          onFilter={onFilter}
          showOnMap={showViolations}
          onShowOnMap={setShowViolations}
          onOpen={onOpenFeature}
          {...(onOpenCase ? { onOpenCase } : {})}
          downloadUrl={violationsGeoJsonUrl(filter)}
        />
      </div>
      <div role="tabpanel" id="analysis-panel-coverage" aria-labelledby="analysis-tab-coverage" hidden={section !== 'coverage'}>
        <CoverageSection
          data={coverage.data}
          showGaps={showGaps}
          onShowGaps={setShowGaps}
          gapsDrawn={gapsDrawn}
          gapsLoaded={gaps.data?.features.length ?? null}
          onLocate={onLocate}
          downloadUrl={coverageGapsUrl()}
        />
      </div>
      <div role="tabpanel" id="analysis-panel-stats" aria-labelledby="analysis-tab-stats" hidden={section !== 'stats'}>
        <StatsSection data={stats.data} layers={layers} visible={section === 'stats'} />
      </div>
    </div>
  );
}
