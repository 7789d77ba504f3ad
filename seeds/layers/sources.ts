/**
 * Arts. 4, 11, 12 and 13 sources the map gained with migration 007: restaurants (fume purifiers by
 * 8月30日, monitoring of key emitters in the built-up area), auto-repair shops with spray painting
 * (efficient treatment) and enterprises emitting volatile organic compounds (no low-efficiency
 * treatment, activated carbon kept, VOC work staggered in summer midday hours). Names are generic
 * and carry 示意; operators are fictional and credit codes made up.
 */
import { demoFeature, type Attributes, type DemoFeature } from '../lib/features.ts';
import { placeIn } from '../lib/place.ts';
import { creditCode } from './codes.ts';
import type { Context, RegionName } from './context.ts';

interface Spec {
  name: string;
  region: RegionName;
  attrs: Attributes;
  planted?: string[];
  unverified?: string[];
}

const OK_RESTAURANT = { fume_purifier: true, purifier_effective: true } as const;

const RESTAURANTS: Spec[] = [
  { name: '示意餐饮单位01（未装油烟净化）', region: 'mainCity', attrs: { scale: 'small', fume_purifier: false }, planted: ['restaurant.fume_purifier'] },
  {
    name: '示意餐饮单位02（净化设施损坏）',
    region: 'yudong',
    attrs: { scale: 'medium', fume_purifier: true, purifier_effective: false },
    planted: ['restaurant.fume_purifier'],
  },
  {
    name: '示意餐饮单位03（重点单位未联网）',
    region: 'mainCity',
    attrs: { scale: 'large', ...OK_RESTAURANT, key_emitter: true, fume_monitoring: false },
    planted: ['restaurant.fume_monitoring'],
  },
  { name: '示意餐饮单位04（净化设施待核查）', region: 'mainCity', attrs: { scale: 'small', fume_purifier: true }, unverified: ['restaurant.fume_purifier'] },
  { name: '示意餐饮单位05', region: 'mainCity', attrs: { scale: 'large', ...OK_RESTAURANT, key_emitter: true, fume_monitoring: true } },
  { name: '示意餐饮单位06', region: 'yudong', attrs: { scale: 'medium', ...OK_RESTAURANT, key_emitter: false } },
  { name: '示意餐饮单位07', region: 'mainCity', attrs: { scale: 'small', ...OK_RESTAURANT, key_emitter: false } },
  { name: '示意餐饮单位08（城外重点单位）', region: 'rural', attrs: { scale: 'large', ...OK_RESTAURANT, key_emitter: true, fume_monitoring: false } },
];

const AUTO_REPAIR: Spec[] = [
  { name: '示意汽车维修企业01（喷涂简易治理）', region: 'mainCity', attrs: { spray_painting: true, treatment: 'simple' }, planted: ['auto_repair.treatment'] },
  { name: '示意汽车维修企业02（喷涂无治理）', region: 'rural', attrs: { spray_painting: true, treatment: 'none' }, planted: ['auto_repair.treatment'] },
  { name: '示意汽车维修企业03（治理设施待核查）', region: 'yudong', attrs: { spray_painting: true }, unverified: ['auto_repair.treatment'] },
  { name: '示意汽车维修企业04', region: 'mainCity', attrs: { spray_painting: true, treatment: 'efficient' } },
  { name: '示意汽车维修企业05', region: 'mainCity', attrs: { spray_painting: false, treatment: 'none' } },
  { name: '示意汽车维修企业06', region: 'rural', attrs: { spray_painting: true, treatment: 'efficient' } },
];

const VOC: Spec[] = [
  {
    name: '示意涉VOCs企业01（光氧催化）',
    region: 'rural',
    attrs: { industry: 'printing', treatment: 'photo_oxidation', staggered_production: true },
    planted: ['voc.low_efficiency'],
  },
  {
    name: '示意涉VOCs企业02（活性炭未按期更换）',
    region: 'rural',
    attrs: { industry: 'furniture', treatment: 'activated_carbon', carbon_filled: true, carbon_replaced_on_time: false },
    planted: ['voc.activated_carbon'],
  },
  {
    name: '示意涉VOCs企业03（高温时段未错时）',
    region: 'rural',
    attrs: { industry: 'coating', treatment: 'combustion', staggered_production: false },
    planted: ['voc.summer_stagger'],
  },
  { name: '示意涉VOCs企业04（错时生产待核查）', region: 'rural', attrs: { industry: 'chemical', treatment: 'combustion' }, unverified: ['voc.summer_stagger'] },
  { name: '示意涉VOCs企业05', region: 'rural', attrs: { industry: 'chemical', treatment: 'combustion', staggered_production: true } },
  {
    name: '示意涉VOCs企业06',
    region: 'rural',
    attrs: { industry: 'pharma', treatment: 'activated_carbon', carbon_filled: true, carbon_replaced_on_time: true },
  },
  { name: '示意涉VOCs企业07', region: 'rural', attrs: { industry: 'electronics', treatment: 'condensation' } },
];

function build(ctx: Context, layer: string, specs: Spec[], kind: 'individual' | 'company'): DemoFeature[] {
  return specs.map((s) => {
    const attrs: Attributes = { operator: s.name.replace(/（.*）$/, ''), credit_code: creditCode(ctx.rng, kind), ...s.attrs };
    const at = placeIn(ctx.rng, ctx.regions[s.region], { outside: [ctx.regions.oldCity] }, s.name);
    return demoFeature(layer, s.name, attrs, { type: 'Point', coordinates: at }, s.planted, s.unverified);
  });
}

export const restaurants = (ctx: Context) => build(ctx, 'restaurants', RESTAURANTS, 'individual');
export const autoRepairShops = (ctx: Context) => build(ctx, 'auto_repair_shops', AUTO_REPAIR, 'company');
export const vocEnterprises = (ctx: Context) => build(ctx, 'voc_enterprises', VOC, 'company');
