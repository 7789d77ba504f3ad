/**
 * The units the plan names for each task: 牵头单位 (lead), 配合单位 (supporting, where named) and
 * 责任单位 (responsible), written exactly as the plan writes them so `?unit=` matches its wording.
 */
import type { Units } from '../rule.ts';

export const UNITS_ART_4: Units = { lead: ['区科工局'], support: ['区生态环境分局'], responsible: ['相关企业'] };
export const UNITS_ART_6: Units = {
  lead: ['区发改局', '区市场监督管理局', '区城市管理局', '区生态环境分局'],
  responsible: ['区清洁取暖工作领导小组各成员单位'],
};
export const UNITS_ART_7: Units = { lead: ['区发改局', '区科工局', '区生态环境分局'], responsible: ['相关企业'] };
export const UNITS_ART_9: Units = {
  lead: ['区交通运输局', '区科工局', '区住建局', '区生态环境分局', '区财政局', '区商务局', '区发改局', '区城市管理局'],
  responsible: ['相关企业'],
};
/** Art. 10, construction and road dust. */
export const UNITS_ART_10_DUST: Units = { lead: ['区住建局', '区城市管理局', '区交通运输局', '区环卫服务中心'], responsible: ['各街道办事处'] };
/** Art. 10, power-plant ash yards. */
export const UNITS_ART_10_ASH: Units = { lead: ['区生态环境分局'], responsible: ['各相关企业'] };
export const UNITS_ART_11: Units = { lead: ['区生态环境分局', '区科工局', '区商务局', '区市场监管局'], responsible: ['相关企业'] };
export const UNITS_ART_12: Units = { lead: ['区市场监督管理局', '区城市管理局', '区商务局', '区交通运输局'], responsible: ['相关单位'] };
export const UNITS_ART_13: Units = { lead: ['区住建局', '区商务局', '区科工局'], responsible: ['相关企业'] };
export const UNITS_ART_15: Units = { lead: ['区生态环境分局', '区公安分局', '区交通运输局'], responsible: ['各街道办事处'] };
