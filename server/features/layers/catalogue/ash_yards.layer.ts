import { bool, num, oneOf, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const ashYards = defineLayer({
  id: 'ash_yards',
  group: 'sites',
  geometryType: 'Polygon',
  regulated: true,
  title: { zh: '电厂储灰场', en: 'Power-plant ash yards' },
  articles: ['10'],
  color: '#636363',
  attributes: [
    text('plant', '所属电厂', 'Power plant'),
    oneOf(
      'status',
      '状态',
      'Status',
      [
        ['active', '使用中', 'In use'],
        ['closed', '已闭库', 'Closed'],
      ],
      { required: true },
    ),
    bool('suppressant', '喷洒抑尘剂', 'Dust suppressant sprayed'),
    bool('covered', '覆盖', 'Covered'),
    bool('restored', '种草种树恢复', 'Restored with grass / trees'),
    text('operator', '运营单位', 'Operator'),
    num('capacity_10k_m3', '库容', 'Capacity', { min: 0, unit: '万m³' }),
  ],
  restrictions: [
    { id: 'ash_yard.dust', article: '10', zh: '电厂储灰场必须采取喷洒抑尘剂、覆盖等防尘措施。', en: 'Ash yards must spray dust suppressant and be covered.' },
    { id: 'ash_yard.restore', article: '10', zh: '已闭库的储灰场采取种草、种树等措施恢复原貌。', en: 'Closed ash yards are restored with grass and trees.' },
  ],
});
