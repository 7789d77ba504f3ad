/**
 * Human-facing exports (`?labels=zh`): the layer catalogue's Chinese attribute labels as column
 * headers and enumeration values in words (经营中, not `operating`), 是/否 for yes/no. Machine keys
 * stay the default: stable names for scripts and other GIS software. Offered by CSV and KML; both
 * still import back (the importer maps Chinese labels, fields.ts; KML keeps keys in ExtendedData).
 */
import type { AttributeDef } from '../layers/catalogue/attributes.ts';
import type { Layer } from '../layers/catalogue/index.ts';

export type LabelMode = 'keys' | 'zh';

/** Headers of the columns that are not attributes. */
const FIXED_ZH: Record<string, string> = { id: '要素编号', name: '名称', is_demo: '示意数据', lon: '经度', lat: '纬度', wkt: 'WKT' };

/** A column's header: the key, or its Chinese label (with the unit, as a table in a report has it). */
export function columnHeader(layer: Layer, key: string, mode: LabelMode): string {
  if (mode === 'keys') return key;
  const def = layer.attributes.find((a) => a.key === key);
  if (!def) return FIXED_ZH[key] ?? key;
  const unit = def.type === 'number' || def.type === 'integer' ? def.unit : undefined;
  return unit ? `${def.label.zh}（${unit}）` : def.label.zh;
}

const yesNo = (v: boolean) => (v ? '是' : '否');

/** An attribute value as written: unchanged for `keys`; enumeration labels and 是/否 for `zh`. */
export function displayValue(def: AttributeDef | undefined, value: unknown, mode: LabelMode): unknown {
  if (mode === 'keys' || value === null || value === undefined) return value;
  if (typeof value === 'boolean') return yesNo(value);
  if (def?.type === 'enum') return def.options.find((o) => o.value === value)?.label.zh ?? value;
  return value;
}
