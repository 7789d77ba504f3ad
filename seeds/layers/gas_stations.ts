/**
 * Art. 12 gas stations: selling ≥ 5000 t a year means online monitoring linked to the city
 * platform. The threshold is planted from both sides: exactly 5000 t (violation) and 4999 t (not).
 * Operators are fictional brands, so no real company is shown breaking a rule. None stands inside
 * the Ming wall.
 */
import { demoFeature, type Attributes, type DemoFeature } from '../lib/features.ts';
import { pick } from '../lib/prng.ts';
import { placeNamed, type Context, type RegionName } from './context.ts';

const OPERATORS = [
  { brand: '晋通石化', name: '晋通石化销售有限公司' },
  { brand: '恒泰能源', name: '大同恒泰能源有限公司' },
  { brand: '北岳石油', name: '北岳石油经营有限公司' },
  { brand: '同安燃料', name: '同安燃料有限公司' },
] as const;

interface StationSpec {
  road: string;
  region: RegionName;
  /** Annual sales in tonnes; undefined = not reported. */
  sales: number | undefined;
  set?: Attributes;
  planted?: string[];
  /** Rule ids left undecided on purpose (a deciding attribute unrecorded: 待核查). */
  unverified?: string[];
}

const STATIONS: StationSpec[] = [
  // planted: at or above the threshold, not linked
  { road: '魏都大道', region: 'mainCity', sales: 5000, set: { online_monitoring: false }, planted: ['gas_station.online'] },
  { road: '御河东路', region: 'yudong', sales: 7200, set: { online_monitoring: false }, planted: ['gas_station.online'] },
  { road: '南环西路', region: 'mainCity', sales: 6100, set: { online_monitoring: undefined }, unverified: ['gas_station.online'] },
  // just below the threshold, or linked, or sales unknown: not flagged
  { road: '开源街', region: 'mainCity', sales: 4999, set: { online_monitoring: false } },
  { road: '北环路', region: 'mainCity', sales: 8500 },
  { road: '文瀛湖北路', region: 'yudong', sales: 12000 },
  { road: '同泉路', region: 'mainCity', sales: 5600 },
  { road: '太和路', region: 'yudong', sales: 9300 },
  { road: '云冈路', region: 'mainCity', sales: undefined, set: { online_monitoring: false }, unverified: ['gas_station.online'] },
  { road: '迎宾西街', region: 'mainCity', sales: 3200, set: { online_monitoring: false } },
  {
    road: '大庆路',
    region: 'mainCity',
    sales: 2650,
    set: { online_monitoring: false, vapour_recovery_running: false },
    planted: ['gas_station.vapour_recovery'],
  },
  { road: '新建北路', region: 'mainCity', sales: 1800, set: { online_monitoring: false, vapour_recovery: false }, planted: ['gas_station.vapour_recovery'] },
  {
    road: '振华南街',
    region: 'mainCity',
    sales: 4100,
    set: { online_monitoring: false, vapour_recovery_running: undefined },
    unverified: ['gas_station.vapour_recovery'],
  },
  { road: '御河西路', region: 'mainCity', sales: 3900 },
  { road: '马军营路', region: 'rural', sales: 1500, set: { online_monitoring: false } },
  { road: '小南头村道', region: 'rural', sales: 900, set: { online_monitoring: false } },
  { road: '208国道平城段', region: 'rural', sales: 6800 },
  { road: '水泊寺路', region: 'rural', sales: 1200, set: { online_monitoring: false } },
  { road: '鹿苑路', region: 'rural', sales: 2100, set: { online_monitoring: false } },
  { road: '白登山路', region: 'rural', sales: 700, set: { online_monitoring: false } },
];

export function gasStations(ctx: Context): DemoFeature[] {
  return STATIONS.map((s) => {
    const operator = pick(ctx.rng, OPERATORS);
    const name = `${operator.brand}${s.road}加油站`;
    const attrs: Attributes = {
      operator: operator.name,
      annual_sales_t: s.sales,
      vapour_recovery: true,
      vapour_recovery_running: true,
      online_monitoring: true,
      address: `平城区${s.road}`,
      ...s.set,
    };
    return demoFeature(
      'gas_stations',
      name,
      attrs,
      { type: 'Point', coordinates: placeNamed(ctx, name, ctx.regions[s.region], { outside: [ctx.regions.oldCity] }) },
      s.planted,
      s.unverified,
    );
  });
}
