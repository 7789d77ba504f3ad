/**
 * The offline basemap the UI draws without any tile server: district outline, street-office
 * outlines, Ming city wall and gates, the Yu River, Wenying Lake and place labels. Built from the
 * same geography as the demo layers, so outline and streets always agree. Every feature carries
 * `name`, `name_en` (the UI's English labels) and `is_demo: true`.
 */
import type { Feature, Geometry } from 'geojson';
import { CITY_GATES, CITY_WALL, DATONG_2_PLANT, DISTRICT, WENYING_LAKE, YU_RIVER, streetAreas } from './geography.ts';
import { finishGeometry, roundPosition, type LonLat } from './lib/geo.ts';

type Props = { name: string; name_en: string; [key: string]: string | number | boolean };

/** name first, then is_demo, then the rest: the same key order as the demo layers. */
const feature = ({ name, ...rest }: Props, geometry: Geometry): Feature => ({
  type: 'Feature',
  properties: { name, is_demo: true, ...rest },
  geometry,
});
const point = (at: LonLat): Geometry => ({ type: 'Point', coordinates: roundPosition(at) });
const line = (positions: readonly LonLat[]): Geometry => ({ type: 'LineString', coordinates: positions.map(roundPosition) });

/** Label points: `kind` picks the style (water labels are blue), `rank` orders collisions (1 wins). */
const LABELS: { name: string; name_en: string; kind: string; rank: number; at: LonLat }[] = [
  { name: '平城区', name_en: 'Pingcheng District', kind: 'district', rank: 1, at: [113.3035, 40.0851] },
  { name: '大同古城', name_en: 'Datong Old City', kind: 'place', rank: 2, at: [113.3, 40.093] },
  { name: '御东新区', name_en: 'Yudong New District', kind: 'place', rank: 2, at: [113.345, 40.09] },
  { name: '平城区人民政府', name_en: 'District government', kind: 'poi', rank: 4, at: [113.291, 40.0745] },
  { name: '大同第二发电厂', name_en: 'Datong No. 2 Power Plant', kind: 'poi', rank: 4, at: DATONG_2_PLANT },
  { name: '文瀛湖', name_en: 'Wenying Lake', kind: 'lake', rank: 3, at: [113.3705, 40.0895] },
  { name: '御河', name_en: 'Yu River', kind: 'river', rank: 3, at: [113.3262, 40.14] },
  { name: '御河', name_en: 'Yu River', kind: 'river', rank: 5, at: [113.3245, 40.035] },
];

/** File name (without .geojson) → features. */
export function basemapLayers(): Record<string, Feature[]> {
  const wallRing = finishGeometry(CITY_WALL).coordinates[0] as LonLat[];
  return {
    district: [feature({ name: '平城区', name_en: 'Pingcheng District', code: '140213', note: '示意边界，非官方' }, finishGeometry(DISTRICT))],
    streets_outline: streetAreas().map((s) => feature({ name: s.name, name_en: s.name_en, code: s.code }, finishGeometry(s.geometry))),
    city_wall: [feature({ name: '大同明城墙', name_en: 'Ming city wall (1372)', size: '1.80 km × 1.82 km' }, line(wallRing))],
    city_gates: CITY_GATES.map((g) => feature({ name: g.name, name_en: g.name_en, side: g.side }, point(g.at))),
    rivers: [feature({ name: '御河', name_en: 'Yu River', kind: 'river' }, line(YU_RIVER))],
    lakes: [feature({ name: '文瀛湖', name_en: 'Wenying Lake', kind: 'lake' }, finishGeometry(WENYING_LAKE))],
    labels: LABELS.map((l) => feature({ name: l.name, name_en: l.name_en, kind: l.kind, rank: l.rank }, point(l.at))),
  };
}
