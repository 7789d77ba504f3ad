/**
 * Maps a file's columns onto the layer's attributes and coerces values to the attribute's type.
 * Files from other tools name columns in Chinese (施工许可证号), by English label, or truncated to
 * the Shapefile's 10 characters (stockpile_), and CSV/KML/DBF carry every value as text; all of those
 * resolve here, so the layer's zod schema then judges one clean object.
 */
import type { AttributeDef, Layer } from '../layers/catalogue/index.ts';

/** Columns that are ours or the writing tool's bookkeeping: ignored without a warning. */
const BOOKKEEPING = new Set(['id', 'fid', 'objectid', 'object_id', 'ogc_fid', 'is_demo', 'gid', '要素编号', '示意数据']);
const NAME_ALIASES = ['name', '名称', '名字', '站点名称', '单位名称'];

/** Lower-case, no spaces, a trailing unit in brackets removed: "年销售量(吨)" → "年销售量". */
export function normaliseHeader(h: string): string {
  return h
    .trim()
    .replace(/[（(][^）)]*[）)]\s*$/, '')
    .replace(/[\s]+/g, '')
    .toLowerCase();
}

/**
 * Shapefile (DBF) field names: at most 10 ASCII characters, unique. Derived from the catalogue, so
 * export and import agree without a sidecar file.
 */
export function dbfFieldNames(layer: Layer): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of ['name', 'is_demo', ...layer.attributes.map((a) => a.key)]) {
    let short = key.slice(0, 10);
    for (let n = 1; used.has(short.toLowerCase()); n++) short = `${key.slice(0, 10 - String(n).length)}${n}`;
    used.add(short.toLowerCase());
    out.set(key, short);
  }
  return out;
}

type Target = { key: 'name'; def?: undefined } | { key: string; def: AttributeDef };

function aliasTable(layer: Layer): Map<string, Target> {
  const t = new Map<string, Target>();
  const add = (alias: string, target: Target) => {
    const k = normaliseHeader(alias);
    if (k && !t.has(k)) t.set(k, target);
  };
  for (const a of NAME_ALIASES) add(a, { key: 'name' });
  for (const def of layer.attributes) add(def.key, { key: def.key, def });
  for (const def of layer.attributes) {
    add(def.label.zh, { key: def.key, def });
    add(def.label.en, { key: def.key, def });
  }
  for (const [key, short] of dbfFieldNames(layer)) {
    const def = layer.attributes.find((a) => a.key === key);
    if (def) add(short, { key, def });
  }
  return t;
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是', '有', '已', '√', '✓']);
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否', '无', '未', '×', '✗']);

const pad = (n: number) => String(n).padStart(2, '0');

function coerceDate(v: unknown): unknown {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
  if (typeof v !== 'string') return v;
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$/.exec(v.trim());
  if (!m) return v;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // a calendar date only: 2023-02-31 stays as written, so the schema refuses it
  const real = new Date(Date.UTC(y, mo - 1, d));
  return real.getUTCFullYear() === y && real.getUTCMonth() === mo - 1 && real.getUTCDate() === d ? `${m[1]}-${pad(mo)}-${pad(d)}` : v;
}

/** Coerces one value; a value that does not fit is returned unchanged so the schema names the problem. */
export function coerceValue(def: AttributeDef, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v.trim() === '') return null;
  switch (def.type) {
    case 'text':
      if (v instanceof Date) return coerceDate(v);
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    case 'number':
    case 'integer': {
      if (typeof v !== 'string') return v;
      const s = v.trim().replace(/,(?=\d{3}(\D|$))/g, '');
      const n = Number(s);
      return s !== '' && Number.isFinite(n) ? n : v;
    }
    case 'boolean': {
      if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : v;
      if (typeof v !== 'string') return v;
      const s = v.trim().toLowerCase();
      return TRUE.has(s) ? true : FALSE.has(s) ? false : v;
    }
    case 'date':
      return coerceDate(v);
    case 'enum': {
      if (typeof v !== 'string') return v;
      const s = v.trim();
      const hit = def.options.find(
        (o) => o.value === s || o.value.toLowerCase() === s.toLowerCase() || o.label.zh === s || o.label.en.toLowerCase() === s.toLowerCase(),
      );
      return hit ? hit.value : v;
    }
  }
}

export interface MappedProperties {
  /** `name` plus the layer's attribute keys, coerced; nulls removed. */
  properties: Record<string, unknown>;
  /** Source columns that match no attribute (reported once per file). */
  unknown: string[];
}

/** The columns the user chose (the import dialog's column mapping): the name's, and attribute key → header. */
export interface ChosenColumns {
  name?: string;
  attributes?: Readonly<Record<string, string>>;
}

/**
 * `chosen`: the columns the user mapped (e.g. 工程名称 → name, 围挡情况 → hoarding). A chosen column
 * wins over the guesses, and the guesses for what it serves no longer apply, so another 名称 column,
 * or a second column headed with that attribute's label, is reported as unknown.
 */
export function fieldMapper(layer: Layer, chosen: ChosenColumns = {}): (raw: Record<string, unknown>) => MappedProperties {
  const aliases = aliasTable(layer);
  const explicit = new Map<string, Target>();
  if (chosen.name !== undefined) explicit.set(chosen.name, { key: 'name' });
  for (const [key, header] of Object.entries(chosen.attributes ?? {})) {
    const def = layer.attributes.find((a) => a.key === key);
    if (def) explicit.set(header, { key, def });
  }
  const taken = new Set([...explicit.values()].map((t) => t.key));
  for (const [k, t] of aliases) if (taken.has(t.key)) aliases.delete(k);
  return (raw) => {
    const properties: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [col, value] of Object.entries(raw)) {
      const norm = normaliseHeader(col);
      const target: Target | undefined = explicit.get(col) ?? aliases.get(norm);
      if (!target) {
        if (!BOOKKEEPING.has(norm) && value !== null && value !== undefined && value !== '') unknown.push(col);
        continue;
      }
      if (target.key in properties) continue; // a second column for the same attribute: the first wins
      const v = target.def ? coerceValue(target.def, value) : value == null ? null : String(value);
      if (v !== null) properties[target.key] = v;
    }
    return { properties, unknown };
  };
}
