/**
 * The column-mapping step of an upload (batch screening; the layer import uses the same): one row
 * per role (name, id, address, the two coordinates, a per-row 坐标系 column) with a choice of the
 * file's headers, guessed beforehand and editable here, and the first rows' values beside it so the
 * user sees what each choice reads. Roles the file cannot have (coordinates of a GeoJSON, which come
 * from its geometry) are left out by the caller.
 */
import { useId } from 'react';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import type { Cell, ColumnMapping as Mapping, Role } from '../../lib/columnMapping.ts';
import './ColumnMapping.css';

interface Props {
  headers: readonly string[];
  /** The first rows (a few are shown as samples). */
  rows: readonly Record<string, Cell>[];
  mapping: Mapping;
  onChange: (m: Mapping) => void;
  roles: readonly Role[];
  /** Roles that must be mapped before the caller goes on (marked, and flagged while empty). */
  required?: readonly Role[];
  /** Projected coordinates: the coordinate roles read 东坐标/北坐标 instead of 经度/纬度. */
  projected?: boolean;
  testId?: string;
}

const SAMPLES = 3;

export function ColumnMapping({ headers, rows, mapping, onChange, roles, required = [], projected = false, testId = 'column-mapping' }: Props) {
  const { t } = useI18n();
  const uid = useId();
  const label = (r: Role): string => t(`columns.role.${r === 'x' || r === 'y' ? `${r}${projected ? 'Projected' : ''}` : r}` as MessageKey);
  const used = new Set(Object.values(mapping));
  const unused = headers.filter((h) => !used.has(h));
  const set = (role: Role, header: string) => {
    const next: Mapping = { ...mapping };
    // a column serves one role: taking it here frees it elsewhere
    for (const r of Object.keys(next) as Role[]) if (next[r] === header) delete next[r];
    if (header) next[role] = header;
    else delete next[role];
    onChange(next);
  };
  return (
    <div className="column-mapping" data-testid={testId}>
      <table className="column-mapping__table">
        <caption className="column-mapping__caption">{t('columns.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('columns.role')}</th>
            <th scope="col">{t('columns.column')}</th>
            <th scope="col">{t('columns.samples')}</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((role) => {
            const header = mapping[role];
            const needed = required.includes(role);
            const samples = header ? rows.slice(0, SAMPLES).map((r) => r[header]) : [];
            return (
              <tr key={role} data-role={role} className={needed && !header ? 'is-missing' : undefined}>
                <th scope="row">
                  <label htmlFor={`${uid}-${role}`}>
                    {label(role)}
                    {needed && <span className="column-mapping__required"> *</span>}
                  </label>
                </th>
                <td>
                  <select
                    id={`${uid}-${role}`}
                    value={header ?? ''}
                    onChange={(e) => set(role, e.target.value)}
                    data-testid={`${testId}-${role}`}
                    aria-invalid={needed && !header ? true : undefined}
                  >
                    <option value="">{t('columns.none')}</option>
                    {headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="column-mapping__samples">
                  {samples.map((v, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: samples are positional
                    <span key={i}>{v === null || v === undefined || v === '' ? '—' : String(v)}</span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unused.length > 0 && (
        <p className="column-mapping__unused" data-testid={`${testId}-unused`}>
          {t('columns.unused', { list: unused.join('、') })}
        </p>
      )}
    </div>
  );
}
