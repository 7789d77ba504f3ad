import { bool, int, text } from './attributes.ts';
import { defineLayer } from './layer.ts';

export const truckUnits = defineLayer({
  id: 'truck_units',
  group: 'sites',
  geometryType: 'Point',
  regulated: false,
  title: { zh: '重点用车单位', en: 'Units with heavy truck traffic' },
  articles: ['15'],
  color: '#2166ac',
  attributes: [
    int('trucks_per_day', '日进出载货车辆', 'Truck entries per day', { min: 0, unit: '辆次' }),
    bool('gate_system', '车辆门禁系统', 'Gate system'),
    bool('gate_linked', '门禁与生态环境部门联网', 'Gate linked to the bureau'),
    text('industry', '行业', 'Industry'),
    text('address', '地址', 'Address'),
  ],
  restrictions: [],
});
