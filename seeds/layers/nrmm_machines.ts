/**
 * Art. 9 non-road mobile machinery. Inside the control zone the plan bans stage I/II/unknown,
 * unregistered and black-smoking machines unless used for livelihood or emergencies. Planted cases
 * sit in the zone (one exactly on a zone vertex: "on the edge counts as inside"); the negatives are
 * exempt machines in the zone and bad-looking machines outside it. Compliant machines work near
 * active construction sites.
 */
import { NRMM_ZONE_NORTH_VERTEX, streetSeed } from '../geography.ts';
import { demoFeature, type Attributes, type DemoFeature } from '../lib/features.ts';
import { covers, type LonLat } from '../lib/geo.ts';
import { placeNear } from '../lib/place.ts';
import { chance, intBetween, pick } from '../lib/prng.ts';
import { engineNo, maskedPhone, nrmmRegCode } from './codes.ts';
import { place, type Context } from './context.ts';

type MachineType = 'excavator' | 'loader' | 'bulldozer' | 'roller' | 'crane' | 'forklift' | 'paver' | 'piling';
const TYPE_ZH: Record<MachineType, string> = {
  excavator: '挖掘机',
  loader: '装载机',
  bulldozer: '推土机',
  roller: '压路机',
  crane: '起重机',
  forklift: '叉车',
  paver: '摊铺机',
  piling: '桩机',
};

const OWNERS = [
  { short: '华建', name: '大同华建机械租赁有限公司' },
  { short: '鑫达', name: '平城区鑫达工程机械队' },
  { short: '同泰', name: '大同同泰土石方工程有限公司' },
  { short: '晋北路桥', name: '晋北路桥工程有限公司' },
  { short: '宏远物流', name: '大同宏远物流有限公司' },
] as const;
const MUNICIPAL = { short: '市政养护', name: '平城区市政设施养护中心' };
const HEATING_REPAIR = { short: '供热抢修', name: '平城区供热应急抢修队' };

/** In the zone near a site, anywhere outside it, exactly at a position, or outside it near a landmark. */
type Where = 'zone' | 'outside' | { exactly: LonLat } | { near: LonLat };

interface MachineSpec {
  owner: { short: string; name: string };
  type: MachineType;
  where: Where;
  /** What differs from a registered, stage III+, clean-running machine. */
  set?: Attributes;
  planted?: string[];
  /** Rule ids left undecided on purpose (a deciding attribute unrecorded: 待核查). */
  unverified?: string[];
}

const PLANTED: MachineSpec[] = [
  { owner: OWNERS[1], type: 'excavator', where: 'zone', set: { emission_stage: 'I', manufacture_year: 2008 }, planted: ['nrmm.low_stage'] },
  { owner: OWNERS[2], type: 'loader', where: 'zone', set: { emission_stage: 'II', manufacture_year: 2012 }, planted: ['nrmm.low_stage'] },
  { owner: OWNERS[3], type: 'roller', where: 'zone', set: { emission_stage: 'unknown', manufacture_year: undefined }, unverified: ['nrmm.low_stage'] },
  {
    owner: OWNERS[0],
    type: 'bulldozer',
    where: { exactly: NRMM_ZONE_NORTH_VERTEX },
    set: { emission_stage: 'II', manufacture_year: 2011 },
    planted: ['nrmm.low_stage'],
  },
  { owner: OWNERS[1], type: 'crane', where: 'zone', set: { reg_code: null }, planted: ['nrmm.unregistered'] },
  { owner: OWNERS[2], type: 'piling', where: 'zone', set: { reg_code: undefined }, planted: ['nrmm.unregistered'] },
  { owner: OWNERS[4], type: 'forklift', where: 'zone', set: { reg_code: ' ' }, planted: ['nrmm.unregistered'] },
  { owner: OWNERS[3], type: 'paver', where: 'zone', set: { black_smoke: true }, planted: ['nrmm.black_smoke'] },
  { owner: OWNERS[0], type: 'excavator', where: 'zone', set: { black_smoke: true, dpf: false }, planted: ['nrmm.black_smoke'] },
  {
    owner: OWNERS[1],
    type: 'loader',
    where: 'zone',
    set: { emission_stage: 'II', reg_code: '', black_smoke: true, dpf: false, manufacture_year: 2010 },
    planted: ['nrmm.low_stage', 'nrmm.unregistered', 'nrmm.black_smoke'],
  },
];

/** Negatives: exempt machines in the zone, and machines outside it that would be flagged inside. */
const NEGATIVES: MachineSpec[] = [
  { owner: HEATING_REPAIR, type: 'excavator', where: 'zone', set: { emission_stage: 'II', black_smoke: true, exempt_use: true, manufacture_year: 2011 } },
  { owner: MUNICIPAL, type: 'loader', where: 'zone', set: { reg_code: null, exempt_use: true } },
  { owner: MUNICIPAL, type: 'roller', where: 'zone', set: { emission_stage: 'unknown', exempt_use: true, manufacture_year: undefined } },
  { owner: OWNERS[2], type: 'excavator', where: { near: streetSeed('马军营街道') }, set: { emission_stage: 'I', manufacture_year: 2008 } },
  { owner: OWNERS[1], type: 'bulldozer', where: { near: streetSeed('小南头街道') }, set: { reg_code: null } },
  { owner: OWNERS[3], type: 'loader', where: { near: streetSeed('水泊寺街道') }, set: { black_smoke: true, dpf: false } },
  { owner: OWNERS[0], type: 'piling', where: 'outside', set: { emission_stage: 'unknown', reg_code: undefined, manufacture_year: undefined } },
  { owner: OWNERS[4], type: 'forklift', where: 'outside', set: { emission_stage: 'II', black_smoke: true, manufacture_year: 2013 } },
];

/** Clean machines: how many inside the zone (near sites) and outside it. */
const CLEAN_IN_ZONE = 35;
const CLEAN_OUTSIDE = 7;
const CLEAN_TYPES: MachineType[] = ['excavator', 'excavator', 'excavator', 'loader', 'loader', 'roller', 'crane', 'forklift', 'bulldozer', 'paver', 'piling'];

function position(ctx: Context, where: Where, what: string): LonLat {
  const { nrmm, district } = ctx.regions;
  if (where === 'zone') {
    const sitesInZone = ctx.activeSites.filter((s) => covers(nrmm, s));
    return placeNear(ctx.rng, pick(ctx.rng, sitesInZone), 300, { inside: [nrmm, district], marginM: 120 }, what);
  }
  if (where === 'outside') return place(ctx, { region: 'district' }, what, { outside: [nrmm], marginM: 300 });
  if ('exactly' in where) return where.exactly;
  return placeNear(ctx.rng, where.near, 1200, { inside: [district], outside: [nrmm], marginM: 300 }, what);
}

export function nrmmMachines(ctx: Context): DemoFeature[] {
  const clean = (where: Where): MachineSpec => ({ owner: pick(ctx.rng, OWNERS), type: pick(ctx.rng, CLEAN_TYPES), where });
  const specs = [
    ...PLANTED,
    ...NEGATIVES,
    ...Array.from({ length: CLEAN_IN_ZONE }, () => clean('zone')),
    ...Array.from({ length: CLEAN_OUTSIDE }, () => clean('outside')),
  ];
  const counters = new Map<string, number>();
  return specs.map((spec, i) => {
    // names like 华建挖掘机03号: owner + type + the owner's own fleet number for that type
    const key = spec.owner.short + TYPE_ZH[spec.type];
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const name = `${key}${String(n).padStart(2, '0')}号`;
    const stage = pick(ctx.rng, ['III', 'III', 'IV', 'IV', 'IV', ...(spec.type === 'forklift' ? ['electric'] : [])]);
    const attrs: Attributes = {
      reg_code: nrmmRegCode(1000 + i * 7),
      machine_type: spec.type,
      emission_stage: stage,
      fuel: stage === 'electric' ? 'electric' : 'diesel',
      black_smoke: false,
      dpf: stage === 'IV' ? true : chance(ctx.rng, 0.4),
      exempt_use: false,
      // 国四 only from 2022-12-01, so a year-only record says 2023 or later (docs/RULES.md)
      manufacture_year: stage === 'IV' ? intBetween(ctx.rng, 2023, 2024) : intBetween(ctx.rng, 2015, 2020),
      engine_no: stage === 'electric' ? undefined : engineNo(ctx.rng),
      owner: spec.owner.name,
      contact: maskedPhone(ctx.rng),
      ...spec.set,
    };
    const at = position(ctx, spec.where, name);
    return demoFeature('nrmm_machines', name, attrs, { type: 'Point', coordinates: at }, spec.planted, spec.unverified);
  });
}
