/**
 * Every layer's style module, by layer id. A layer the server knows but this list does not (added
 * later) gets a plain fallback style, so it still shows and can be exported.
 */
import { aqStations } from './aq_stations.ts';
import { ashYards } from './ash_yards.ts';
import { autoRepairShops } from './auto_repair_shops.ts';
import { boilers } from './boilers.ts';
import { builtUpAreas } from './built_up_areas.ts';
import { cleanHeatingAreas } from './clean_heating_areas.ts';
import { coalBanZones } from './coal_ban_zones.ts';
import { coalSalesPoints } from './coal_sales_points.ts';
import { constructionSites } from './construction_sites.ts';
import { gasStations } from './gas_stations.ts';
import { nrmmControlZones } from './nrmm_control_zones.ts';
import { nrmmMachines } from './nrmm_machines.ts';
import { restaurants } from './restaurants.ts';
import { streets } from './streets.ts';
import { truckUnits } from './truck_units.ts';
import type { LayerStyle } from './types.ts';
import { vocEnterprises } from './voc_enterprises.ts';

const STYLES: readonly LayerStyle[] = [
  coalBanZones,
  builtUpAreas,
  nrmmControlZones,
  ashYards,
  constructionSites,
  coalSalesPoints,
  boilers,
  gasStations,
  nrmmMachines,
  truckUnits,
  restaurants,
  autoRepairShops,
  vocEnterprises,
  cleanHeatingAreas,
  aqStations,
  streets,
];

const BY_ID = new Map(STYLES.map((s) => [s.id, s]));

export function styleFor(layer: { id: string; geometryType: 'Point' | 'Polygon' }): LayerStyle {
  return (
    BY_ID.get(layer.id) ??
    (layer.geometryType === 'Point'
      ? { id: layer.id, look: { kind: 'point', radius: 5.5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15 }, defaultVisible: false }
      : { id: layer.id, look: { kind: 'polygon', fillOpacity: 0.1, outline: { width: 1.5 } }, defaultVisible: false })
  );
}

export type { LayerStyle, PointLook, PolygonLook, PopupSection, Variant } from './types.ts';
export { legendFor, MUTED_COLOR, type LegendEntry, type Swatch } from './legend.ts';
