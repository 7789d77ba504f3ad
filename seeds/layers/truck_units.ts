/**
 * Art. 15 units with heavy truck traffic: ≥ 10 truck entries a day means a gate system networked
 * with the environment bureau. Planted from both sides of the threshold: exactly 10 (violation) and
 * 9 (not). Companies are fictional.
 */
import { demoFeature, type Attributes, type DemoFeature } from '../lib/features.ts';
import { placeNamed, type Context, type RegionName } from './context.ts';

interface UnitSpec {
  name: string;
  industry: string;
  region: RegionName;
  /** Truck entries a day; undefined = not surveyed. */
  trucks: number | undefined;
  set?: Attributes;
  planted?: string[];
  /** Rule ids left undecided on purpose (a deciding attribute unrecorded: 待核查). */
  unverified?: string[];
}

const UNITS: UnitSpec[] = [
  // planted
  {
    name: '平城区御河建材市场',
    industry: '建材批发',
    region: 'mainCity',
    trucks: 10,
    set: { gate_system: false, gate_linked: false },
    planted: ['truck_unit.gate'],
  },
  {
    name: '大同恒通商砼搅拌站',
    industry: '商品混凝土',
    region: 'rural',
    trucks: 25,
    set: { gate_system: true, gate_linked: false },
    planted: ['truck_unit.gate'],
  },
  {
    name: '大同北方煤炭储运有限公司',
    industry: '煤炭储运',
    region: 'rural',
    trucks: 40,
    set: { gate_system: true, gate_linked: undefined },
    unverified: ['truck_unit.gate'],
  },
  // negatives
  { name: '平城区开源农副产品批发市场', industry: '农产品批发', region: 'mainCity', trucks: 9, set: { gate_system: false, gate_linked: false } },
  {
    name: '平城区城市生活垃圾转运站',
    industry: '环卫',
    region: 'mainCity',
    trucks: undefined,
    set: { gate_system: false, gate_linked: false },
    unverified: ['truck_unit.gate'],
  },
  { name: '御东冷链物流园', industry: '物流', region: 'yudong', trucks: 5, set: { gate_system: false, gate_linked: false } },
  { name: '大同宏远物流园', industry: '物流', region: 'rural', trucks: 60 },
  { name: '大同金诚铸造有限公司', industry: '铸造', region: 'rural', trucks: 18 },
  { name: '晋北新型墙材有限公司', industry: '建材', region: 'rural', trucks: 22 },
  { name: '同发商砼有限公司', industry: '商品混凝土', region: 'rural', trucks: 35 },
  { name: '平城区建筑垃圾资源化利用中心', industry: '固废处置', region: 'rural', trucks: 30 },
  { name: '大同云中粮油储备库', industry: '粮食储运', region: 'rural', trucks: 12 },
  { name: '御东建材物流中心', industry: '建材批发', region: 'yudong', trucks: 15 },
  { name: '大同北岳乳业配送中心', industry: '食品配送', region: 'mainCity', trucks: 11 },
  { name: '文瀛湖景区运维中心', industry: '公共服务', region: 'yudong', trucks: 3, set: { gate_system: false } },
];

export function truckUnits(ctx: Context): DemoFeature[] {
  return UNITS.map((u) => {
    const attrs: Attributes = {
      trucks_per_day: u.trucks,
      gate_system: true,
      gate_linked: true,
      industry: u.industry,
      ...u.set,
    };
    return demoFeature(
      'truck_units',
      u.name,
      attrs,
      { type: 'Point', coordinates: placeNamed(ctx, u.name, ctx.regions[u.region], { outside: [ctx.regions.oldCity] }) },
      u.planted,
      u.unverified,
    );
  });
}
