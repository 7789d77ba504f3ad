import { bool, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const vocEnterprises = defineLayer({
  id: 'voc_enterprises',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '涉挥发性有机物企业', en: 'VOC-emitting enterprises' },
  articles: ['4', '11', '13'],
  color: '#01665e',
  attributes: [
    text('operator', '企业名称', 'Enterprise'),
    text('credit_code', '统一社会信用代码', 'Unified social credit code'),
    oneOf(
      'industry',
      '行业',
      'Industry',
      [
        ['chemical', '化工', 'Chemicals'],
        ['coating', '工业涂装', 'Industrial coating'],
        ['printing', '包装印刷', 'Packaging and printing'],
        ['pharma', '医药', 'Pharmaceuticals'],
        ['oil_storage', '油品储运销', 'Oil storage and distribution'],
        ['wood_panel', '人造板材', 'Wood-based panels'],
        ['furniture', '家具制造', 'Furniture'],
        ['electronics', '电子', 'Electronics'],
        ['other', '其他', 'Other'],
      ],
      { required: true },
    ),
    oneOf('treatment', '治理工艺', 'Treatment process', [
      ['activated_carbon', '活性炭吸附', 'Activated-carbon adsorption'],
      ['combustion', '燃烧法（RTO/RCO等）', 'Combustion (RTO/RCO etc.)'],
      ['condensation', '冷凝回收', 'Condensation recovery'],
      ['plasma', '低温等离子', 'Low-temperature plasma'],
      ['photo_oxidation', '光氧催化', 'Photo-oxidation'],
      ['photocatalysis', '光催化', 'Photocatalysis'],
      ['single_spray', '单一喷淋吸收', 'Single-stage spraying'],
      ['other', '其他', 'Other'],
    ]),
    bool('carbon_filled', '活性炭足额填充', 'Activated carbon fully filled'),
    bool('carbon_replaced_on_time', '活性炭按期更换', 'Activated carbon replaced on time'),
    bool('staggered_production', '高温时段错时生产', 'Staggered out of hot hours', {
      help: { zh: '5月—9月每日10时—17时涉挥发性有机物排放工序错时生产（第13条）', en: 'VOC processes moved out of 10:00–17:00, May–September (art. 13)' },
    }),
    text('address', '地址', 'Address'),
  ],
  restrictions: [],
});
