import { bool, num, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const boilers = defineLayer({
  id: 'boilers',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '燃煤锅炉及工业炉窑', en: 'Boilers and industrial furnaces' },
  articles: ['4', '6', '7'],
  color: '#b2182b',
  attributes: [
    text('unit', '使用单位', 'Operating unit'),
    oneOf(
      'kind',
      '类型',
      'Kind',
      [
        ['boiler', '锅炉', 'Boiler'],
        ['furnace', '工业炉窑', 'Industrial furnace'],
      ],
      { required: true },
    ),
    oneOf(
      'fuel',
      '燃料',
      'Fuel',
      [
        ['coal', '燃煤', 'Coal'],
        ['gas', '燃气', 'Gas'],
        ['electric', '电', 'Electric'],
        ['biomass', '生物质', 'Biomass'],
      ],
      { required: true },
    ),
    oneOf(
      'status',
      '状态',
      'Status',
      [
        ['in_use', '在用', 'In use'],
        ['standby', '备用', 'Standby'],
        ['removed', '已拆除', 'Removed'],
      ],
      { required: true },
    ),
    oneOf(
      'use',
      '用途',
      'Use',
      [
        ['household', '居民家用', 'Household'],
        ['village', '村集体', 'Village collective'],
        ['commercial', '商业', 'Commercial'],
        ['industrial', '工业', 'Industrial'],
      ],
      {
        help: {
          zh: '居民家用、村集体取暖锅炉在未实施清洁取暖改造的区域需制定散煤替代方案（第6条）',
          en: 'Household and village heating boilers where clean heating has not arrived need a loose-coal replacement plan (art. 6)',
        },
      },
    ),
    oneOf(
      'furnace_type',
      '炉型',
      'Furnace type',
      [
        ['heating', '加热炉', 'Heating furnace'],
        ['heat_treatment', '热处理炉', 'Heat-treatment furnace'],
        ['drying', '干燥炉', 'Drying furnace'],
        ['melting', '熔化炉', 'Melting furnace'],
        ['gas_producer', '煤气发生炉', 'Coal gas producer'],
        ['other', '其他炉窑', 'Other furnace'],
      ],
      { help: { zh: '工业炉窑适用（第7条）', en: 'For industrial furnaces (art. 7)' } },
    ),
    bool('new_build', '新、改、扩建', 'New, rebuilt or expanded', {
      help: {
        zh: '新、改、扩建的加热炉、热处理炉、干燥炉、熔化炉不得使用煤炭（第7条）',
        en: 'New, rebuilt or expanded heating, heat-treatment, drying and melting furnaces may not burn coal (art. 7)',
      },
    }),
    num('capacity_t_h', '容量', 'Capacity', { min: 0, unit: '蒸吨/小时' }),
    bool('ultra_low_emission', '超低排放', 'Ultra-low emission'),
    num('nox_mg_m3', '氮氧化物浓度', 'NOx concentration', { min: 0, unit: 'mg/m³' }),
  ],
  restrictions: [],
});
