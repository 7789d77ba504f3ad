/** Art. 12 (gas stations) and art. 15 (units with heavy truck traffic). */
import { defineRule } from '../rule.ts';
import { UNITS_ART_12, UNITS_ART_15 } from './units.ts';

/** The plan's own threshold for online monitoring, in tonnes a year. */
export const ONLINE_MONITORING_MIN_SALES_T = 5000;
/** The plan's threshold for gate systems, in truck entries a day. */
export const GATE_MIN_TRUCKS_PER_DAY = 10;

export const gasStationVapourRecovery = defineRule({
  id: 'gas_station.vapour_recovery',
  article: '12',
  title: { zh: '加油站油气回收装置未安装或未正常运行', en: 'Gas station without working vapour recovery' },
  explanation: {
    zh: '第12条：加油站严格落实管理规章制度，安装油气回收装置并确保正常运行。加油站记录为未安装油气回收装置或装置未正常运行即列为问题线索，未记录的列为待核查。',
    en: 'Art. 12: gas stations install vapour recovery and keep it working. A station recorded without vapour recovery, or with it not working, is flagged; one where either is not recorded needs inspection.',
  },
  siteLayer: 'gas_stations',
  zoneLayers: [],
  condition: {
    any: [
      { attr: 'vapour_recovery', op: 'notTrue' },
      { attr: 'vapour_recovery_running', op: 'notTrue' },
    ],
  },
  units: UNITS_ART_12,
});

export const gasStationOnline = defineRule({
  id: 'gas_station.online',
  article: '12',
  title: { zh: '年销售量5000吨以上加油站在线监控未联网', en: 'Gas station selling ≥ 5000 t/yr without linked online monitoring' },
  explanation: {
    zh: '第12条：年销售量达5000吨以上的加油站应安装在线监控设施，并与市生态环境部门联网。年销售量达5000吨以上且记录为未联网即列为问题线索；联网情况或年销售量未记录的列为待核查。',
    en: 'Art. 12: gas stations selling 5000 t a year or more install online monitoring linked to the city environment bureau. A station at or above the threshold recorded as not linked is flagged; one whose link or sales are not recorded needs inspection.',
  },
  siteLayer: 'gas_stations',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'annual_sales_t', op: 'gte', value: ONLINE_MONITORING_MIN_SALES_T },
      { attr: 'online_monitoring', op: 'notTrue' },
    ],
  },
  units: UNITS_ART_12,
});

export const truckUnitGate = defineRule({
  id: 'truck_unit.gate',
  article: '15',
  title: { zh: '日进出载货车辆10辆次及以上单位门禁未联网', en: 'Unit with ≥ 10 trucks a day without a gate system linked to the bureau' },
  explanation: {
    zh: '第15条：日载货车辆进出10辆次及以上的重点用车单位全部按规范要求安装车辆门禁系统并与生态环境部门联网。日进出≥10辆次且记录为无门禁或门禁未联网即列为问题线索，未记录的列为待核查。',
    en: 'Art. 15: units with 10 or more truck entries a day install a vehicle gate system networked with the environment bureau. A unit at or above the threshold recorded without a gate system, or with one not linked, is flagged; one where either is not recorded needs inspection.',
  },
  siteLayer: 'truck_units',
  zoneLayers: [],
  condition: {
    all: [
      { attr: 'trucks_per_day', op: 'gte', value: GATE_MIN_TRUCKS_PER_DAY },
      {
        any: [
          { attr: 'gate_system', op: 'notTrue' },
          { attr: 'gate_linked', op: 'notTrue' },
        ],
      },
    ],
  },
  units: UNITS_ART_15,
});
