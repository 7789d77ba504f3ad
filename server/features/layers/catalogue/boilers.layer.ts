import { bool, num, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const boilers = defineLayer({
  id: 'boilers',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '燃煤锅炉及工业炉窑', en: 'Boilers and industrial furnaces' },
  articles: ['4', '7'],
  color: '#b2182b',
  attributes: [
    text('unit', '使用单位', 'Operating unit'),
    oneOf('kind', '类型', 'Kind', [
      ['boiler', '锅炉', 'Boiler'],
      ['furnace', '工业炉窑', 'Industrial furnace'],
    ], { required: true }),
    oneOf('fuel', '燃料', 'Fuel', [
      ['coal', '燃煤', 'Coal'],
      ['gas', '燃气', 'Gas'],
      ['electric', '电', 'Electric'],
      ['biomass', '生物质', 'Biomass'],
    ], { required: true }),
    oneOf('status', '状态', 'Status', [
      ['in_use', '在用', 'In use'],
      ['standby', '备用', 'Standby'],
      ['removed', '已拆除', 'Removed'],
    ], { required: true }),
    num('capacity_t_h', '容量', 'Capacity', { min: 0, unit: '蒸吨/h' }),
    bool('ultra_low_emission', '超低排放', 'Ultra-low emission'),
    num('nox_mg_m3', '氮氧化物浓度', 'NOx concentration', { min: 0, unit: 'mg/m³' }),
  ],
  restrictions: [],
});
