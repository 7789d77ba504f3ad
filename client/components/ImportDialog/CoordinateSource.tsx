/**
 * "Where did the coordinates come from?" GCJ-02 (AMap, Tencent) and BD-09 (Baidu) cannot be told
 * from WGS84 by their numbers (500 m – 1 km apart), so the dialog asks; the answer becomes the
 * import's `crs=`. What the server detected is offered as the suggestion: its datum check
 * (DATUM_SHIFT_SUSPECTED names a CRS) or, when it had nothing to compare with (DATUM_UNCHECKED),
 * nothing — then only the user knows.
 */
import type { ImportReport } from '../../api/import.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import './CoordinateSource.css';

/** The answers and the CRS each means (a surveyor's longitude/latitude is CGCS2000; projected survey coordinates are not asked about). */
const SOURCES: readonly { key: MessageKey; crs: string }[] = [
  { key: 'import.source.gps', crs: 'wgs84' },
  { key: 'import.source.amap', crs: 'gcj02' },
  { key: 'import.source.baidu', crs: 'bd09' },
  { key: 'import.source.survey', crs: 'cgcs2000' },
];
const GEOGRAPHIC = new Set(['wgs84', 'cgcs2000', 'gcj02', 'bd09']);

export function CoordinateSource({ report, crs, onCrs, disabled }: { report: ImportReport; crs: string; onCrs: (crs: string) => void; disabled: boolean }) {
  const { t } = useI18n();
  if (!GEOGRAPHIC.has(report.crs.id) && crs === '') return null; // a projected file: nothing to ask
  const suggested = report.warnings.find((w) => w.code === 'DATUM_SHIFT_SUSPECTED')?.suggestCrs;
  const unchecked = report.warnings.some((w) => w.code === 'DATUM_UNCHECKED');
  return (
    <fieldset className="import-source" data-testid="import-source">
      <legend>{t('import.source.question')}</legend>
      <div className="segmented import-source__choices" role="radiogroup">
        {SOURCES.map((s) => {
          // unanswered (crs '') and only guessed from the numbers: nothing is chosen yet; a file that declares its CRS answers itself
          const on = crs ? crs === s.crs : report.crs.source !== 'content' && report.crs.id === s.crs;
          return (
            <label key={s.key} className={`segmented__item${on ? ' is-on' : ''}`}>
              <input type="radio" checked={on} disabled={disabled} onChange={() => onCrs(s.crs)} data-testid={`import-source-${s.crs}`} />
              {t(s.key)}
              {suggested === s.crs && <span className="import-source__hint"> · {t('import.source.suggested')}</span>}
            </label>
          );
        })}
      </div>
      <p className="field__help">{t(unchecked ? 'import.source.unchecked' : 'import.source.help')}</p>
    </fieldset>
  );
}
