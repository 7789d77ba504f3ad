/**
 * Art. 10 construction sites. A site starts fully compliant (all six measures, video linked when
 * above scale, wet work and fog cannon when demolishing) and each spec overrides only what it breaks;
 * `undefined` in an override removes the field, i.e. "never recorded", which the rules count as not
 * in place. Finished and suspended sites are the negatives: the rules look at active sites only.
 */
import { streetSeed } from '../geography.ts';
import { demoFeature, type Attributes, type DemoFeature } from '../lib/features.ts';
import { pick } from '../lib/prng.ts';
import { dateIn, permitNo } from './codes.ts';
import { place, type Context, type Placement } from './context.ts';

type SiteType = 'building' | 'municipal' | 'road' | 'demolition';
type Status = 'active' | 'suspended' | 'finished';

interface SiteSpec {
  name: string;
  type: SiteType;
  status: Status;
  aboveScale: boolean | undefined;
  at: Placement;
  /** What differs from a fully compliant site. */
  set?: Attributes;
  planted?: string[];
  /** Rule ids left undecided on purpose (a deciding attribute unrecorded: 待核查). */
  unverified?: string[];
}

const CITY: Placement = { region: 'mainCity' };
const YUDONG: Placement = { region: 'yudong' };
const near = (street: string, radiusM = 1500): Placement => ({ near: streetSeed(street), radiusM });

const SIX_MEASURES_DONE = {
  hoarding: true,
  stockpile_covered: true,
  wet_earthwork: true,
  roads_hardened: true,
  vehicle_washing: true,
  sealed_transport: true,
} as const;

const SITES: SiteSpec[] = [
  // ---- planted: video not linked (above scale, active)
  {
    name: '御东文瀛湖畔商务中心',
    type: 'building',
    status: 'active',
    aboveScale: true,
    at: YUDONG,
    set: { video: true, video_online: false },
    planted: ['site.video'],
  },
  {
    name: '魏都大道北侧商业综合体',
    type: 'building',
    status: 'active',
    aboveScale: true,
    at: CITY,
    set: { video: true, video_online: undefined },
    unverified: ['site.video'],
  },
  {
    name: '魏都大道快速化改造（二标段）',
    type: 'road',
    status: 'active',
    aboveScale: true,
    at: CITY,
    set: { video: false, video_online: false },
    planted: ['site.video'],
  },
  // ---- planted: one of the six measures missing (active)
  {
    name: '康宁苑安置房项目',
    type: 'building',
    status: 'active',
    aboveScale: true,
    at: CITY,
    set: { stockpile_covered: false },
    planted: ['site.six_measures'],
  },
  {
    name: '开源街老旧小区改造工程',
    type: 'building',
    status: 'active',
    aboveScale: false,
    at: near('开源街道', 900),
    set: { vehicle_washing: false },
    planted: ['site.six_measures'],
  },
  {
    name: '同泉路南延道路工程',
    type: 'road',
    status: 'active',
    aboveScale: true,
    at: CITY,
    set: { roads_hardened: undefined },
    unverified: ['site.six_measures'],
  },
  {
    name: '御河西路雨污分流改造工程',
    type: 'municipal',
    status: 'active',
    aboveScale: true,
    at: { near: [113.3175, 40.1], radiusM: 500 },
    set: { sealed_transport: false },
    planted: ['site.six_measures'],
  },
  {
    name: '水泊寺村民安置小区',
    type: 'building',
    status: 'active',
    aboveScale: false,
    at: near('水泊寺街道'),
    set: { hoarding: false, wet_earthwork: false },
    planted: ['site.six_measures'],
  },
  // ---- planted: demolition without wet work (active)
  {
    name: '新华街旧厂房拆除工地',
    type: 'demolition',
    status: 'active',
    aboveScale: false,
    at: near('新华街道', 700),
    set: { wet_demolition: false },
    planted: ['site.demolition_wet'],
  },
  {
    name: '大庆路旧市场拆除工地',
    type: 'demolition',
    status: 'active',
    aboveScale: false,
    at: near('大庆路街道', 900),
    set: { wet_demolition: undefined, fog_cannon: false },
    planted: ['site.demolition_wet'],
  },
  // ---- planted: one site breaking all three rules
  {
    name: '御河西岸棚户区拆迁工地',
    type: 'demolition',
    status: 'active',
    aboveScale: true,
    at: { near: [113.318, 40.078], radiusM: 500 },
    set: { video: false, video_online: false, hoarding: false, wet_demolition: false, fog_cannon: false },
    planted: ['site.video', 'site.six_measures', 'site.demolition_wet'],
  },
  // ---- negatives that look bad but break nothing
  {
    name: '同泉路人才公寓项目',
    type: 'building',
    status: 'finished',
    aboveScale: true,
    at: CITY,
    set: {
      hoarding: false,
      stockpile_covered: false,
      wet_earthwork: false,
      roads_hardened: false,
      vehicle_washing: false,
      sealed_transport: false,
      video: false,
      video_online: false,
    },
  },
  {
    name: '鹿苑老粮库拆除工地',
    type: 'demolition',
    status: 'finished',
    aboveScale: false,
    at: near('鹿苑街道'),
    set: { wet_demolition: false, fog_cannon: false },
  },
  {
    name: '马军营产业园标准化厂房',
    type: 'building',
    status: 'suspended',
    aboveScale: true,
    at: near('马军营街道'),
    set: { video_online: false, stockpile_covered: false },
  },
  { name: '鹿苑路社区卫生服务中心', type: 'building', status: 'active', aboveScale: false, at: near('鹿苑街道'), set: { video: false } },
  { name: '小南头乡村道路硬化工程', type: 'road', status: 'active', aboveScale: false, at: near('小南头街道'), set: { video: false } },
  {
    name: '迎宾街养老服务中心',
    type: 'building',
    status: 'active',
    aboveScale: undefined,
    at: near('迎宾街道', 800),
    set: { video: false, video_online: false },
    unverified: ['site.video'],
  },
  { name: '城南城中村拆迁工地', type: 'demolition', status: 'active', aboveScale: true, at: { region: 'coalBanHole' } },
  { name: '振华北街危旧房拆除工地', type: 'demolition', status: 'active', aboveScale: false, at: near('振华街道', 900) },
  // ---- ordinary compliant sites
  {
    name: '和园小区二期住宅项目',
    type: 'building',
    status: 'active',
    aboveScale: true,
    at: CITY,
    set: { bare_soil: true, green_net: true, dust_suppressant: false },
    planted: ['site.bare_soil'],
  },
  { name: '锦华府住宅项目', type: 'building', status: 'active', aboveScale: true, at: CITY, set: { bare_soil: true, green_net: true, dust_suppressant: true } },
  { name: '泰和苑小区三期', type: 'building', status: 'active', aboveScale: true, at: CITY },
  { name: '平城区第九小学扩建工程', type: 'building', status: 'active', aboveScale: true, at: CITY },
  { name: '御东新区体育中心配套工程', type: 'building', status: 'active', aboveScale: true, at: YUDONG },
  { name: '古城东南片区保护性修缮工程', type: 'building', status: 'active', aboveScale: false, at: { region: 'oldCity' } },
  { name: '新旺片区保障性住房项目', type: 'building', status: 'active', aboveScale: true, at: near('新旺街道', 900) },
  { name: '文瀛湖科创园一期', type: 'building', status: 'active', aboveScale: true, at: YUDONG },
  { name: '振华南街商住楼项目', type: 'building', status: 'active', aboveScale: true, at: near('振华街道', 900) },
  { name: '卧虎湾物流仓储中心', type: 'building', status: 'active', aboveScale: true, at: near('卧虎湾街道') },
  { name: '平城区档案馆新馆', type: 'building', status: 'finished', aboveScale: true, at: CITY },
  { name: '城南供热管网扩容工程', type: 'municipal', status: 'active', aboveScale: true, at: near('永泰街道', 800) },
  { name: '北环路综合管廊工程', type: 'municipal', status: 'active', aboveScale: true, at: near('新旺街道', 900) },
  { name: '文瀛湖北路给水管网改造', type: 'municipal', status: 'active', aboveScale: false, at: YUDONG },
  { name: '御东污水处理厂提标改造', type: 'municipal', status: 'suspended', aboveScale: true, at: YUDONG },
  { name: '大庆路燃气管网改造工程', type: 'municipal', status: 'active', aboveScale: false, at: near('大庆路街道', 900) },
  { name: '白登山生态修复配套工程', type: 'municipal', status: 'active', aboveScale: true, at: near('白登山街道') },
  { name: '开源街拓宽改造工程', type: 'road', status: 'active', aboveScale: true, at: near('开源街道', 900) },
  { name: '云冈路大修工程', type: 'road', status: 'finished', aboveScale: true, at: near('卧虎湾街道') },
  { name: '南环西路立交改造', type: 'road', status: 'active', aboveScale: true, at: near('大庆路街道', 900) },
  { name: '武定北路街区更新工程', type: 'building', status: 'active', aboveScale: false, at: near('武定街道', 700) },
];

const DEVELOPERS = [
  '大同和园置业有限公司',
  '大同锦华房地产开发有限公司',
  '平城安居建设发展有限公司',
  '大同泰和置业有限公司',
  '平城区城市更新项目管理中心',
  '御东新区建设发展有限公司',
];
const CONTRACTORS = [
  '晋北建工集团有限公司',
  '大同恒盛建筑工程有限公司',
  '山西同建建设有限公司',
  '大同通达路桥工程有限公司',
  '大同宏基市政工程有限公司',
  '云中建设工程有限公司',
];

function attributes(ctx: Context, spec: SiteSpec, serial: number): Attributes {
  const startDate = spec.status === 'finished' ? dateIn(ctx.rng, 2020, 2022) : dateIn(ctx.rng, 2022, 2023);
  const demolition = spec.type === 'demolition';
  return {
    permit_no: demolition ? undefined : permitNo(startDate, serial),
    site_type: spec.type,
    status: spec.status,
    above_scale: spec.aboveScale,
    ...SIX_MEASURES_DONE,
    video: spec.aboveScale ? true : undefined,
    video_online: spec.aboveScale ? true : undefined,
    wet_demolition: demolition ? true : undefined,
    fog_cannon: demolition ? true : undefined,
    developer: pick(ctx.rng, DEVELOPERS),
    contractor: pick(ctx.rng, CONTRACTORS),
    start_date: startDate,
    ...spec.set,
  };
}

export function constructionSites(ctx: Context): DemoFeature[] {
  return SITES.map((spec, i) => {
    const at = place(ctx, spec.at, spec.name);
    if (spec.status === 'active') ctx.activeSites.push(at);
    return demoFeature('construction_sites', spec.name, attributes(ctx, spec, i + 1), { type: 'Point', coordinates: at }, spec.planted, spec.unverified);
  });
}
