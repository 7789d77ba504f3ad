/**
 * Arts. 4 and 7 boilers and industrial furnaces. Planted: coal burners in use inside a coal-ban zone
 * or the built-up area — including one in the urban village that the coal-ban zone leaves out but
 * the built-up area does not. Negatives: gas and electric boilers in the zones, coal boilers on
 * standby or removed there, and coal burners in use in the countryside.
 */
import { DATONG_2_PLANT, SECOND_HOSPITAL, streetSeed } from '../geography.ts';
import { demoFeature, type Attributes, type DemoFeature } from '../lib/features.ts';
import type { LonLat } from '../lib/geo.ts';
import { placeNamed, placeNearNamed, type Context } from './context.ts';

interface BoilerSpec {
  name: string;
  unit: string;
  attrs: Attributes & { kind: 'boiler' | 'furnace'; fuel: 'coal' | 'gas' | 'electric' | 'biomass'; status: 'in_use' | 'standby' | 'removed' };
  /** Where it lies; a place in the name keeps it in that street office. */
  at: (ctx: Context, name: string) => LonLat;
  planted?: string[];
  /** Rule ids left undecided on purpose (a deciding attribute unrecorded: 待核查). */
  unverified?: string[];
}

const inCoalBan = (ctx: Context, name: string) => placeNamed(ctx, name, ctx.regions.coalBan, { marginM: 200 });
const inBuiltUp = (ctx: Context, name: string) => placeNamed(ctx, name, ctx.regions.builtUp, { marginM: 200 });
const ruralNear = (street: string) => (ctx: Context, name: string) =>
  placeNearNamed(ctx, name, streetSeed(street), 1500, { inside: [ctx.regions.rural], outside: [ctx.regions.coalBan], marginM: 300 });

const gasBoiler = (t: number, nox: number) => ({ kind: 'boiler', fuel: 'gas', status: 'in_use', capacity_t_h: t, nox_mg_m3: nox }) as const;

const BOILERS: BoilerSpec[] = [
  // planted
  {
    name: '古城东街洗浴中心燃煤锅炉',
    unit: '古城东街洗浴中心',
    attrs: { kind: 'boiler', use: 'commercial', fuel: 'coal', status: 'in_use', capacity_t_h: 2, ultra_low_emission: false },
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.oldCity, { marginM: 150 }),
    planted: ['coal_ban.boiler', 'boiler.ultra_low'],
  },
  // a village-collective boiler where clean heating has not arrived: not a coal-ban violation (反对“一刀切”), listed under coverage; art. 4 still asks for ultra-low emission
  {
    name: '城南村集体供暖燃煤锅炉',
    unit: '城南村村民委员会',
    attrs: { kind: 'boiler', use: 'village', fuel: 'coal', status: 'in_use', capacity_t_h: 4, ultra_low_emission: false },
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.coalBanHole, { marginM: 120 }),
    planted: ['boiler.ultra_low'],
  },
  {
    name: '御东建材厂燃煤烘干炉',
    unit: '大同御东新型建材厂',
    attrs: { kind: 'furnace', furnace_type: 'drying', new_build: false, fuel: 'coal', status: 'in_use' },
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.coalBanYudong, { marginM: 200 }),
    planted: ['furnace.coal'],
  },
  // gas and electric inside the zones
  { name: '平城区第三中学燃气锅炉', unit: '平城区第三中学', attrs: gasBoiler(2, 28), at: inCoalBan },
  // the hospital of the national-control station: one place per institution
  {
    name: '第二人民医院燃气锅炉',
    unit: '大同市第二人民医院',
    attrs: gasBoiler(6, 30),
    at: (ctx, name) => placeNearNamed(ctx, name, SECOND_HOSPITAL, 150, { inside: [ctx.regions.coalBan], marginM: 50 }),
  },
  { name: '迎宾街供热站燃气锅炉1号', unit: '平城区迎宾街供热站', attrs: gasBoiler(20, 26), at: inCoalBan },
  { name: '迎宾街供热站燃气锅炉2号', unit: '平城区迎宾街供热站', attrs: gasBoiler(20, 27), at: inCoalBan },
  {
    name: '御东商务酒店燃气锅炉',
    unit: '御东商务酒店',
    attrs: gasBoiler(4, 45),
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.coalBanYudong, { marginM: 200 }),
  },
  { name: '开源街农贸市场燃气锅炉', unit: '开源街农贸市场', attrs: gasBoiler(1, 48), at: inBuiltUp },
  { name: '新华街写字楼电锅炉', unit: '新华大厦物业', attrs: { kind: 'boiler', fuel: 'electric', status: 'in_use', capacity_t_h: 1 }, at: inCoalBan },
  { name: '大同食品厂燃气蒸汽锅炉', unit: '大同平城食品有限公司', attrs: gasBoiler(4, 35), at: inBuiltUp },
  // coal inside the zones but not in use
  { name: '示意小区备用燃煤锅炉', unit: '示意小区物业', attrs: { kind: 'boiler', fuel: 'coal', status: 'standby', capacity_t_h: 4 }, at: inCoalBan },
  {
    name: '振华街原供热站燃煤锅炉（已拆除）',
    unit: '平城区振华街供热站',
    attrs: { kind: 'boiler', fuel: 'coal', status: 'removed', capacity_t_h: 10 },
    at: inCoalBan,
  },
  { name: '御河铸造厂燃煤冲天炉（已拆除）', unit: '大同御河铸造有限公司', attrs: { kind: 'furnace', fuel: 'coal', status: 'removed' }, at: inBuiltUp },
  // coal in use in the countryside: outside both zone layers
  {
    name: '马军营砖厂燃煤隧道窑',
    unit: '大同马军营建材砖厂',
    attrs: { kind: 'furnace', furnace_type: 'other', fuel: 'coal', status: 'in_use', nox_mg_m3: 180 },
    at: ruralNear('马军营街道'),
    planted: ['furnace.coal'],
  },
  {
    name: '小南头养殖场燃煤锅炉',
    unit: '小南头生态养殖场',
    attrs: { kind: 'boiler', use: 'commercial', fuel: 'coal', status: 'in_use', capacity_t_h: 1, ultra_low_emission: false },
    at: ruralNear('小南头街道'),
    planted: ['boiler.ultra_low'],
  },
  {
    name: '水泊寺村委会燃煤锅炉',
    unit: '水泊寺村村民委员会',
    attrs: { kind: 'boiler', use: 'village', fuel: 'coal', status: 'in_use', capacity_t_h: 0.5 },
    at: ruralNear('水泊寺街道'),
    unverified: ['boiler.ultra_low'],
  },
  {
    name: '鹿苑村生物质锅炉',
    unit: '鹿苑村村民委员会',
    attrs: { kind: 'boiler', fuel: 'biomass', status: 'in_use', capacity_t_h: 1 },
    at: ruralNear('鹿苑街道'),
  },
  {
    name: '白登山苗圃电锅炉',
    unit: '白登山苗圃',
    attrs: { kind: 'boiler', fuel: 'electric', status: 'in_use', capacity_t_h: 0.5 },
    at: ruralNear('白登山街道'),
  },
  {
    name: '二电厂1号机组锅炉（示意）',
    unit: '国电电力大同第二发电厂',
    attrs: { kind: 'boiler', fuel: 'coal', status: 'in_use', capacity_t_h: 2070, ultra_low_emission: true, nox_mg_m3: 35 },
    at: (ctx, name) => placeNearNamed(ctx, name, DATONG_2_PLANT, 200, { inside: [ctx.regions.rural], outside: [ctx.regions.coalBan], marginM: 300 }),
  },
];

export function boilers(ctx: Context): DemoFeature[] {
  return BOILERS.map((b) =>
    demoFeature('boilers', b.name, { unit: b.unit, ...b.attrs }, { type: 'Point', coordinates: b.at(ctx, b.name) }, b.planted, b.unverified),
  );
}

/**
 * Art. 7's furnace cases and an art. 6 household boiler in the clean-heating gap, built after every
 * other layer so the sites placed before them keep their positions.
 */
const LATER: BoilerSpec[] = [
  {
    name: '示意铸造企业煤气发生炉',
    unit: '示意铸造企业',
    attrs: { kind: 'furnace', furnace_type: 'gas_producer', fuel: 'coal', status: 'in_use', use: 'industrial' },
    at: ruralNear('马军营街道'),
    planted: ['furnace.gas_producer'],
  },
  {
    name: '示意机械厂新建燃煤热处理炉',
    unit: '示意机械制造企业',
    attrs: { kind: 'furnace', furnace_type: 'heat_treatment', new_build: true, fuel: 'coal', status: 'in_use', use: 'industrial' },
    at: ruralNear('水泊寺街道'),
    planted: ['furnace.new_coal'],
  },
  {
    name: '示意新建天然气熔化炉',
    unit: '示意铸造企业',
    attrs: { kind: 'furnace', furnace_type: 'melting', new_build: true, fuel: 'gas', status: 'in_use', use: 'industrial' },
    at: ruralNear('马军营街道'),
  },
  {
    name: '示意居民家用燃煤锅炉（城中村）',
    unit: '示意城中村住户',
    attrs: { kind: 'boiler', use: 'household', fuel: 'coal', status: 'in_use', capacity_t_h: 0.1 },
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.coalBanHole, { marginM: 120 }),
  },
];

export function laterBoilers(ctx: Context): DemoFeature[] {
  return LATER.map((b) =>
    demoFeature('boilers', b.name, { unit: b.unit, ...b.attrs }, { type: 'Point', coordinates: b.at(ctx, b.name) }, b.planted, b.unverified),
  );
}
