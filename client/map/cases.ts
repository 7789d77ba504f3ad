/**
 * The ledger's cases on the map (issue 15): one circle per case at its site, coloured by status,
 * with a red outline when overdue, and the photo positions of the open case's evidence as small
 * camera dots. Its own source and layers above the data points. Ids: `cases:*`.
 */
import type { GeoJSONSource, Map as MLMap } from 'maplibre-gl';
import { SLOTS } from './specs.ts';

const SOURCE = 'cases';
const PHOTOS = 'cases:photos';
export const CASE_LAYER = 'cases:points';
const PHOTO_LAYER = 'cases:photo-points';

/** Status colours; the legend in the 台账 tab uses the same. */
export const CASE_COLORS: Record<string, string> = {
  found: '#d32f2f',
  assigned: '#f57c00',
  rectifying: '#fbc02d',
  rectified: '#1976d2',
  closed: '#388e3c',
  dismissed: '#9e9e9e',
};

export interface CaseMark {
  id: number;
  lng: number;
  lat: number;
  status: string;
  overdue: boolean;
}

const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export class CaseMarks {
  constructor(private readonly map: MLMap) {
    map.addSource(SOURCE, { type: 'geojson', data: empty() });
    map.addSource(PHOTOS, { type: 'geojson', data: empty() });
    const color: unknown[] = ['match', ['get', 'status']];
    for (const [status, c] of Object.entries(CASE_COLORS)) color.push(status, c);
    color.push('#616161');
    map.addLayer(
      {
        id: CASE_LAYER,
        type: 'circle',
        source: SOURCE,
        paint: {
          'circle-color': color as never,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 5, 15, 8, 18, 11],
          'circle-stroke-color': ['case', ['get', 'overdue'], '#b71c1c', '#ffffff'],
          'circle-stroke-width': ['case', ['get', 'overdue'], 3, 1.5],
        },
      },
      SLOTS.top,
    );
    map.addLayer(
      {
        id: PHOTO_LAYER,
        type: 'circle',
        source: PHOTOS,
        paint: { 'circle-color': '#6a1b9a', 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      },
      SLOTS.top,
    );
  }

  set(marks: readonly CaseMark[] | null, photos: readonly { lng: number; lat: number }[]): void {
    const point = (lng: number, lat: number, props: Record<string, unknown>, id?: number): GeoJSON.Feature => ({
      type: 'Feature',
      ...(id !== undefined ? { id } : {}),
      properties: props,
      geometry: { type: 'Point', coordinates: [lng, lat] },
    });
    void (this.map.getSource(SOURCE) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: (marks ?? []).map((m) => point(m.lng, m.lat, { status: m.status, overdue: m.overdue }, m.id)),
    });
    void (this.map.getSource(PHOTOS) as GeoJSONSource).setData({ type: 'FeatureCollection', features: photos.map((p) => point(p.lng, p.lat, {})) });
  }

  /** The case under a screen point, if any. */
  caseAt(point: { x: number; y: number }): number | undefined {
    const [f] = this.map.queryRenderedFeatures([point.x, point.y], { layers: [CASE_LAYER] });
    return typeof f?.id === 'number' ? f.id : undefined;
  }
}
