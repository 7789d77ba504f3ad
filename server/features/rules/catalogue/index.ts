/** The rule catalogue, in display order (by plan article). Ids are stable: the demo manifest uses them. */
import type { Rule } from '../rule.ts';
import { ashYardUncovered, ashYardUnrestored } from './ash_yard.rules.ts';
import { boilerUltraLow, coalBanBoiler, coalBanSalesPoint } from './coal.rules.ts';
import { siteBareSoil, siteDemolitionWet, siteSixMeasures, siteVideo } from './construction.rules.ts';
import { gasStationOnline, gasStationVapourRecovery, truckUnitGate } from './fuel_and_freight.rules.ts';
import { furnaceCoal, furnaceGasProducer, furnaceNewCoal } from './furnace.rules.ts';
import { nrmmBlackSmoke, nrmmLowStage, nrmmUnregistered } from './nrmm.rules.ts';
import {
  autoRepairTreatment,
  restaurantFumeMonitoring,
  restaurantFumePurifier,
  vocActivatedCarbon,
  vocLowEfficiency,
  vocSummerStagger,
} from './sources.rules.ts';

export const RULES: readonly Rule[] = [
  boilerUltraLow,
  vocLowEfficiency,
  coalBanSalesPoint,
  coalBanBoiler,
  furnaceCoal,
  furnaceNewCoal,
  furnaceGasProducer,
  nrmmLowStage,
  nrmmUnregistered,
  nrmmBlackSmoke,
  siteVideo,
  siteSixMeasures,
  siteBareSoil,
  siteDemolitionWet,
  ashYardUncovered,
  ashYardUnrestored,
  vocActivatedCarbon,
  gasStationVapourRecovery,
  gasStationOnline,
  restaurantFumePurifier,
  restaurantFumeMonitoring,
  autoRepairTreatment,
  vocSummerStagger,
  truckUnitGate,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The allow-list for rule ids arriving in requests. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Every unit a rule names: lead, supporting and responsible. */
export const unitsOf = (r: Rule): readonly string[] => [...r.units.lead, ...(r.units.support ?? []), ...r.units.responsible];

/** The allow-list for `?unit=`: every unit some rule names, in first-use order. */
export const UNITS: readonly string[] = [...new Set(RULES.flatMap(unitsOf))];

export type { Rule } from '../rule.ts';
