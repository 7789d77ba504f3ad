/** The rule and street-office filters shared by the Analysis and 台账 tabs. */
import type { Rule } from '../../api/violations.ts';
import { useI18n } from '../../i18n/index.tsx';
import { StreetsDemoTag } from '../DemoBadge/StreetsDemo.tsx';

interface SelectProps {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  testId: string;
}

export function RuleSelect({ rules, value, onChange, testId }: SelectProps & { rules: readonly Rule[] }) {
  const { t, pick, article } = useI18n();
  return (
    <label className="field">
      <span>{t('analysis.filter.rule')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={testId}>
        <option value="">{t('analysis.filter.allRules')}</option>
        {rules.map((r) => (
          <option key={r.id} value={r.id}>
            {article(r.article)} · {pick(r.title)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StreetSelect({ streets, value, onChange, testId }: SelectProps & { streets: readonly { code: string | null; name: string | null }[] }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>
        {t('analysis.filter.street')}
        <StreetsDemoTag />
      </span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)} data-testid={testId}>
        <option value="">{t('analysis.filter.allStreets')}</option>
        {streets
          .filter((s) => s.code)
          .map((s) => (
            <option key={s.code} value={s.code!}>
              {s.name}
            </option>
          ))}
      </select>
    </label>
  );
}
