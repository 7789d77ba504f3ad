/**
 * Art. 6 loose-coal sales points. Planted: operating or suspected outlets inside a coal-ban zone,
 * one exactly on a zone vertex (ST_Covers: the edge is inside). Negatives: outlets already closed
 * inside the zones, an operating outlet in the urban village the main zone leaves out (its hole),
 * and operating outlets in the built-up area outside the zones or in the countryside.
 */
import { COAL_BAN_MAIN_WEST_VERTEX, streetSeed } from '../geography.ts';
import { demoFeature, type DemoFeature } from '../lib/features.ts';
import type { LonLat } from '../lib/geo.ts';
import { creditCode } from './codes.ts';
import { placeNamed, placeNearNamed, type Context } from './context.ts';
import { pick } from '../lib/prng.ts';

const SURNAMES = ['王', '李', '张', '刘', '赵', '杨', '郭', '高', '武', '贾'];

type Status = 'operating' | 'suspected' | 'closed';

interface OutletSpec {
  name: string;
  status: Status;
  coal: 'loose' | 'clean';
  address: string;
  /** Where it lies; a place in the name keeps it in that street office. */
  at: (ctx: Context, name: string) => LonLat;
  planted?: string[];
}

const inZone = (zone: 'coalBanMain' | 'coalBanYudong') => (ctx: Context, name: string) => placeNamed(ctx, name, ctx.regions[zone], { marginM: 200 });
const outsideZonesNear = (street: string) => (ctx: Context, name: string) =>
  placeNearNamed(ctx, name, streetSeed(street), 1500, { outside: [ctx.regions.coalBan], marginM: 300 });

const OUTLETS: OutletSpec[] = [
  // planted
  {
    name: '西环路散煤经销点',
    status: 'operating',
    coal: 'loose',
    address: '西环路（禁煤区边界处）',
    at: () => COAL_BAN_MAIN_WEST_VERTEX,
    planted: ['coal_ban.sales_point'],
  },
  { name: '新华街煤炭零售部', status: 'operating', coal: 'loose', address: '新华街', at: inZone('coalBanMain'), planted: ['coal_ban.sales_point'] },
  { name: '武定北路蜂窝煤店', status: 'suspected', coal: 'loose', address: '武定北路', at: inZone('coalBanMain'), planted: ['coal_ban.sales_point'] },
  { name: '御东便民煤炭销售点', status: 'suspected', coal: 'loose', address: '御东新区', at: inZone('coalBanYudong'), planted: ['coal_ban.sales_point'] },
  // closed inside the zones: not a violation
  {
    name: '古城煤场（已取缔）',
    status: 'closed',
    coal: 'loose',
    address: '古城内',
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.oldCity, { inside: [ctx.regions.coalBan], marginM: 150 }),
  },
  { name: '振华南街煤炭门市（已取缔）', status: 'closed', coal: 'loose', address: '振华南街', at: inZone('coalBanMain') },
  // in the hole of the main zone: outside the ban, legal
  {
    name: '城南村散煤销售点',
    status: 'operating',
    coal: 'loose',
    address: '城南城中村',
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.coalBanHole, { marginM: 120 }),
  },
  // built-up area but no coal-ban zone: the rule is about zones only
  {
    name: '北环路洁净煤配送点',
    status: 'operating',
    coal: 'clean',
    address: '北环路',
    at: (ctx, name) => placeNamed(ctx, name, ctx.regions.builtUp, { outside: [ctx.regions.coalBan], marginM: 150 }),
  },
  // countryside
  { name: '马军营洁净煤配送中心', status: 'operating', coal: 'clean', address: '马军营', at: outsideZonesNear('马军营街道') },
  { name: '小南头村散煤销售点', status: 'operating', coal: 'loose', address: '小南头村', at: outsideZonesNear('小南头街道') },
  { name: '水泊寺村煤炭经销部', status: 'operating', coal: 'loose', address: '水泊寺村', at: outsideZonesNear('水泊寺街道') },
  { name: '卧虎湾村散煤点', status: 'suspected', coal: 'loose', address: '卧虎湾', at: outsideZonesNear('卧虎湾街道') },
  { name: '鹿苑村煤炭门市', status: 'operating', coal: 'clean', address: '鹿苑', at: outsideZonesNear('鹿苑街道') },
  { name: '白登山村煤场', status: 'operating', coal: 'loose', address: '白登山', at: outsideZonesNear('白登山街道') },
  { name: '文瀛湖东村煤炭销售点', status: 'closed', coal: 'loose', address: '文瀛湖东侧', at: outsideZonesNear('文瀛湖街道') },
];

export function coalSalesPoints(ctx: Context): DemoFeature[] {
  return OUTLETS.map((o) =>
    demoFeature(
      'coal_sales_points',
      o.name,
      {
        status: o.status,
        coal_type: o.coal,
        licence_no: creditCode(ctx.rng, 'individual'),
        operator: `${pick(ctx.rng, SURNAMES)}某`, // people are never named in demo data
        address: `平城区${o.address}`,
      },
      { type: 'Point', coordinates: o.at(ctx, o.name) },
      o.planted,
    ),
  );
}
