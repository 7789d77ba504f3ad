import { bool, num, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const gasStations = defineLayer({
  id: 'gas_stations',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '加油站', en: 'Gas stations' },
  articles: ['12'],
  color: '#1b7837',
  attributes: [
    text('operator', '经营单位', 'Operator'),
    num('annual_sales_t', '年销售量', 'Annual sales', { min: 0, unit: 't' }),
    bool('vapour_recovery', '油气回收装置', 'Vapour recovery'),
    bool('vapour_recovery_running', '油气回收装置正常运行', 'Vapour recovery working'),
    bool('online_monitoring', '在线监控联网', 'Online monitoring linked'),
    text('address', '地址', 'Address'),
  ],
  restrictions: [],
});
