/**
 * The layer catalogue: every layer the app knows, in display order. The source of the layers:
 * the database's partitions and geometry CHECKs must match it (tests/api/layer-catalogue.test.ts),
 * and the client's style list is typed against its ids (client/layers/index.ts).
 */
import { ashYards } from './ash_yards.layer.ts';
import { aqStations } from './aq_stations.layer.ts';
import { autoRepairShops } from './auto_repair_shops.layer.ts';
import { boilers } from './boilers.layer.ts';
import { builtUpAreas } from './built_up_areas.layer.ts';
import { cleanHeatingAreas } from './clean_heating_areas.layer.ts';
import { coalBanZones } from './coal_ban_zones.layer.ts';
import { coalSalesPoints } from './coal_sales_points.layer.ts';
import { constructionSites } from './construction_sites.layer.ts';
import { gasStations } from './gas_stations.layer.ts';
import type { Layer } from './layer.ts';
import { nrmmControlZones } from './nrmm_control_zones.layer.ts';
import { nrmmMachines } from './nrmm_machines.layer.ts';
import { restaurants } from './restaurants.layer.ts';
import { streets } from './streets.layer.ts';
import { truckUnits } from './truck_units.layer.ts';
import { vocEnterprises } from './voc_enterprises.layer.ts';

const CATALOGUE = [
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
] as const;

/** The id of a layer in the catalogue. */
export type LayerId = (typeof CATALOGUE)[number]['id'];

export const LAYERS: readonly Layer[] = CATALOGUE;

const BY_ID = new Map(LAYERS.map((l) => [l.id, l]));

/** The allow-list: a layer id from a request is only ever used after this lookup succeeds. */
export function findLayer(id: string): Layer | undefined {
  return BY_ID.get(id);
}

export type { Layer } from './layer.ts';
export type { AttributeDef } from './attributes.ts';
