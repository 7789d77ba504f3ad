/**
 * Coordinates typed by hand, in any of the systems the bureau's data comes in. The picker explains
 * each system; a "lng, lat" pair pasted into the first box is split over both.
 */
import { useId, useState, type FormEvent } from 'react';
import type { CheckQuery } from '../../api/check.ts';
import type { CrsId } from '../../api/types.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { parseCoordinate, parsePair } from '../../lib/coords.ts';
import { CRS_LIST, isProjected } from '../../lib/crs.ts';

export function CoordinateForm({ onSubmit, busy }: { onSubmit: (q: CheckQuery) => void; busy: boolean }) {
  const { t } = useI18n();
  const uid = useId();
  const [crs, setCrs] = useState<CrsId>('wgs84');
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [touched, setTouched] = useState(false);
  const projected = isProjected(crs);
  const av = parseCoordinate(a);
  const bv = parseCoordinate(b);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (av === null || bv === null) return;
    onSubmit({ crs, a: av, b: bv });
  };

  const onFirstChange = (text: string) => {
    const pair = parsePair(text);
    if (pair && /[,，;；\s]/.test(text.trim())) {
      setA(String(pair[0]));
      setB(String(pair[1]));
    } else setA(text);
  };

  return (
    <form className="coord-form" onSubmit={submit} noValidate data-testid="coord-form">
      <div className="field">
        <label htmlFor={`${uid}-crs`}>{t('check.crs')}</label>
        <select id={`${uid}-crs`} value={crs} onChange={(e) => setCrs(e.target.value as CrsId)} aria-describedby={`${uid}-crs-help`} data-testid="crs-select">
          {CRS_LIST.map((c) => (
            <option key={c} value={c}>
              {t(`crs.${c}` as MessageKey)}
            </option>
          ))}
        </select>
        <p id={`${uid}-crs-help`} className="field__help" data-testid="crs-help">
          {t(`crs.${crs}.help` as MessageKey)}
        </p>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-a`}>{projected ? t('check.x') : t('check.lng')}</label>
          <input
            id={`${uid}-a`}
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            value={a}
            placeholder={projected ? '543210.5' : '113.3035'}
            onChange={(e) => onFirstChange(e.target.value)}
            aria-invalid={touched && av === null}
            data-testid="coord-a"
          />
          {touched && av === null && <p className="field__error">{t('check.invalidNumber')}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${uid}-b`}>{projected ? t('check.y') : t('check.lat')}</label>
          <input
            id={`${uid}-b`}
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            value={b}
            placeholder={projected ? '4437800.0' : '40.0851'}
            onChange={(e) => setB(e.target.value)}
            aria-invalid={touched && bv === null}
            data-testid="coord-b"
          />
          {touched && bv === null && <p className="field__error">{t('check.invalidNumber')}</p>}
        </div>
      </div>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="coord-submit">
        {busy ? t('check.running') : t('check.submit')}
      </button>
    </form>
  );
}
