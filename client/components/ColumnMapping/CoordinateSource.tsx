/**
 * "Where did these coordinates come from?" GCJ-02 (AMap, Tencent) and BD-09 (Baidu) cannot be told
 * from WGS84 by their numbers, so the user answers; the guess from the headers or the numbers is
 * shown as a suggestion only.
 */
import { useId } from 'react';
import type { CrsId } from '../../api/types.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { CRS_LIST } from '../../lib/crs.ts';

interface Props {
  value: CrsId;
  suggested?: CrsId | undefined;
  onChange: (crs: CrsId) => void;
  /** A per-row 坐标系 column is mapped: this answer covers only the rows that leave it empty. */
  perRow?: boolean;
}

export function CoordinateSource({ value, suggested, onChange, perRow = false }: Props) {
  const { t } = useI18n();
  const uid = useId();
  return (
    <fieldset className="coordinate-source" data-testid="coordinate-source" data-crs={value}>
      <legend>{t('columns.source')}</legend>
      {perRow && <p className="muted">{t('columns.sourcePerRow')}</p>}
      {CRS_LIST.map((id) => (
        <label key={id} className="coordinate-source__option" htmlFor={`${uid}-${id}`}>
          <input
            id={`${uid}-${id}`}
            type="radio"
            name={`${uid}-crs`}
            value={id}
            checked={value === id}
            onChange={() => onChange(id)}
            data-testid={`source-${id}`}
          />
          <span>
            {t(`columns.source.${id}` as MessageKey)}
            {suggested === id && <em className="coordinate-source__hint"> {t('columns.suggested')}</em>}
          </span>
        </label>
      ))}
      {(value === 'wgs84' || value === 'cgcs2000') && <p className="muted coordinate-source__note">{t('columns.sourceNote')}</p>}
    </fieldset>
  );
}
