/**
 * The column-mapping step of an upload (batch screening; the layer import uses the same): one row
 * per role (name, id, address, the two coordinates, a per-row 坐标系 column) with a choice of the
 * file's headers, guessed beforehand and editable here, and the first rows' values beside it so the
 * user sees what each choice reads. Roles the file cannot have (coordinates of a GeoJSON, which come
 * from its geometry) are left out by the caller. The import adds a second table: each column the
 * roles left, and which of the layer's attributes it fills (guessed from the catalogue's keys and
 * labels, editable; a column left at 不导入 is named below as not imported).
 */
import { useId, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import type { Bilingual } from '../../api/types.ts';
import type { AttributeMapping, Cell, ColumnMapping as Mapping, Role } from '../../lib/columnMapping.ts';
import { DataTable } from '../DataTable/DataTable.tsx';
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
  /** The import's attribute columns: the layer's attributes, and attribute key → header. */
  attributes?: { defs: readonly { key: string; label: Bilingual }[]; mapping: AttributeMapping; onChange: (m: AttributeMapping) => void } | undefined;
  testId?: string;
}

const SAMPLES = 3;

export function ColumnMapping({ headers, rows, mapping, onChange, roles, required = [], projected = false, attributes, testId = 'column-mapping' }: Props) {
  const { t } = useI18n();
  const uid = useId();
  const label = (r: Role): string => t(`columns.role.${r === 'x' || r === 'y' ? `${r}${projected ? 'Projected' : ''}` : r}` as MessageKey);
  // the import shows only its own roles: a header the hidden guesses (id, address) hold is still free for an attribute
  const used = new Set(attributes ? roles.flatMap((r) => (mapping[r] === undefined ? [] : [mapping[r]])) : Object.values(mapping));
  const free = headers.filter((h) => !used.has(h));
  const attributeOf = new Map(Object.entries(attributes?.mapping ?? {}).map(([k, h]) => [h, k]));
  const unused = free.filter((h) => !attributeOf.has(h));
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
      <MappingTable caption={t('columns.caption')} heads={[t('columns.role'), t('columns.column'), t('columns.samples')]}>
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
              <Samples values={samples} />
            </tr>
          );
        })}
      </MappingTable>
      {attributes && free.length > 0 && <AttributeColumns headers={free} rows={rows} attributeOf={attributeOf} attributes={attributes} testId={testId} />}
      {unused.length > 0 && (
        <p className="column-mapping__unused" data-testid={`${testId}-unused`}>
          {t(attributes ? 'columns.notImported' : 'columns.unused', { list: unused.join('、') })}
        </p>
      )}
    </div>
  );
}

/** One row per column the roles left: the layer attribute it fills, or 不导入. */
function AttributeColumns({
  headers,
  rows,
  attributeOf,
  attributes,
  testId,
}: {
  headers: readonly string[];
  rows: readonly Record<string, Cell>[];
  attributeOf: ReadonlyMap<string, string>;
  attributes: NonNullable<Props['attributes']>;
  testId: string;
}) {
  const { t, pick } = useI18n();
  const uid = useId();
  const set = (header: string, key: string) => {
    // one column per attribute, one attribute per column
    const next = Object.fromEntries(Object.entries(attributes.mapping).filter(([k, h]) => h !== header && k !== key));
    if (key) next[key] = header;
    attributes.onChange(next);
  };
  return (
    <MappingTable caption={t('columns.attributes')} heads={[t('columns.column'), t('columns.attribute'), t('columns.samples')]} testId={`${testId}-attributes`}>
      {headers.map((h, i) => (
        <tr key={h} data-column={h}>
          <th scope="row">
            <label htmlFor={`${uid}-${i}`}>{h}</label>
          </th>
          <td>
            <select id={`${uid}-${i}`} value={attributeOf.get(h) ?? ''} onChange={(e) => set(h, e.target.value)} data-testid={`${testId}-attr`} data-column={h}>
              <option value="">{t('columns.skip')}</option>
              {attributes.defs.map((d) => (
                <option key={d.key} value={d.key}>
                  {pick(d.label)}
                </option>
              ))}
            </select>
          </td>
          <Samples values={rows.slice(0, SAMPLES).map((r) => r[h])} />
        </tr>
      ))}
    </MappingTable>
  );
}

/** A mapping table: the shared DataTable with its caption, in this dialog's own compact style. */
function MappingTable({ caption, heads, testId, children }: { caption: string; heads: readonly string[]; testId?: string; children: ReactNode }) {
  return (
    <DataTable head={heads} caption={{ text: caption, className: 'column-mapping__caption' }} className="column-mapping__table" wrap={false} testId={testId}>
      {children}
    </DataTable>
  );
}

/** The first rows' values of a column. */
function Samples({ values }: { values: readonly (Cell | undefined)[] }) {
  return (
    <td className="column-mapping__samples">
      {values.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: samples are positional
        <span key={i}>{v === null || v === undefined || v === '' ? '—' : String(v)}</span>
      ))}
    </td>
  );
}
