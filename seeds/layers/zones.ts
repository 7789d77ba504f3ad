/**
 * Polygon layers: coal-ban zones, built-up area, NRMM control zone, clean-heating areas, street
 * offices and the Datong-2 ash yards. Shapes come from geography.ts; this file gives them names and
 * attributes. Zone names say 示意 so an exported file cannot pass for an official boundary.
 */
import { ASH_YARD_SHAPES, BUILT_UP, COAL_BAN_MAIN, COAL_BAN_YUDONG, NRMM_ZONE, cleanHeatingAreas, streetAreas } from '../geography.ts';
import { demoFeature, type DemoFeature } from '../lib/features.ts';
import { polygon } from '../lib/geo.ts';

/** Art. 6 names the lead units of the coal-ban work. */
const COAL_BAN_LEAD = '区发改局、区市场监督管理局、区城市管理局、区生态环境分局';
const NOT_OFFICIAL = '示意数据，非官方；正式范围以市政府公布为准';

export function coalBanZones(): DemoFeature[] {
  return [
    demoFeature(
      'coal_ban_zones',
      '主城区禁煤区（示意）',
      {
        code: 'PC-JMQ-01',
        decree: NOT_OFFICIAL,
        effective_date: '2018-10-15',
        lead_unit: COAL_BAN_LEAD,
        note: '城南城中村暂未划入（内环空洞），待清洁取暖改造完成后纳入',
      },
      COAL_BAN_MAIN,
    ),
    demoFeature(
      'coal_ban_zones',
      '御东禁煤区（示意）',
      {
        code: 'PC-JMQ-02',
        decree: NOT_OFFICIAL,
        effective_date: '2019-10-15',
        lead_unit: COAL_BAN_LEAD,
      },
      COAL_BAN_YUDONG,
    ),
  ];
}

export function builtUpAreas(): DemoFeature[] {
  return [
    demoFeature(
      'built_up_areas',
      '平城区建成区（示意）',
      {
        code: 'PC-JCQ-01',
        heating_target_pct: 100,
        note: '主城区（御河以西，不含大同公园）与御东新区；示意范围',
      },
      BUILT_UP,
    ),
  ];
}

export function nrmmControlZones(): DemoFeature[] {
  return [
    demoFeature(
      'nrmm_control_zones',
      '非道路移动机械排放控制区（示意）',
      {
        code: 'PC-FDL-01',
        min_stage: 'III',
        // the action plan (art. 9) sets the rules for control zones; it does not designate one
        decree: NOT_OFFICIAL,
      },
      NRMM_ZONE,
    ),
  ];
}

export function cleanHeating(): DemoFeature[] {
  return cleanHeatingAreas().map((a) =>
    demoFeature('clean_heating_areas', a.name, { method: a.method, completed_year: a.year, households: a.households }, a.geometry),
  );
}

export function streets(): DemoFeature[] {
  return streetAreas().map((s) => demoFeature('streets', s.name, { code: s.code }, s.geometry));
}

const PLANT = '国电电力大同第二发电厂';
const YARD_OPERATOR = '大同第二发电厂灰场管理部（示意）';

/**
 * Four yards near the plant, one per case of art. 10: active and uncovered (planted), active and
 * compliant, closed and not restored (planted), closed and restored. Positions and states invented.
 */
export function ashYards(): DemoFeature[] {
  const shape = (key: (typeof ASH_YARD_SHAPES)[number]['key']) => polygon(ASH_YARD_SHAPES.find((y) => y.key === key)!.ring);
  return [
    demoFeature(
      'ash_yards',
      '二电厂西南储灰场（示意）',
      {
        plant: PLANT,
        status: 'active',
        suppressant: true,
        covered: false,
        operator: YARD_OPERATOR,
        capacity_10k_m3: 420,
      },
      shape('uncovered'),
      ['ash_yard.uncovered'],
    ),
    demoFeature(
      'ash_yards',
      '二电厂东南储灰场（示意）',
      {
        plant: PLANT,
        status: 'active',
        suppressant: true,
        covered: true,
        operator: YARD_OPERATOR,
        capacity_10k_m3: 380,
      },
      shape('compliant'),
    ),
    demoFeature(
      'ash_yards',
      '二电厂西侧老灰场（已闭库·示意）',
      {
        plant: PLANT,
        status: 'closed',
        suppressant: false,
        covered: true,
        restored: false,
        operator: YARD_OPERATOR,
        capacity_10k_m3: 260,
      },
      shape('unrestored'),
      ['ash_yard.unrestored'],
    ),
    demoFeature(
      'ash_yards',
      '二电厂南侧老灰场（已闭库·示意）',
      {
        plant: PLANT,
        status: 'closed',
        covered: true,
        restored: true,
        operator: YARD_OPERATOR,
        capacity_10k_m3: 310,
      },
      shape('restored'),
    ),
  ];
}
