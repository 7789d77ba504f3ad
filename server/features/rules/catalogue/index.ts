/** The rule catalogue, in display order (by plan article). Ids are stable: the demo manifest uses them. */
import type { Rule } from '../rule.ts';
import { ashYardUncovered, ashYardUnrestored } from './ash_yard.rules.ts';
import { coalBanBoiler, coalBanSalesPoint } from './coal.rules.ts';
import { siteDemolitionWet, siteSixMeasures, siteVideo } from './construction.rules.ts';
import { gasStationOnline, truckUnitGate } from './fuel_and_freight.rules.ts';
import { nrmmBlackSmoke, nrmmLowStage, nrmmUnregistered } from './nrmm.rules.ts';

export const RULES: readonly Rule[] = [
  coalBanSalesPoint,
  coalBanBoiler,
  nrmmLowStage,
  nrmmUnregistered,
  nrmmBlackSmoke,
  siteVideo,
  siteSixMeasures,
  siteDemolitionWet,
  ashYardUncovered,
  ashYardUnrestored,
  gasStationOnline,
  truckUnitGate,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The allow-list for rule ids arriving in requests. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export type { Rule } from '../rule.ts';
