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
  NAMED_PLACES,
  YUDONG,
  ruralArea,
  streetAreas,
} from '../geography.ts';
import { polygon, union, type Areal, type LonLat } from '../lib/geo.ts';
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

const STREETS = new Map(streetAreas().map((s) => [s.name, s.geometry]));

/**
 * The street offices a site's name ties it to: the one whose name (without 街道) it carries, and
 * those of a road or village it names (NAMED_PLACES); undefined when the name carries no place.
 */
function streetsInName(name: string): string[] | undefined {
  let allowed: string[] | undefined;
  const demand = (streets: readonly string[]) => {
    allowed = allowed === undefined ? [...streets] : allowed.filter((s) => streets.includes(s));
  };
  for (const street of STREETS.keys()) if (name.includes(street.replace(/街道$/, ''))) demand([street]);
  for (const [place, streets] of Object.entries(NAMED_PLACES)) if (name.includes(place)) demand(streets);
  return allowed;
}

/** Where a site called `name` may lie: the street offices its name carries, or anywhere. */
function namedArea(name: string): Areal | undefined {
  const streets = streetsInName(name);
  if (streets === undefined) return undefined;
  const area = streets.length === 0 ? null : union(...streets.map((s) => STREETS.get(s)!));
  if (!area) throw new Error(`${name}: the places in the name lie in no common street office`);
  return area;
}

/** A point in `region` meeting `where`, and inside the street office the name carries (if any). */
export function placeNamed(ctx: Context, name: string, region: Areal, where: Where = {}): LonLat {
  const area = namedArea(name);
  if (!area) return placeIn(ctx.rng, region, where, name);
  return placeIn(ctx.rng, area, { ...where, inside: [region, ...(where.inside ?? [])] }, name);
}

/** A point within `radiusM` of `anchor`, in the district and the street office the name carries. */
export function placeNearNamed(ctx: Context, name: string, anchor: LonLat, radiusM: number, where: Where = {}): LonLat {
  const area = namedArea(name);
  const inside = [ctx.regions.district, ...(area ? [area] : []), ...(where.inside ?? [])];
  return placeNear(ctx.rng, anchor, radiusM, { ...where, inside }, name);
}

/** Where a named site goes (see Placement); a place in its name keeps it in that street office. */
export function place(ctx: Context, at: Placement, name: string, where: Where = {}): LonLat {
  if ('region' in at) return placeNamed(ctx, name, ctx.regions[at.region], where);
  return placeNearNamed(ctx, name, at.near, at.radiusM, where);
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
