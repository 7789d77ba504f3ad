/**
 * The offline basemap: the app's own style, drawn from data/basemap GeoJSON (illustrative district
 * outline, river, lake, Ming city wall and gates, place labels). No remote style, tiles, sprites or
 * glyphs. Empty "slot" layers mark where data layers, highlights and labels are inserted, so the
 * drawing order is fixed in one place.
 */
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { FONT_BOLD, FONT_MEDIUM, FONT_REGULAR } from './fonts.ts';
import { HALO, SLOTS } from './specs.ts';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export const BASEMAP_SOURCES = {
  district: 'bm:district',
  mask: 'bm:mask',
  rivers: 'bm:rivers',
  lakes: 'bm:lakes',
  wall: 'bm:city_wall',
  gates: 'bm:city_gates',
  labels: 'bm:labels',
  check: 'app:check',
} as const;

/** Layers that belong to the offline look and are hidden under an online basemap. */
export const OFFLINE_ONLY_LAYERS = [
  'bm:land',
  'bm:lakes-fill',
  'bm:lakes-line',
  'bm:rivers-line',
  'bm:rivers-fill',
  'bm:labels-place',
  'bm:labels-water',
  'bm:labels-poi',
  'bm:labels-district',
];

const slot = (id: string): LayerSpecification => ({ id, type: 'background', layout: { visibility: 'none' } });
const isPoly: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isLine: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const isPoint: ExpressionSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];

/** The label's text in the UI language: `name_en` in English when the data has it. */
export const labelText = (lang: 'zh' | 'en'): ExpressionSpecification =>
  lang === 'en' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['coalesce', ['get', 'name'], ['get', 'name_zh'], ''];

const WATER = '#a9cce3';
const WATER_LINE = '#7fb1d3';

export function baseStyle(lang: 'zh' | 'en'): StyleSpecification {
  const src = (data: GeoJSON.FeatureCollection = EMPTY) => ({ type: 'geojson' as const, data });
  return {
    version: 8,
    name: 'pingcheng-offline',
    // No "glyphs": every label is drawn locally from system fonts (see fonts.ts).
    sources: {
      [BASEMAP_SOURCES.district]: src(),
      [BASEMAP_SOURCES.mask]: src(),
      [BASEMAP_SOURCES.rivers]: src(),
      [BASEMAP_SOURCES.lakes]: src(),
      [BASEMAP_SOURCES.wall]: src(),
      [BASEMAP_SOURCES.gates]: src(),
      [BASEMAP_SOURCES.labels]: src(),
      [BASEMAP_SOURCES.check]: src(),
    },
    layers: [
      { id: 'bm:background', type: 'background', paint: { 'background-color': '#e7e5df' } },
      slot(SLOTS.raster),
      { id: 'bm:land', type: 'fill', source: BASEMAP_SOURCES.district, filter: isPoly, paint: { 'fill-color': '#f8f7f3' } },
      { id: 'bm:lakes-fill', type: 'fill', source: BASEMAP_SOURCES.lakes, filter: isPoly, paint: { 'fill-color': WATER } },
      { id: 'bm:lakes-line', type: 'line', source: BASEMAP_SOURCES.lakes, filter: isPoly, paint: { 'line-color': WATER_LINE, 'line-width': 0.8 } },
      { id: 'bm:rivers-fill', type: 'fill', source: BASEMAP_SOURCES.rivers, filter: isPoly, paint: { 'fill-color': WATER } },
      {
        id: 'bm:rivers-line',
        type: 'line',
        source: BASEMAP_SOURCES.rivers,
        filter: isLine,
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': WATER, 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 9, 1.2, 13, 3.5, 16, 9] },
      },
      slot(SLOTS.fills),
      {
        id: 'bm:mask',
        type: 'fill',
        source: BASEMAP_SOURCES.mask,
        paint: { 'fill-color': '#d9d6ce', 'fill-opacity': 0.55 },
      },
      slot(SLOTS.lines),
      {
        id: 'bm:wall-casing',
        type: 'line',
        source: BASEMAP_SOURCES.wall,
        filter: ['!', isPoint],
        layout: { 'line-join': 'miter' },
        paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 15, 7], 'line-opacity': 0.8 },
      },
      {
        id: 'bm:wall',
        type: 'line',
        source: BASEMAP_SOURCES.wall,
        filter: ['!', isPoint],
        layout: { 'line-join': 'miter' },
        paint: { 'line-color': '#8a6a45', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.2, 15, 4] },
      },
      {
        id: 'bm:district-casing',
        type: 'line',
        source: BASEMAP_SOURCES.district,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.7 },
      },
      {
        id: 'bm:district-line',
        type: 'line',
        source: BASEMAP_SOURCES.district,
        layout: { 'line-join': 'round' },
        paint: { 'line-color': '#4a4f57', 'line-width': 1.8, 'line-dasharray': [5, 2, 1, 2] },
      },
      slot(SLOTS.highlight),
      slot(SLOTS.rasterLabels),
      {
        id: 'bm:labels-water',
        type: 'symbol',
        source: BASEMAP_SOURCES.labels,
        filter: ['in', ['get', 'kind'], ['literal', ['water', 'river', 'lake']]],
        layout: {
          'text-field': labelText(lang),
          'text-font': FONT_REGULAR,
          'text-size': 12,
          'text-letter-spacing': 0.15,
          'text-max-width': 6,
        },
        paint: { 'text-color': '#3f78a3', 'text-halo-color': HALO, 'text-halo-width': 1.4 },
      },
      {
        id: 'bm:gates',
        type: 'circle',
        source: BASEMAP_SOURCES.gates,
        minzoom: 13,
        filter: isPoint,
        paint: { 'circle-color': '#8a6a45', 'circle-radius': 3.5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.2 },
      },
      {
        id: 'bm:gates-label',
        type: 'symbol',
        source: BASEMAP_SOURCES.gates,
        minzoom: 13.5,
        filter: isPoint,
        layout: {
          'text-field': labelText(lang),
          'text-font': FONT_REGULAR,
          'text-size': 11,
          'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
          'text-radial-offset': 0.8,
          'text-optional': true,
        },
        paint: { 'text-color': '#6e5232', 'text-halo-color': HALO, 'text-halo-width': 1.4 },
      },
      {
        id: 'bm:labels-poi',
        type: 'symbol',
        source: BASEMAP_SOURCES.labels,
        filter: ['==', ['get', 'kind'], 'poi'],
        minzoom: 13,
        layout: {
          'text-field': labelText(lang),
          'text-font': FONT_REGULAR,
          'text-size': 11,
          'text-max-width': 8,
          'text-padding': 4,
        },
        paint: { 'text-color': '#6a7380', 'text-halo-color': HALO, 'text-halo-width': 1.5 },
      },
      {
        id: 'bm:labels-place',
        type: 'symbol',
        source: BASEMAP_SOURCES.labels,
        filter: ['==', ['get', 'kind'], 'place'],
        minzoom: 10,
        layout: {
          'text-field': labelText(lang),
          'text-font': FONT_MEDIUM,
          'text-size': ['interpolate', ['linear'], ['zoom'], 10, 12, 15, 16],
          'text-letter-spacing': 0.1,
          'text-max-width': 7,
          'text-padding': 4,
          'symbol-sort-key': ['coalesce', ['get', 'rank'], 5],
        },
        paint: { 'text-color': '#3b3f46', 'text-halo-color': HALO, 'text-halo-width': 1.8 },
      },
      {
        // The district's own name only when zoomed out far enough to see all of it.
        id: 'bm:labels-district',
        type: 'symbol',
        source: BASEMAP_SOURCES.labels,
        filter: ['==', ['get', 'kind'], 'district'],
        maxzoom: 10.5,
        layout: {
          'text-field': labelText(lang),
          'text-font': FONT_BOLD,
          'text-size': 16,
          'text-letter-spacing': 0.3,
        },
        paint: { 'text-color': '#2b3038', 'text-halo-color': HALO, 'text-halo-width': 2 },
      },
      slot(SLOTS.labels),
      slot(SLOTS.points),
      {
        id: 'app:check-halo',
        type: 'circle',
        source: BASEMAP_SOURCES.check,
        paint: { 'circle-color': 'rgba(11,57,84,0.15)', 'circle-radius': 22, 'circle-stroke-color': 'rgba(11,57,84,0.55)', 'circle-stroke-width': 1.2 },
      },
      {
        id: 'app:check-dot',
        type: 'circle',
        source: BASEMAP_SOURCES.check,
        paint: { 'circle-color': '#0b3954', 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
      },
      slot(SLOTS.top),
    ],
  };
}
