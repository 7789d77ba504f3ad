/**
 * MapLibre layer specifications for one data layer, built from its style module (layers/) and the
 * catalogue colour. Ids: `lyr:{layer}:{part}`. Opacity is a factor applied to every part.
 */
import type { DataDrivenPropertyValueSpecification, ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { MUTED_COLOR, type LayerStyle, type PointLook, type PolygonLook, type Variant } from '../layers/index.ts';
import { FONT_BOLD, FONT_REGULAR } from './fonts.ts';

export const SELECT_COLOR = '#0b3954';
export const HALO = 'rgba(255,255,255,0.92)';

export const layerIds = (id: string) => ({
  fill: `lyr:${id}:fill`,
  line: `lyr:${id}:line`,
  hover: `lyr:${id}:hover`,
  checked: `lyr:${id}:checked`,
  checkedCasing: `lyr:${id}:checked-casing`,
  selected: `lyr:${id}:selected`,
  label: `lyr:${id}:label`,
  cluster: `lyr:${id}:cluster`,
  clusterCount: `lyr:${id}:cluster-count`,
  point: `lyr:${id}:point`,
  pointLabel: `lyr:${id}:point-label`,
});

export const sourceId = (id: string) => `src:${id}`;
/** Polygon layers: one point per feature where its name is drawn. */
export const labelSourceId = (id: string) => `src:${id}:labels`;

/** Where each part goes in the drawing order (anchors created by the base style). */
export const SLOTS = {
  raster: 'slot:raster',
  fills: 'slot:fills',
  lines: 'slot:lines',
  highlight: 'slot:highlight',
  rasterLabels: 'slot:raster-labels',
  labels: 'slot:labels',
  points: 'slot:points',
  top: 'slot:top',
} as const;

export interface BuiltLayer {
  spec: LayerSpecification;
  before: string;
  /** Paint properties scaled by the user's opacity, with their full-opacity values. */
  opacity: Record<string, number | ExpressionSpecification>;
}

const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];

function variantCase(
  variants: readonly Variant[] | undefined,
  pick: (v: Variant) => string | number,
  base: string | number,
): DataDrivenPropertyValueSpecification<string | number> {
  if (!variants?.length) return base;
  const branches: (ExpressionSpecification | string | number)[] = [];
  for (const v of variants) {
    branches.push(['in', ['get', v.field], ['literal', [...v.values]]] as ExpressionSpecification, pick(v));
  }
  return ['case', ...branches, base] as unknown as ExpressionSpecification;
}

function polygonLayers(id: string, look: PolygonLook, color: string): BuiltLayer[] {
  const ids = layerIds(id);
  const src = sourceId(id);
  const fillColor = variantCase(look.variants, (v) => (v.look === 'muted' ? MUTED_COLOR : color), color);
  const fillOpacity = variantCase(look.variants, (v) => (v.look === 'hollow' ? 0 : look.fillOpacity), look.fillOpacity);
  // Washes fade as one zooms in (the outline carries the boundary there); hover lifts them.
  const at = (factor: number): ExpressionSpecification =>
    ['case', hovered, Math.min(0.5, look.fillOpacity + 0.14), scaleOpacity(fillOpacity as ExpressionSpecification | number, factor)] as ExpressionSpecification;
  const hoverFill: ExpressionSpecification = ['interpolate', ['linear'], ['zoom'], 11, at(1), 16, at(0.45)];
  const out: BuiltLayer[] = [
    {
      before: SLOTS.fills,
      spec: { id: ids.fill, type: 'fill', source: src, paint: { 'fill-color': fillColor as string, 'fill-opacity': hoverFill } },
      opacity: { 'fill-opacity': hoverFill },
    },
    {
      before: SLOTS.lines,
      spec: {
        id: ids.line,
        type: 'line',
        source: src,
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': fillColor as string,
          'line-width': ['interpolate', ['linear'], ['zoom'], 10, look.outline.width * 0.75, 14, look.outline.width * 1.25],
          ...(look.outline.dash ? { 'line-dasharray': look.outline.dash } : {}),
          'line-opacity': 0.95,
        },
      },
      opacity: { 'line-opacity': 0.95 },
    },
    {
      before: SLOTS.highlight,
      spec: {
        id: ids.hover,
        type: 'line',
        source: src,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': color, 'line-width': ['case', hovered, look.outline.width + 2, 0], 'line-opacity': ['case', hovered, 0.9, 0] },
      },
      opacity: {},
    },
    {
      before: SLOTS.highlight,
      spec: {
        id: ids.checkedCasing,
        type: 'line',
        source: src,
        filter: ['in', ['id'], ['literal', []]],
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.9 },
      },
      opacity: {},
    },
    {
      before: SLOTS.highlight,
      spec: {
        id: ids.checked,
        type: 'line',
        source: src,
        filter: ['in', ['id'], ['literal', []]],
        layout: { 'line-join': 'round' },
        paint: { 'line-color': color, 'line-width': 3.5 },
      },
      opacity: {},
    },
    {
      before: SLOTS.highlight,
      spec: {
        id: ids.selected,
        type: 'line',
        source: src,
        filter: ['==', ['id'], -1],
        layout: { 'line-join': 'round' },
        paint: { 'line-color': SELECT_COLOR, 'line-width': 3, 'line-dasharray': [2, 1] },
      },
      opacity: {},
    },
  ];
  if (look.label) {
    out.push({
      before: SLOTS.labels,
      spec: {
        id: ids.label,
        type: 'symbol',
        source: labelSourceId(id),
        minzoom: look.label.minzoom,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT_REGULAR,
          'text-size': look.label.size,
          'text-max-width': 8,
          'text-padding': 6,
          'symbol-placement': 'point',
          'symbol-sort-key': ['get', 'rank'],
          // a name that would cross a cluster bubble or another name moves beside its point rather than vanish
          'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'],
          'text-radial-offset': 1.2,
          'text-justify': 'auto',
        },
        paint: { 'text-color': look.label.color ?? darken(color), 'text-halo-color': HALO, 'text-halo-width': 1.6, 'text-opacity': 1 },
      },
      opacity: { 'text-opacity': 1 },
    });
  }
  return out;
}

const isCluster: ExpressionSpecification = ['has', 'point_count'];
/** A cluster bubble's radius (px) by its number of points. */
const CLUSTER_STEPS = [11, 10, 14, 50, 18, 200, 23] as const;
const CLUSTER_STROKE = 2.5;
const clusterRadius = (extra = 0): ExpressionSpecification =>
  [
    'step',
    ['get', 'point_count'],
    ...(CLUSTER_STEPS.map((v, i) => (i % 2 === 0 ? v + extra : v)) as [number, ...number[]]),
  ] as unknown as ExpressionSpecification;
/**
 * An empty 1 px image under each cluster's count: padded to the bubble's size it puts the bubble
 * into MapLibre's label collision index, so names (street offices, zones) give way to the bubbles
 * instead of being drawn across them. Added by MapController before the layers.
 */
export const CLUSTER_BOX_IMAGE = 'pc:cluster-box';

function pointLayers(id: string, look: PointLook, color: string): BuiltLayer[] {
  const ids = layerIds(id);
  const src = sourceId(id);
  const fill = variantCase(look.variants, (v) => (v.look === 'muted' ? MUTED_COLOR : v.look === 'hollow' ? '#ffffff' : color), color);
  const stroke = variantCase(look.variants, (v) => (v.look === 'muted' ? '#ffffff' : v.look === 'hollow' ? color : '#ffffff'), '#ffffff');
  const strokeWidth = variantCase(look.variants, (v) => (v.look === 'hollow' ? 2 : 1.5), 1.5);
  return [
    {
      before: SLOTS.points,
      spec: {
        id: ids.cluster,
        type: 'circle',
        source: src,
        filter: isCluster,
        paint: {
          'circle-color': color,
          'circle-radius': clusterRadius(),
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': ['case', hovered, 4, CLUSTER_STROKE],
          'circle-opacity': 0.88,
          'circle-stroke-opacity': 1,
        },
      },
      opacity: { 'circle-opacity': 0.88, 'circle-stroke-opacity': 1 },
    },
    {
      before: SLOTS.points,
      spec: {
        id: ids.clusterCount,
        type: 'symbol',
        source: src,
        filter: isCluster,
        layout: {
          'text-field': ['get', 'point_count_abbreviated'],
          'text-font': FONT_BOLD,
          'text-size': 12,
          'text-allow-overlap': true,
          'icon-image': CLUSTER_BOX_IMAGE,
          'icon-allow-overlap': true,
          // the image is 1 px: padded by the radius and stroke it covers the bubble (labels avoid it)
          'icon-padding': clusterRadius(CLUSTER_STROKE),
        },
        paint: { 'text-color': '#ffffff', 'text-opacity': 1 },
      },
      opacity: { 'text-opacity': 1 },
    },
    {
      before: SLOTS.points,
      spec: {
        id: ids.point,
        type: 'circle',
        source: src,
        filter: ['!', isCluster],
        paint: {
          'circle-color': fill as string,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, look.radius * 0.85, 15, look.radius * 1.2, 18, look.radius * 1.6],
          'circle-stroke-color': ['case', hovered, SELECT_COLOR, stroke as ExpressionSpecification | string] as ExpressionSpecification,
          'circle-stroke-width': ['case', hovered, 3, strokeWidth as ExpressionSpecification | number] as ExpressionSpecification,
          'circle-opacity': 1,
          'circle-stroke-opacity': 1,
        },
      },
      opacity: { 'circle-opacity': 1, 'circle-stroke-opacity': 1 },
    },
    {
      before: SLOTS.points,
      spec: {
        id: ids.selected,
        type: 'circle',
        source: src,
        filter: ['all', ['!', isCluster], ['==', ['id'], -1]],
        paint: {
          'circle-color': 'rgba(0,0,0,0)',
          'circle-radius': look.radius + 7,
          'circle-stroke-color': SELECT_COLOR,
          'circle-stroke-width': 2.5,
        },
      },
      opacity: {},
    },
    {
      before: SLOTS.points,
      spec: {
        id: ids.pointLabel,
        type: 'symbol',
        source: src,
        minzoom: look.labelMinzoom,
        filter: ['!', isCluster],
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT_REGULAR,
          'text-size': 11.5,
          'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
          'text-radial-offset': 0.9,
          'text-justify': 'auto',
          'text-max-width': 9,
          'text-optional': true,
        },
        paint: { 'text-color': '#2b2f36', 'text-halo-color': HALO, 'text-halo-width': 1.5, 'text-opacity': 1 },
      },
      opacity: { 'text-opacity': 1 },
    },
  ];
}

export function buildLayers(id: string, style: LayerStyle, color: string): BuiltLayer[] {
  return style.look.kind === 'polygon' ? polygonLayers(id, style.look, color) : pointLayers(id, style.look, color);
}

/** Interactive parts of a layer, for hit-testing. */
export function interactiveIds(id: string, style: LayerStyle): string[] {
  const ids = layerIds(id);
  return style.look.kind === 'polygon' ? [ids.fill] : [ids.cluster, ids.point];
}

/**
 * Multiplies a full-opacity paint value by the user's factor. A zoom curve stays the top-level
 * expression (MapLibre requires it): its outputs are scaled instead.
 */
export function scaleOpacity(value: number | ExpressionSpecification, factor: number): number | ExpressionSpecification {
  if (typeof value === 'number') return value * factor;
  const out = [...value] as unknown[];
  const scale = (i: number) => (out[i] = scaleOpacity(out[i] as number | ExpressionSpecification, factor));
  if (value[0] === 'interpolate') {
    // ['interpolate', curve, input, stop, output, stop, output, …]
    for (let i = 4; i < out.length; i += 2) scale(i);
    return out as ExpressionSpecification;
  }
  if (value[0] === 'step') {
    // ['step', input, output0, stop, output, …]
    scale(2);
    for (let i = 4; i < out.length; i += 2) scale(i);
    return out as ExpressionSpecification;
  }
  return ['*', value, factor] as ExpressionSpecification;
}

/** A darker shade of a #rrggbb colour, for text on light backgrounds. */
export function darken(hex: string, amount = 0.35): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1]!, 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 0xff) * (1 - amount));
  return `#${[16, 8, 0].map((s) => ch(s).toString(16).padStart(2, '0')).join('')}`;
}
