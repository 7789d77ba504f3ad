/**
 * Every layer's style module, keyed by the server catalogue's layer ids (server/features/layers/
 * catalogue, the source of the layers): the type requires a style for each id and refuses any
 * other key. A layer id this build does not know gets a plain fallback style, so it still shows
 * and can be exported.
 */
import type { LayerId } from '../../server/features/layers/catalogue/index.ts';
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

const STYLES: Readonly<Record<LayerId, LayerStyle>> = {
  coal_ban_zones: coalBanZones,
  built_up_areas: builtUpAreas,
  nrmm_control_zones: nrmmControlZones,
  ash_yards: ashYards,
  construction_sites: constructionSites,
  coal_sales_points: coalSalesPoints,
  boilers,
  gas_stations: gasStations,
  nrmm_machines: nrmmMachines,
  truck_units: truckUnits,
  restaurants,
  auto_repair_shops: autoRepairShops,
  voc_enterprises: vocEnterprises,
  clean_heating_areas: cleanHeatingAreas,
  aq_stations: aqStations,
  streets,
};

const known = (id: string): id is LayerId => Object.hasOwn(STYLES, id);

export function styleFor(layer: { id: string; geometryType: 'Point' | 'Polygon' }): LayerStyle {
  if (known(layer.id)) return STYLES[layer.id];
  return layer.geometryType === 'Point'
    ? { look: { kind: 'point', radius: 5.5, clusterRadius: 40, clusterMaxZoom: 14, labelMinzoom: 15 }, defaultVisible: false }
    : { look: { kind: 'polygon', fillOpacity: 0.1, outline: { width: 1.5 } }, defaultVisible: false };
}

export type { LayerStyle, PointLook, PolygonLook, Variant } from './types.ts';
export { legendFor, type MapOverlays, MUTED_COLOR, OVERLAY_LOOK, overlayLegend, type Swatch } from './legend.ts';
