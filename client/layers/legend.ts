/**
 * The legend of a layer, derived from its style module: one entry for the base look and one per
 * variant, plus the cluster symbol for point layers. map/ draws from the same numbers.
 */
import type { Bilingual } from '../api/types.ts';
import type { LayerStyle, Variant } from './types.ts';

const variantKey = (v: Variant) => `${v.field}=${v.values.join('|')}`;

/** The grey of features drawn as "not this layer's concern" (muted variants). */
export const MUTED_COLOR = '#9aa0a6';

export type Swatch =
  | { kind: 'fill'; color: string; fillOpacity: number; lineWidth: number; dash?: number[]; hollow: boolean }
  | { kind: 'point'; color: string; radius: number; hollow: boolean }
  | { kind: 'cluster'; color: string };

export interface LegendEntry {
  /** Unique within a layer's legend: 'base', 'cluster', or the variant's field and values. */
  key: string;
  swatch: Swatch;
  /** null = the layer's own title; 'cluster' = the cluster symbol's text (i18n `legend.cluster`). */
  label: Bilingual | 'cluster' | null;
}

export function legendFor(style: LayerStyle, color: string): LegendEntry[] {
  const look = style.look;
  const entries: LegendEntry[] = [];
  if (look.kind === 'polygon') {
    const base = {
      kind: 'fill' as const,
      fillOpacity: look.fillOpacity,
      lineWidth: look.outline.width,
      ...(look.outline.dash ? { dash: look.outline.dash } : {}),
    };
    entries.push({ key: 'base', swatch: { ...base, color, hollow: false }, label: look.variants?.length ? (style.baseLabel ?? null) : null });
    for (const v of look.variants ?? [])
      entries.push({ key: variantKey(v), swatch: { ...base, color: v.look === 'muted' ? MUTED_COLOR : color, hollow: v.look === 'hollow' }, label: v.label });
  } else {
    entries.push({
      key: 'base',
      swatch: { kind: 'point', color, radius: look.radius, hollow: false },
      label: look.variants?.length ? (style.baseLabel ?? null) : null,
    });
    for (const v of look.variants ?? [])
      entries.push({
        key: variantKey(v),
        swatch: { kind: 'point', color: v.look === 'muted' ? MUTED_COLOR : color, radius: look.radius, hollow: v.look === 'hollow' },
        label: v.label,
      });
    entries.push({ key: 'cluster', swatch: { kind: 'cluster', color }, label: 'cluster' });
  }
  return entries;
}
