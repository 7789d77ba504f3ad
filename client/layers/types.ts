/**
 * How one layer looks and what its inspector shows, as plain data. map/ turns a LayerStyle into
 * MapLibre layers; the legend is derived from the same object, so the two cannot disagree.
 * The colour itself comes from the server's catalogue (one colour per layer, shared with exports).
 */
import type { Bilingual } from '../api/types.ts';

/** A sub-set of features drawn differently, matched on one attribute. The first match wins. */
export interface Variant {
  field: string;
  values: readonly (string | boolean)[];
  label: Bilingual;
  /** hollow: outline only (closed, removed, finished); muted: grey (not the concern of this layer). */
  look: 'hollow' | 'muted';
}

export interface PolygonLook {
  kind: 'polygon';
  fillOpacity: number;
  /** Outline width in px and an optional dash pattern (in line widths). */
  outline: { width: number; dash?: number[] };
  /** Draw the feature's `name` from this zoom on. */
  label?: { minzoom: number; size: number; color?: string };
  variants?: readonly Variant[];
}

export interface PointLook {
  kind: 'point';
  radius: number;
  /** Cluster points closer than this many pixels, up to clusterMaxZoom. */
  clusterRadius: number;
  clusterMaxZoom: number;
  /** Draw the feature's `name` from this zoom on. */
  labelMinzoom: number;
  variants?: readonly Variant[];
}

/** A group of attributes the inspector shows together, e.g. the six 100 % dust rules as a checklist. */
export interface PopupSection {
  title: Bilingual;
  keys: readonly string[];
  display: 'checklist' | 'table';
}

/** A layer's look; client/layers/index.ts keys one per catalogue layer id. */
export interface LayerStyle {
  look: PolygonLook | PointLook;
  /** Label of the base legend entry when the layer has variants (else the layer title). */
  baseLabel?: Bilingual;
  /** Shown when the app opens without a link saying otherwise. */
  defaultVisible: boolean;
  /** Default opacity, 0..1. */
  opacity?: number;
  popup?: { sections?: readonly PopupSection[]; subtitleKey?: string };
}
