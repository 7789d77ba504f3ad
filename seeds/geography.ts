/**
 * The illustrative geography of Pingcheng, hand-drawn from the public facts in
 * docs/DOMAIN.md (extent, centroid, street list, Ming wall size and centre, the Yu
 * River's longitude, Wenying Lake's size and place, the Datong-2 plant, the old NRMM ban area's
 * bounding roads). Nothing here is traced from any map product; every shape is 示意 (illustrative).
 *
 * Coordinates are WGS84 lon/lat typed by hand with at most three or four decimals, which keeps the
 * vertices that planted cases sit on exact after rounding.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { blob, difference, finishGeometry, intersection, offset, polygon, rectangle, union, type Areal, type LonLat, type Ring } from './lib/geo.ts';

// ---- district ----------------------------------------------------------------------------------

/**
 * District outline: an irregular 36-gon filling the published extent 113.201–113.397°E,
 * 39.981–40.175°N (each extreme touched once), ≈239 km² like the real district (≈235–239 km²). Clockwise from the
 * north-west; `polygon` re-orients it.
 */
const DISTRICT_RING: Ring = [
  [113.262, 40.16],
  [113.281, 40.171],
  [113.3, 40.175],
  [113.318, 40.168],
  [113.336, 40.171],
  [113.352, 40.162],
  [113.366, 40.15],
  [113.375, 40.139],
  [113.386, 40.126],
  [113.397, 40.11],
  [113.385, 40.094],
  [113.395, 40.077],
  [113.38, 40.061],
  [113.376, 40.048],
  [113.361, 40.033],
  [113.351, 40.017],
  [113.342, 40.002],
  [113.335, 39.989],
  [113.321, 39.981],
  [113.306, 39.987],
  [113.291, 39.986],
  [113.277, 39.992],
  [113.266, 40.002],
  [113.252, 40.008],
  [113.246, 40.021],
  [113.237, 40.033],
  [113.227, 40.046],
  [113.215, 40.058],
  [113.201, 40.071],
  [113.207, 40.087],
  [113.219, 40.101],
  [113.216, 40.116],
  [113.221, 40.129],
  [113.236, 40.139],
  [113.242, 40.15],
  [113.251, 40.156],
];
export const DISTRICT: Polygon = polygon(DISTRICT_RING);

// ---- the Ming city wall (1372) -----------------------------------------------------------------

/** Published size and centre: 1.80 km E–W × 1.82 km N–S around 113.300°E, 40.090°N. */
const WALL_CENTRE: LonLat = [113.3, 40.09];
const WALL_HALF_EW_M = 900;
const WALL_HALF_NS_M = 910;
const [WALL_W, WALL_S] = offset(WALL_CENTRE, -WALL_HALF_EW_M, -WALL_HALF_NS_M);
const [WALL_E, WALL_N] = offset(WALL_CENTRE, WALL_HALF_EW_M, WALL_HALF_NS_M);
export const CITY_WALL: Polygon = polygon(rectangle(WALL_W, WALL_S, WALL_E, WALL_N));

export const CITY_GATES: { name: string; name_en: string; side: string; at: LonLat }[] = [
  { name: '和阳门', name_en: 'Heyang Gate (east)', side: 'E', at: [WALL_E, WALL_CENTRE[1]] },
  { name: '永泰门', name_en: 'Yongtai Gate (south)', side: 'S', at: [WALL_CENTRE[0], WALL_S] },
  { name: '清远门', name_en: 'Qingyuan Gate (west)', side: 'W', at: [WALL_W, WALL_CENTRE[1]] },
  { name: '武定门', name_en: 'Wuding Gate (north)', side: 'N', at: [WALL_CENTRE[0], WALL_N] },
];

// ---- water -------------------------------------------------------------------------------------

/** 御河: north–south near 113.32–113.33°E, between the old city and 御东; gentle hand-drawn meanders. */
export const YU_RIVER: LonLat[] = [
  [113.3295, 40.1745],
  [113.3281, 40.163],
  [113.3262, 40.152],
  [113.3271, 40.141],
  [113.3255, 40.131],
  [113.3248, 40.121],
  [113.3262, 40.111],
  [113.3251, 40.1],
  [113.3243, 40.09],
  [113.3257, 40.08],
  [113.3249, 40.07],
  [113.3238, 40.06],
  [113.3252, 40.05],
  [113.3268, 40.04],
  [113.3254, 40.028],
  [113.3236, 40.016],
  [113.3244, 40.004],
  [113.3229, 39.9925],
  [113.3215, 39.9815],
];

/** 文瀛湖: ≈3.8 km² of water around 113.37°E, 40.09°N, longer north–south. */
export const WENYING_LAKE: Polygon = polygon(
  blob([113.3705, 40.0895], 785, 1615, [1, 0.96, 1.04, 1.0, 0.9, 0.97, 1.05, 1.02, 0.98, 0.94, 1.03, 1.06, 1.0, 0.95, 0.92, 1.02]),
);

// ---- built-up area -----------------------------------------------------------------------------

/** The main city west of the river, with 大同公园 (a park) left out as a hole. */
export const MAIN_CITY: Ring = [
  [113.246, 40.058],
  [113.262, 40.049],
  [113.283, 40.046],
  [113.3, 40.045],
  [113.314, 40.048],
  [113.321, 40.056],
  [113.3205, 40.075],
  [113.3215, 40.095],
  [113.3195, 40.112],
  [113.314, 40.124],
  [113.3, 40.13],
  [113.282, 40.129],
  [113.265, 40.124],
  [113.252, 40.117],
  [113.246, 40.104],
  [113.245, 40.088],
  [113.248, 40.074],
];
export const CITY_PARK: Ring = [
  [113.2685, 40.0915],
  [113.2735, 40.0905],
  [113.2765, 40.0935],
  [113.2755, 40.0975],
  [113.2705, 40.0985],
  [113.2675, 40.0955],
];
/** 御东新区 east of the river; its east edge bends round Wenying Lake. */
export const YUDONG: Ring = [
  [113.3295, 40.0625],
  [113.342, 40.058],
  [113.356, 40.06],
  [113.366, 40.066],
  [113.369, 40.072],
  [113.358, 40.076],
  [113.356, 40.09],
  [113.358, 40.104],
  [113.366, 40.111],
  [113.361, 40.12],
  [113.345, 40.1235],
  [113.332, 40.118],
  [113.3295, 40.1],
  [113.3305, 40.08],
];
export const BUILT_UP: MultiPolygon = finishGeometry({
  type: 'MultiPolygon',
  coordinates: [[MAIN_CITY, CITY_PARK], [YUDONG]],
});

// ---- coal-ban zones ----------------------------------------------------------------------------

/**
 * Urban village south of the old city, not yet converted to clean heating: left out of the main
 * coal-ban zone (a hole) and a clean-heating gap. A sales point here is legal.
 */
export const SOUTH_VILLAGE: Ring = [
  [113.2955, 40.0585],
  [113.3035, 40.0575],
  [113.3095, 40.0605],
  [113.3085, 40.0665],
  [113.3005, 40.0675],
  [113.2965, 40.0645],
];
/** Vertices named because planted cases sit exactly on them. */
export const COAL_BAN_MAIN_WEST_VERTEX: LonLat = [113.251, 40.09];
export const COAL_BAN_MAIN: Polygon = polygon(
  [
    [113.252, 40.064],
    [113.268, 40.055],
    [113.29, 40.052],
    [113.312, 40.054],
    [113.318, 40.066],
    [113.318, 40.09],
    [113.317, 40.11],
    [113.308, 40.121],
    [113.29, 40.124],
    [113.27, 40.12],
    [113.256, 40.11],
    COAL_BAN_MAIN_WEST_VERTEX,
  ],
  SOUTH_VILLAGE,
);
export const COAL_BAN_YUDONG: Polygon = polygon([
  [113.333, 40.066],
  [113.348, 40.063],
  [113.36, 40.0665],
  [113.3545, 40.08],
  [113.3535, 40.1],
  [113.357, 40.112],
  [113.345, 40.119],
  [113.334, 40.114],
  [113.332, 40.09],
]);

// ---- NRMM emission control zone ----------------------------------------------------------------

/**
 * The old high-emission machinery ban area, bounded by 北环路 / 文瀛北路 / 天渊路 / 开源街 /
 * 南环西路 / 庆新路 / 云冈路 / 御河西路: roughly 113.245–113.37°E × 40.055–40.125°N.
 */
/** A vertex on the north edge (北环路): a planted machine stands exactly on it. */
export const NRMM_ZONE_NORTH_VERTEX: LonLat = [113.32, 40.125];
export const NRMM_ZONE: Polygon = polygon([
  [113.245, 40.07],
  [113.252, 40.058],
  [113.275, 40.055],
  [113.31, 40.055],
  [113.335, 40.056],
  [113.362, 40.058],
  [113.37, 40.068],
  [113.368, 40.095],
  [113.37, 40.118],
  [113.355, 40.125],
  NRMM_ZONE_NORTH_VERTEX,
  [113.285, 40.125],
  [113.258, 40.123],
  [113.247, 40.112],
  [113.245, 40.09],
]);

// ---- clean heating -----------------------------------------------------------------------------

/** Urban villages where clean heating has not arrived yet: the visible coverage gaps in the built-up area. */
export const HEATING_GAPS: { name: string; ring: Ring }[] = [
  { name: '城南城中村', ring: SOUTH_VILLAGE },
  {
    name: '西郊城中村',
    ring: [
      [113.2555, 40.098],
      [113.2625, 40.0975],
      [113.2645, 40.1035],
      [113.2595, 40.1075],
      [113.2545, 40.104],
    ],
  },
  {
    name: '御东城中村',
    ring: [
      [113.3345, 40.1005],
      [113.3415, 40.0995],
      [113.3425, 40.1065],
      [113.3365, 40.1085],
      [113.3335, 40.105],
    ],
  },
];

/**
 * Converted areas: the built-up area cut into heating networks along lon 113.3 and lat 40.09, minus
 * the gaps. The cut lines pass through built-up vertices or cross its edges at points with few
 * decimals, so rounding to 7 decimals leaves no sliver between a network and the built-up edge.
 */
const URBAN_HEATING: { name: string; method: 'district_heating' | 'gas' | 'geothermal'; year: number; households: number; cut: Ring }[] = [
  { name: '主城区西北集中供热片区', method: 'district_heating', year: 2017, households: 46800, cut: rectangle(113.24, 40.09, 113.3, 40.135) },
  { name: '主城区西南集中供热片区', method: 'district_heating', year: 2016, households: 44200, cut: rectangle(113.24, 40.04, 113.3, 40.09) },
  { name: '城东北集中供热片区', method: 'district_heating', year: 2015, households: 24100, cut: rectangle(113.3, 40.09, 113.325, 40.135) },
  { name: '城东南煤改气片区', method: 'gas', year: 2018, households: 19800, cut: rectangle(113.3, 40.04, 113.325, 40.09) },
  { name: '御东北片集中供热区', method: 'district_heating', year: 2019, households: 18700, cut: rectangle(113.325, 40.09, 113.375, 40.13) },
  { name: '御东南片地热供暖区', method: 'geothermal', year: 2020, households: 9600, cut: rectangle(113.325, 40.05, 113.375, 40.09) },
];

/** Rural villages already converted (the plan extends coverage beyond the built-up area). */
const RURAL_HEATING: { name: string; method: 'electricity' | 'gas'; year: number; households: number; ring: Ring }[] = [
  {
    name: '马军营村煤改电区域',
    method: 'electricity',
    year: 2021,
    households: 1320,
    ring: blob([113.333, 40.0145], 520, 430, [1, 1.08, 0.95, 1.02, 0.9, 1.05, 0.97, 1.01]),
  },
  {
    name: '水泊寺村煤改气区域',
    method: 'gas',
    year: 2020,
    households: 980,
    ring: blob([113.3565, 40.1455], 480, 380, [1, 0.94, 1.06, 1.0, 0.92, 1.04, 1.0, 0.96]),
  },
  {
    name: '小南头村煤改电区域',
    method: 'electricity',
    year: 2022,
    households: 860,
    ring: blob([113.2575, 40.0255], 450, 400, [0.96, 1.04, 1.0, 0.93, 1.06, 0.98, 1.02, 0.95]),
  },
];

export interface HeatingArea {
  name: string;
  method: string;
  year: number;
  households: number;
  geometry: Areal;
}

export function cleanHeatingAreas(): HeatingArea[] {
  const gaps = HEATING_GAPS.map((g) => polygon(g.ring));
  const urban = URBAN_HEATING.map((a) => {
    const inBuiltUp = intersection(BUILT_UP, polygon(a.cut));
    const converted = inBuiltUp && difference(inBuiltUp, ...gaps);
    if (!converted) throw new Error(`clean-heating area ${a.name} is empty`);
    return { name: a.name, method: a.method, year: a.year, households: a.households, geometry: converted };
  });
  const rural = RURAL_HEATING.map((a) => ({ name: a.name, method: a.method, year: a.year, households: a.households, geometry: polygon(a.ring) as Areal }));
  return [...urban, ...rural];
}

// ---- ash yards near Datong-2 -------------------------------------------------------------------

/** 国电电力大同第二发电厂 (Global Energy Monitor, WGS84). Yard positions are not public: placed near it. */
export const DATONG_2_PLANT: LonLat = [113.2933, 40.0279];
/** 大同市第二人民医院, illustratively in the old city's west: its air station and its boiler stand here. */
export const SECOND_HOSPITAL: LonLat = [113.2805, 40.0965];

export interface AshYardShape {
  key: 'uncovered' | 'compliant' | 'unrestored' | 'restored';
  ring: Ring;
}

export const ASH_YARD_SHAPES: AshYardShape[] = [
  { key: 'uncovered', ring: blob(offset(DATONG_2_PLANT, -1700, -1300), 330, 240, [1, 1.05, 0.97, 1.0, 1.04, 0.95, 1.02, 0.98], 20) },
  { key: 'compliant', ring: blob(offset(DATONG_2_PLANT, 1500, -1100), 300, 260, [1, 0.96, 1.03, 1.0, 0.97, 1.05, 0.99, 1.01], -15) },
  { key: 'unrestored', ring: blob(offset(DATONG_2_PLANT, -2700, 400), 280, 230, [1.02, 0.98, 1.0, 1.05, 0.95, 1.0, 1.03, 0.97], 35) },
  { key: 'restored', ring: blob(offset(DATONG_2_PLANT, 200, -2500), 360, 220, [0.98, 1.03, 1.0, 0.96, 1.04, 1.0, 0.97, 1.02], 5) },
];

// ---- street offices ----------------------------------------------------------------------------

/**
 * The 18 street offices (NBS 2023 codes), each with a hand-placed seed point: old-city streets
 * round the wall, 御东 / 文瀛湖 east of the river, the former 南郊 townships (马军营, 水泊寺, 小南头)
 * on the rural edge. 古城 is the walled city itself; the others are Voronoi cells of their seeds,
 * clipped to the district outside the wall.
 */
export const STREET_SEEDS: { code: string; name: string; name_en: string; seed: LonLat | null }[] = [
  { code: '140213050', name: '永泰街道', name_en: 'Yongtai Subdistrict', seed: [113.304, 40.0725] },
  { code: '140213051', name: '古城街道', name_en: 'Gucheng Subdistrict', seed: null },
  { code: '140213052', name: '新旺街道', name_en: 'Xinwang Subdistrict', seed: [113.289, 40.1235] },
  { code: '140213053', name: '迎宾街道', name_en: 'Yingbin Subdistrict', seed: [113.2825, 40.068] },
  { code: '140213054', name: '振华街道', name_en: 'Zhenhua Subdistrict', seed: [113.262, 40.08] },
  { code: '140213055', name: '清远街道', name_en: 'Qingyuan Subdistrict', seed: [113.276, 40.092] },
  { code: '140213056', name: '武定街道', name_en: 'Wuding Subdistrict', seed: [113.301, 40.107] },
  { code: '140213057', name: '御河街道', name_en: 'Yuhe Subdistrict', seed: [113.3185, 40.089] },
  { code: '140213058', name: '开源街道', name_en: 'Kaiyuan Subdistrict', seed: [113.302, 40.0535] },
  { code: '140213059', name: '大庆路街道', name_en: 'Daqinglu Subdistrict', seed: [113.262, 40.056] },
  { code: '140213060', name: '马军营街道', name_en: 'Majunying Subdistrict', seed: [113.33, 40.012] },
  { code: '140213061', name: '卧虎湾街道', name_en: 'Wohuwan Subdistrict', seed: [113.243, 40.113] },
  { code: '140213062', name: '新华街道', name_en: 'Xinhua Subdistrict', seed: [113.271, 40.107] },
  { code: '140213063', name: '鹿苑街道', name_en: 'Luyuan Subdistrict', seed: [113.297, 40.152] },
  { code: '140213064', name: '白登山街道', name_en: 'Baidengshan Subdistrict', seed: [113.344, 40.108] },
  { code: '140213065', name: '文瀛湖街道', name_en: 'Wenyinghu Subdistrict', seed: [113.367, 40.08] },
  { code: '140213066', name: '水泊寺街道', name_en: 'Shuibosi Subdistrict', seed: [113.359, 40.143] },
  { code: '140213067', name: '小南头街道', name_en: 'Xiaonantou Subdistrict', seed: [113.258, 40.02] },
];

/**
 * Roads and villages that demo names carry and whose street office is not in the name itself (a
 * name carrying 新华街 or 鹿苑路 lies in 新华街道 / 鹿苑街道 by its own words). A site named after one
 * of these lies in one of the listed street offices; a road may run through several.
 */
export const NAMED_PLACES: Readonly<Record<string, readonly string[]>> = {
  魏都大道: ['武定街道', '迎宾街道'],
  同泉路: ['振华街道', '武定街道'],
  北环路: ['新旺街道', '卧虎湾街道'],
  西环路: ['振华街道'],
  南环西路: ['大庆路街道'],
  云冈路: ['卧虎湾街道', '迎宾街道'],
  太和路: ['御河街道'],
  新建北路: ['振华街道'],
  '208国道': ['小南头街道'],
  城南村: ['开源街道'],
  城南城中村: ['开源街道'],
};

/** The hand-placed seed of a street office, for placing sites "in 水泊寺" and the like. */
export function streetSeed(name: string): LonLat {
  const seed = STREET_SEEDS.find((s) => s.name === name)?.seed;
  if (!seed) throw new Error(`no seed point for street ${name}`);
  return seed;
}

export function streetAreas(): { code: string; name: string; name_en: string; geometry: Areal }[] {
  const outsideWall = difference(DISTRICT, CITY_WALL);
  if (!outsideWall) throw new Error('the city wall swallowed the district');
  const seeded = STREET_SEEDS.filter((s): s is typeof s & { seed: LonLat } => s.seed !== null);
  const cells = turf.voronoi(turf.featureCollection(seeded.map((s) => turf.point(s.seed))), { bbox: [113.1, 39.9, 113.5, 40.3] });
  const bySeed = new Map(seeded.map((s, i) => [s.code, cells.features[i]?.geometry]));
  return STREET_SEEDS.map((s) => {
    if (s.seed === null) return { code: s.code, name: s.name, name_en: s.name_en, geometry: CITY_WALL };
    const cell = bySeed.get(s.code);
    const clipped = cell ? intersection(outsideWall, cell) : null;
    if (!clipped) throw new Error(`street ${s.name} has no area`);
    return { code: s.code, name: s.name, name_en: s.name_en, geometry: clipped };
  });
}

/** Everything that is not built-up but inside the district: where rural sites go. */
export function ruralArea(): Areal {
  const rural = difference(DISTRICT, BUILT_UP);
  if (!rural) throw new Error('no rural area');
  return rural;
}

export const ALL_COAL_BAN: Areal = union(COAL_BAN_MAIN, COAL_BAN_YUDONG)!;
