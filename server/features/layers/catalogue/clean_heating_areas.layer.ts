import { int, oneOf } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const cleanHeatingAreas = defineLayer({
  id: 'clean_heating_areas',
  group: 'reference',
  geometryType: 'Polygon',
  regulated: false,
  title: { zh: '清洁取暖改造区域', en: 'Clean-heating areas' },
  articles: ['6'],
  color: '#35978f',
  attributes: [
    oneOf(
      'method',
      '改造方式',
      'Method',
      [
        ['district_heating', '集中供热', 'District heating'],
        ['electricity', '煤改电', 'Coal-to-electricity'],
        ['gas', '煤改气', 'Coal-to-gas'],
        ['geothermal', '地热', 'Geothermal'],
        ['other', '其他', 'Other'],
      ],
      { required: true },
    ),
    int('completed_year', '完成年份', 'Year completed', { min: 2000 }),
    int('households', '户数', 'Households', { min: 0 }),
  ],
  restrictions: [
    {
      id: 'clean_heating.covered',
      article: '6',
      zh: '已纳入清洁取暖改造范围，不得复烧散煤。',
      en: 'Converted to clean heating: loose coal must not be burned again.',
    },
  ],
});
