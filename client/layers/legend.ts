/**
 * The legend of a layer, derived from its style module: one entry for the base look and one per
 * variant, plus the cluster symbol for point layers. map/ draws from the same numbers.
 */
import type { Bilingual } from '../api/types.ts';
import type { LayerStyle, Variant } from './types.ts';

const variantKey = (v: Variant) => `${v.field}=${v.values.join('|')}`;

/** The grey of features drawn as "not this layer's concern" (muted variants). */
export const MUTED_COLOR = '#9aa0a6';

/** The analysis overlays' marks (map/violations.ts, map/gaps.ts draw with these numbers). */
export const OVERLAY_LOOK = {
  /** 违规: a red ring around the site. */
  violation: { color: '#c62828', fillOpacity: 0.16 },
  /** 待核查 (deciding data not recorded): amber, never the red of a violation. */
  unverified: { color: '#b26a00', fillOpacity: 0.12 },
  /** 清洁取暖覆盖缺口: purple diagonal hatching with a strong outline. */
  gaps: { color: '#5b21b6' },
} as const;

export type Swatch =
  | { kind: 'fill'; color: string; fillOpacity: number; lineWidth: number; dash?: number[]; hollow: boolean }
  | { kind: 'point'; color: string; radius: number; hollow: boolean }
  | { kind: 'cluster'; color: string }
  | { kind: 'ring'; color: string; fillOpacity: number }
  | { kind: 'hatch'; color: string };

/** Which analysis overlays are drawn on the map now. */
export interface MapOverlays {
  /** The violation rings (both outcomes: 违规 red, 待核查 amber). */
  violations: boolean;
  /** The clean-heating coverage gaps. */
  gaps: boolean;
}

export type OverlayKey = keyof typeof OVERLAY_LOOK;

/** The legend lines of the overlays drawn: the label is i18n `legend.<key>`. */
export function overlayLegend(on: MapOverlays): { key: OverlayKey; swatch: Swatch }[] {
  const out: { key: OverlayKey; swatch: Swatch }[] = [];
  if (on.violations) for (const key of ['violation', 'unverified'] as const) out.push({ key, swatch: { kind: 'ring', ...OVERLAY_LOOK[key] } });
  if (on.gaps) out.push({ key: 'gaps', swatch: { kind: 'hatch', color: OVERLAY_LOOK.gaps.color } });
  return out;
}

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
