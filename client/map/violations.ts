/**
 * Violation highlights (issue 4): a red ring under every site that breaks a rule, a red outline on
 * polygon sites, and a badge with the number of rules broken where a site breaks several. Its own source and layers, next to
 * the data layers but independent of them: the rings show even where the site layer is hidden or
 * clustered, so nothing flagged is lost at district zoom. Ids: `ana:viol:*`.
 */
import type { ExpressionSpecification, FilterSpecification, GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { OVERLAY_LOOK } from '../layers/index.ts';
import { FONT_BOLD } from './fonts.ts';
import { SLOTS, sourceId } from './specs.ts';
import { setVisibility } from './visibility.ts';

const VIOLATION_COLOR = OVERLAY_LOOK.violation.color;
/** 待核查 (deciding data not recorded): amber, never the red of a violation. */
const UNVERIFIED_COLOR = OVERLAY_LOOK.unverified.color;
/** `#rrggbb` at an opacity. */
const rgba = (hex: string, a: number) => `rgba(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(',')},${a})`;
const byOutcome = (violation: string, unverified: string): ExpressionSpecification => ['case', ['==', ['get', 'outcome'], 'unverified'], unverified, violation];
const SOURCE = 'ana:viol';
export const VIOLATION_LAYERS = {
  ring: 'ana:viol:ring',
  badge: 'ana:viol:badge',
  badgeText: 'ana:viol:badge-text',
} as const;
const outlineId = (layer: string) => `ana:viol:${layer}:outline`;

/** One flagged site as the map needs it (several rules at one site make one mark). */
export interface ViolationMark {
  layer: string;
  featureId: string;
  lng: number;
  lat: number;
  /** How many items (rules broken or to inspect) the site has. */
  count: number;
  /** violation when any item is 违规; unverified when all are 待核查 (drawn amber). */
  outcome: 'violation' | 'unverified';
}

export class ViolationHighlights {
  private outlined = new Set<string>();
  private visible = true;

  constructor(private readonly map: MLMap) {
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    // Under the labels and the data points: the site's own symbol stays readable inside its ring.
    map.addLayer(
      {
        id: VIOLATION_LAYERS.ring,
        type: 'circle',
        source: SOURCE,
        filter: ['!', ['get', 'polygon']],
        paint: {
          'circle-color': byOutcome(rgba(VIOLATION_COLOR, OVERLAY_LOOK.violation.fillOpacity), rgba(UNVERIFIED_COLOR, OVERLAY_LOOK.unverified.fillOpacity)),
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 9, 15, 13, 18, 17],
          'circle-stroke-color': byOutcome(VIOLATION_COLOR, UNVERIFIED_COLOR),
          'circle-stroke-width': 2.5,
        },
      },
      SLOTS.labels,
    );
    // Where a site breaks more than one rule, a badge with the number sits on top, up and right of it.
    map.addLayer(
      {
        id: VIOLATION_LAYERS.badge,
        type: 'circle',
        source: SOURCE,
        filter: ['>', ['get', 'count'], 1],
        paint: {
          'circle-color': byOutcome(VIOLATION_COLOR, UNVERIFIED_COLOR),
          'circle-radius': 7.5,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
          'circle-translate': [11, -11],
        },
      },
      SLOTS.top,
    );
    map.addLayer(
      {
        id: VIOLATION_LAYERS.badgeText,
        type: 'symbol',
        source: SOURCE,
        filter: ['>', ['get', 'count'], 1],
        layout: {
          'text-field': ['to-string', ['get', 'count']],
          'text-font': FONT_BOLD,
          'text-size': 10.5,
          'text-allow-overlap': true,
          'text-ignore-placement': true,
        },
        paint: { 'text-color': '#ffffff', 'text-translate': [11, -11] },
      },
      SLOTS.top,
    );
  }

  /**
   * Shows these marks. `polygonLayers`: site layers drawn as polygons, whose flagged features also
   * get a red outline (drawn from the layer's own source, so the outline follows edits).
   */
  set(marks: readonly ViolationMark[], polygonLayers: ReadonlySet<string>): void {
    const features: GeoJSON.Feature[] = marks.map((m) => ({
      type: 'Feature',
      properties: { layer: m.layer, featureId: m.featureId, count: m.count, outcome: m.outcome, polygon: polygonLayers.has(m.layer) },
      geometry: { type: 'Point', coordinates: [m.lng, m.lat] },
    }));
    void (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });

    const idsByLayer = new Map<string, number[]>();
    for (const m of marks) if (polygonLayers.has(m.layer)) idsByLayer.set(m.layer, [...(idsByLayer.get(m.layer) ?? []), Number(m.featureId)]);
    for (const layer of new Set([...this.outlined, ...idsByLayer.keys()])) {
      const id = outlineId(layer);
      if (!this.map.getLayer(id)) {
        if (!this.map.getSource(sourceId(layer))) continue;
        this.map.addLayer(
          {
            id,
            type: 'line',
            source: sourceId(layer),
            layout: { 'line-join': 'round', visibility: this.visible ? 'visible' : 'none' },
            paint: { 'line-color': VIOLATION_COLOR, 'line-width': 3.5, 'line-opacity': 0.95 },
          },
          SLOTS.rasterLabels,
        );
        this.outlined.add(layer);
      }
      const filter: FilterSpecification = ['in', ['id'], ['literal', idsByLayer.get(layer) ?? []]];
      this.map.setFilter(id, filter);
    }
  }

  setVisible(on: boolean): void {
    this.visible = on;
    for (const id of [...Object.values(VIOLATION_LAYERS), ...[...this.outlined].map(outlineId)]) if (this.map.getLayer(id)) setVisibility(this.map, id, on);
  }
}
