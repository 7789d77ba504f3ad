/**
 * §5(2) air-quality stations. Datong has six national-control (国控) stations, one at 第二人民医院;
 * its exact position is not public, so it is placed in the old-city west illustratively, like the rest.
 */
import { SECOND_HOSPITAL, streetSeed } from '../geography.ts';
import { demoFeature, type DemoFeature } from '../lib/features.ts';
import type { LonLat } from '../lib/geo.ts';
import { placeNamed, placeNearNamed, type Context } from './context.ts';

type StationType = 'national' | 'street' | 'traffic' | 'corridor' | 'particulate' | 'voc' | 'micro';

const CITY_MONITORING = '大同市生态环境监测站（示意）';
const DISTRICT_BUREAU = '区生态环境分局（第三方运维，示意）';

const STATIONS: { name: string; type: StationType; operator: string; at: (ctx: Context, name: string) => LonLat }[] = [
  { name: '第二人民医院（国控站）', type: 'national', operator: CITY_MONITORING, at: () => SECOND_HOSPITAL },
  { name: '永泰街道空气站', type: 'street', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '永泰街道', 500) },
  { name: '新华街道空气站', type: 'street', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '新华街道', 500) },
  { name: '御河街道空气站', type: 'street', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '御河街道', 500) },
  { name: '马军营街道空气站', type: 'street', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '马军营街道', 800) },
  { name: '魏都大道交通干线站', type: 'traffic', operator: DISTRICT_BUREAU, at: (ctx, name) => placeNamed(ctx, name, ctx.regions.mainCity) },
  { name: '御河西路交通干线站', type: 'traffic', operator: DISTRICT_BUREAU, at: () => [113.3196, 40.1045] },
  { name: '208国道传输通道站', type: 'corridor', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '小南头街道', 1200) },
  { name: '平城区颗粒物组分站', type: 'particulate', operator: CITY_MONITORING, at: (ctx, name) => near(ctx, name, '迎宾街道', 400) },
  { name: '平城区VOCs组分站', type: 'voc', operator: CITY_MONITORING, at: (ctx, name) => near(ctx, name, '开源街道', 800) },
  { name: '文瀛湖微型站', type: 'micro', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '文瀛湖街道', 600) },
  { name: '鹿苑微型站', type: 'micro', operator: DISTRICT_BUREAU, at: (ctx, name) => near(ctx, name, '鹿苑街道', 800) },
];

const near = (ctx: Context, name: string, street: string, radiusM: number): LonLat => placeNearNamed(ctx, name, streetSeed(street), radiusM, { marginM: 100 });

export function aqStations(ctx: Context): DemoFeature[] {
  return STATIONS.map((s) =>
    demoFeature('aq_stations', s.name, { station_type: s.type, operator: s.operator }, { type: 'Point', coordinates: s.at(ctx, s.name) }),
  );
}
