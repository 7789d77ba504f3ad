import { bool, int, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const nrmmMachines = defineLayer({
  id: 'nrmm_machines',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '非道路移动机械', en: 'Non-road mobile machinery' },
  articles: ['9'],
  color: '#e08214',
  attributes: [
    text('reg_code', '编码登记号', 'Registration code', { help: { zh: '空值表示未编码登记', en: 'Empty means unregistered' } }),
    oneOf('machine_type', '机械类型', 'Machine type', [
      ['excavator', '挖掘机', 'Excavator'],
      ['loader', '装载机', 'Loader'],
      ['bulldozer', '推土机', 'Bulldozer'],
      ['roller', '压路机', 'Roller'],
      ['crane', '起重机', 'Crane'],
      ['forklift', '叉车', 'Forklift'],
      ['paver', '摊铺机', 'Paver'],
      ['piling', '桩工机械', 'Piling machine'],
      ['other', '其他', 'Other'],
    ], { required: true }),
    oneOf('emission_stage', '排放阶段', 'Emission stage', [
      ['I', '国一', 'China I'],
      ['II', '国二', 'China II'],
      ['III', '国三', 'China III'],
      ['IV', '国四', 'China IV'],
      ['electric', '电动', 'Electric'],
      ['unknown', '不明', 'Unknown'],
    ], { required: true }),
    oneOf('fuel', '燃料', 'Fuel', [
      ['diesel', '柴油', 'Diesel'],
      ['gasoline', '汽油', 'Gasoline'],
      ['electric', '电', 'Electric'],
      ['other', '其他', 'Other'],
    ]),
    bool('black_smoke', '冒黑烟', 'Visible black smoke'),
    bool('dpf', '颗粒捕集器(DPF)', 'Particulate filter (DPF)'),
    bool('exempt_use', '民生保障/应急抢险', 'Livelihood / emergency use'),
    int('manufacture_year', '出厂年份', 'Year of manufacture', { min: 1950 }),
    text('engine_no', '发动机号', 'Engine number'),
    text('owner', '所有人', 'Owner'),
    text('contact', '联系方式', 'Contact'),
  ],
  restrictions: [],
});
