import { int, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const builtUpAreas = defineLayer({
  id: 'built_up_areas',
  group: 'zones',
  geometryType: 'Polygon',
  regulated: true,
  title: { zh: '建成区', en: 'Built-up areas' },
  articles: ['6', '4', '12', '13'],
  color: '#807dba',
  attributes: [
    text('code', '编号', 'Area code'),
    int('heating_target_pct', '清洁取暖覆盖目标', 'Clean-heating coverage target', { min: 0, unit: '%' }),
    text('note', '备注', 'Note'),
  ],
  restrictions: [
    {
      id: 'built_up.clean_heating_100',
      article: '6',
      zh: '建成区范围内清洁取暖覆盖率达到100%。',
      en: 'Clean-heating coverage inside the built-up area must reach 100 %.',
    },
    {
      id: 'built_up.no_coal_boilers',
      article: '4',
      zh: '淘汰建成区内不符合政策要求的燃煤锅炉。',
      en: 'Non-compliant coal-fired boilers in the built-up area are phased out.',
    },
    {
      id: 'built_up.fume_monitoring',
      article: '12',
      zh: '建成区内重点区域和重点油烟排放单位安装监控设施并接入市生态环境局平台。',
      en: 'Key restaurant fume emitters in the built-up area install monitoring linked to the city platform.',
    },
    {
      id: 'built_up.ozone_outdoor_works',
      article: '13',
      zh: '5月—9月每日10时—17时，尽量减少户外涂装作业和建成区建筑墙体涂刷以及道路划线、栏杆喷涂、道路沥青铺装等户外工程作业。',
      en: 'May–Sept, 10:00–17:00: minimise outdoor painting, road marking and asphalt works.',
      window: { months: [5, 9], hours: [10, 17] },
    },
  ],
});
