/**
 * Attribute values in words: booleans as 是/否, enumerations by their label, numbers with units.
 * Pure: the caller passes the language's words (no React here).
 */
import type { AttributeDef, Bilingual, Properties } from '../api/types.ts';

export interface Words {
  lang: 'zh' | 'en';
  yes: string;
  no: string;
  empty: string;
  number: (v: number) => string;
}

const pick = (w: Words, b: Bilingual) => (w.lang === 'zh' ? b.zh : b.en) || b.zh;

export function formatValue(def: AttributeDef | undefined, value: unknown, w: Words): string {
  if (value === null || value === undefined || value === '') return w.empty;
  if (!def) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (def.type) {
    case 'boolean':
      return value === true ? w.yes : value === false ? w.no : String(value);
    case 'enum': {
      const opt = def.options.find((o) => o.value === value);
      return opt ? pick(w, opt.label) : String(value);
    }
    case 'number':
    case 'integer': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return String(value);
      return def.unit ? `${w.number(n)} ${def.unit}` : w.number(n);
    }
    default:
      return String(value);
  }
}

export interface Row {
  key: string;
  label: string;
  value: string;
  /** true / false for booleans (lets the UI draw a tick or a cross), else null. */
  flag: boolean | null;
  help?: string;
}

/** Every attribute of the layer in catalogue order, then any property the catalogue does not know. */
export function attributeRows(defs: readonly AttributeDef[], props: Properties, w: Words): Row[] {
  const rows: Row[] = defs.map((def) => {
    const v = props[def.key];
    return {
      key: def.key,
      label: pick(w, def.label),
      value: formatValue(def, v, w),
      flag: def.type === 'boolean' && typeof v === 'boolean' ? v : null,
      ...(def.help ? { help: pick(w, def.help) } : {}),
    };
  });
  const known = new Set(['name', 'is_demo', ...defs.map((d) => d.key)]);
  for (const [key, v] of Object.entries(props)) {
    if (!known.has(key)) rows.push({ key, label: key, value: formatValue(undefined, v, w), flag: null });
  }
  return rows;
}
