/** The dry run's answer in the import dialog: detected format and CRS, warnings, counts and the rejected features. */
import type { ImportReport, ImportWarning } from '../../api/import.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

/** Warnings that change where features land: shown first, in the warning colour. */
const SERIOUS = new Set(['AXES_SWAPPED', 'DATUM_SHIFT_SUSPECTED', 'DATUM_UNCHECKED', 'CRS_GUESSED', 'OUTSIDE_DISTRICT_AREA', 'CRS_DECLARATION_UNKNOWN']);
const SOURCES = ['override', 'prj', 'geojson-crs', 'ewkt', 'format', 'content'] as const;
const REJECT_CODES = [
  'NO_GEOMETRY',
  'MALFORMED_GEOMETRY',
  'GEOMETRY_TYPE',
  'OUTSIDE_EXTENT',
  'INVALID_GEOMETRY',
  'ATTRIBUTES',
  'REQUIRED_MISSING',
  'UNKNOWN_CRS',
] as const;
export const KNOWN_CRS = ['wgs84', 'cgcs2000', 'epsg4547', 'epsg4526', 'gcj02', 'bd09'] as const;

export function crsName(t: (k: MessageKey) => string, id: string, fallback: string): string {
  return (KNOWN_CRS as readonly string[]).includes(id) ? t(`crs.${id}` as MessageKey) : fallback;
}

export function WarningList({ warnings, onUseCrs }: { warnings: readonly ImportWarning[]; onUseCrs: (crs: string) => void }) {
  const { t, pick } = useI18n();
  if (!warnings.length) return null;
  const ordered = [...warnings].sort((a, b) => Number(SERIOUS.has(b.code)) - Number(SERIOUS.has(a.code)));
  return (
    <ul className="import-warnings" aria-label={t('import.warnings')} data-testid="import-warnings">
      {ordered.map((w, i) => {
        const suggest = typeof w.suggestCrs === 'string' ? w.suggestCrs : undefined;
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: a warning has no id and two may read alike; the list is drawn whole from each report and holds no state
            key={`${w.code}-${i}`}
            className={`import-warning${SERIOUS.has(w.code) ? ' is-serious' : ''}`}
            data-code={w.code}
            role={SERIOUS.has(w.code) ? 'alert' : undefined}
          >
            <span className="import-warning__icon" aria-hidden="true">
              {SERIOUS.has(w.code) ? '!' : 'i'}
            </span>
            <div>
              <p>{pick(w)}</p>
              {suggest && (
                <button
                  type="button"
                  className="button button--quiet import-warning__action"
                  onClick={() => onUseCrs(suggest)}
                  data-testid="import-use-suggested-crs"
                >
                  {t('import.useCrs', { crs: crsName(t, suggest, suggest) })}
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function Detected({ report, formatTitle }: { report: ImportReport; formatTitle: string }) {
  const { t } = useI18n();
  const source = (SOURCES as readonly string[]).includes(report.crs.source) ? t(`import.crsSource.${report.crs.source}` as MessageKey) : report.crs.source;
  return (
    <dl className="import-detected" data-testid="import-detected">
      <div>
        <dt>{t('import.format')}</dt>
        <dd data-testid="import-format" data-format={report.format}>
          {formatTitle}
          {report.encoding ? <span className="import-detected__extra">{report.encoding}</span> : null}
        </dd>
      </div>
      <div>
        <dt>{t('import.crs')}</dt>
        <dd data-testid="import-crs" data-crs={report.crs.id} data-source={report.crs.source}>
          {crsName(t, report.crs.id, report.crs.label)}
          <span className="import-detected__extra">{source}</span>
          {report.swapXY && <span className="import-detected__extra is-warn">{t('import.swapped')}</span>}
        </dd>
      </div>
    </dl>
  );
}

export function Counts({ report }: { report: ImportReport }) {
  const { t, num } = useI18n();
  const cells: { key: string; label: string; value: number; tone?: string }[] = [
    { key: 'total', label: t('import.count.total'), value: report.total },
    { key: 'imported', label: report.dryRun ? t('import.count.willImport') : t('import.count.imported'), value: report.imported, tone: 'ok' },
    { key: 'rejected', label: t('import.count.rejected'), value: report.rejectedCount, tone: report.rejectedCount ? 'bad' : '' },
  ];
  if (report.repaired) cells.push({ key: 'repaired', label: t('import.count.repaired'), value: report.repaired });
  return (
    <ul className="import-counts" data-testid="import-counts">
      {cells.map((c) => (
        <li key={c.key} className={c.tone ? `is-${c.tone}` : undefined} data-testid={`import-count-${c.key}`} data-value={c.value}>
          <strong>{num(c.value)}</strong>
          <span>{c.label}</span>
        </li>
      ))}
    </ul>
  );
}

export function RejectedTable({ report }: { report: ImportReport }) {
  const { t, num } = useI18n();
  if (!report.rejectedCount) return <p className="import-ok">{t('import.noRejects')}</p>;
  const codeLabel = (code: string) => ((REJECT_CODES as readonly string[]).includes(code) ? t(`import.reject.${code}` as MessageKey) : code);
  return (
    <div className="import-table-wrap">
      <table className="import-table" data-testid="import-rejected">
        <caption>{t('import.rejectedCaption', { n: num(report.rejectedCount) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.col.index')}</th>
            <th scope="col">{t('import.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rejected.map((r) => (
            <tr key={r.index} data-index={r.index}>
              <td className="import-table__num">
                {r.index + 1}
                {r.line ? <span className="import-table__line">{t('import.line', { n: r.line })}</span> : null}
              </td>
              <td>
                <strong>{codeLabel(r.code)}</strong>
                <span className="import-table__reason">{r.reason}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.rejectedTruncated && <p className="muted">{t('import.truncated', { n: num(report.rejected.length) })}</p>}
    </div>
  );
}
