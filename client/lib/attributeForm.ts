/**
 * The attribute form of the editor, as plain data: form values (strings, as inputs hold them) from
 * a feature's properties and back, checked against the layer's attribute definitions the same way
 * the server's schema checks them (required, number/integer, min, date, enum). Also the "which
 * fields changed" of a history entry. Pure: no React, no fetch.
 */
import type { AttributeDef } from '../api/types.ts';

/** Input values by key; `name` is the feature's name (not part of the layer's attribute list). */
export type FormValues = Record<string, string>;

export type FieldProblem = 'required' | 'number' | 'integer' | 'min' | 'date' | 'enum';

export function toFormValues(defs: readonly AttributeDef[], props: Record<string, unknown> | null | undefined): FormValues {
  const p = props ?? {};
  const v: FormValues = { name: p.name == null ? '' : String(p.name) };
  for (const d of defs) {
    const raw = p[d.key];
    v[d.key] = raw == null ? '' : d.type === 'boolean' ? (raw === true ? 'true' : raw === false ? 'false' : '') : String(raw);
  }
  return v;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseField(d: AttributeDef, text: string): { value: unknown } | { problem: FieldProblem } {
  const s = text.trim();
  if (s === '') return d.required ? { problem: 'required' } : { value: null };
  switch (d.type) {
    case 'text':
      return { value: text };
    case 'number':
    case 'integer': {
      const n = Number(s.replace(/,/g, ''));
      if (!Number.isFinite(n)) return { problem: 'number' };
      if (d.type === 'integer' && !Number.isInteger(n)) return { problem: 'integer' };
      if (d.min !== undefined && n < d.min) return { problem: 'min' };
      return { value: n };
    }
    case 'boolean':
      return s === 'true' ? { value: true } : s === 'false' ? { value: false } : { problem: 'required' };
    case 'date':
      return DATE.test(s) && !Number.isNaN(Date.parse(s)) ? { value: s } : { problem: 'date' };
    case 'enum':
      return d.options.some((o) => o.value === s) ? { value: s } : { problem: 'enum' };
  }
}

/**
 * The properties to send (empty fields left out: the server treats missing and null alike) or the
 * problems by key. Properties the layer does not define are not sent.
 */
export function fromFormValues(
  defs: readonly AttributeDef[],
  values: FormValues,
): { ok: true; properties: Record<string, unknown> } | { ok: false; problems: Record<string, FieldProblem> } {
  const properties: Record<string, unknown> = {};
  const problems: Record<string, FieldProblem> = {};
  const name = (values.name ?? '').trim();
  if (name) properties.name = name;
  for (const d of defs) {
    const r = parseField(d, values[d.key] ?? '');
    if ('problem' in r) problems[d.key] = r.problem;
    else if (r.value !== null) properties[d.key] = r.value;
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, properties };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Keys whose values differ between two versions (`geometry` when the shape changed), `is_demo` ignored. */
export function changedFields(
  before: { geometry: unknown; properties: Record<string, unknown> } | null,
  after: { geometry: unknown; properties: Record<string, unknown> } | null,
): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before.properties), ...Object.keys(after.properties)]);
  keys.delete('is_demo');
  const out = [...keys].filter((k) => !same(before.properties[k], after.properties[k])).sort();
  if (!same(before.geometry, after.geometry)) out.push('geometry');
  return out;
}
