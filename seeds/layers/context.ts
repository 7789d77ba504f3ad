/** What every layer builder receives: the seeded PRNG and the regions sites are placed in. */
import {
  ALL_COAL_BAN,
  BUILT_UP,
  CITY_PARK,
  CITY_WALL,
  COAL_BAN_MAIN,
  COAL_BAN_YUDONG,
  DISTRICT,
  MAIN_CITY,
  NRMM_ZONE,
  SOUTH_VILLAGE,
  YUDONG,
  ruralArea,
} from '../geography.ts';
import { polygon, type Areal, type LonLat } from '../lib/geo.ts';
import { placeIn, placeNear, type Where } from '../lib/place.ts';
import type { Rng } from '../lib/prng.ts';

export interface Regions {
  district: Areal;
  builtUp: Areal;
  /** District minus built-up area. */
  rural: Areal;
  coalBan: Areal;
  coalBanMain: Areal;
  coalBanYudong: Areal;
  /** The urban village left out of the main coal-ban zone (its hole). */
  coalBanHole: Areal;
  nrmm: Areal;
  /** Built-up area west of the river (without the park). */
  mainCity: Areal;
  /** Built-up area east of the river (御东新区). */
  yudong: Areal;
  /** Inside the Ming city wall. */
  oldCity: Areal;
}

export type RegionName = keyof Regions;

export interface Context {
  rng: Rng;
  regions: Regions;
  /** Positions of active construction sites, filled by the construction layer, so machines work at sites. */
  activeSites: LonLat[];
}

/** Where a site goes: anywhere in a region, or within a radius of a landmark (and still in the district). */
export type Placement = { region: RegionName } | { near: LonLat; radiusM: number };

export function place(ctx: Context, at: Placement, what: string, where: Where = {}): LonLat {
  if ('region' in at) return placeIn(ctx.rng, ctx.regions[at.region], where, what);
  return placeNear(ctx.rng, at.near, at.radiusM, { ...where, inside: [ctx.regions.district, ...(where.inside ?? [])] }, what);
}

export function makeContext(rng: Rng): Context {
  return {
    rng,
    regions: {
      district: DISTRICT,
      builtUp: BUILT_UP,
      rural: ruralArea(),
      coalBan: ALL_COAL_BAN,
      coalBanMain: COAL_BAN_MAIN,
      coalBanYudong: COAL_BAN_YUDONG,
      coalBanHole: polygon(SOUTH_VILLAGE),
      nrmm: NRMM_ZONE,
      mainCity: polygon(MAIN_CITY, CITY_PARK),
      yudong: polygon(YUDONG),
      oldCity: CITY_WALL,
    },
    activeSites: [],
  };
}
