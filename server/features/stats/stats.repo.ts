/** Runs the statistics queries (queries/*.sql); the only SQL of this feature. */
import { readFileSync } from 'node:fs';
import type { Queryable } from '../../db/db.ts';
import { expandInsideZone } from '../../lib/inside-zone.sql.ts';

const sql = (name: string) => expandInsideZone(readFileSync(new URL(`./queries/${name}.sql`, import.meta.url), 'utf8'));
const ZONE_AREAS = sql('zone_areas');
const ZONE_OVERLAPS = sql('zone_overlaps');
const SITES_BY_ZONE = sql('sites_by_zone');
const SITES_BY_STREET = sql('sites_by_street');
const STREETS = sql('streets');
const SITE_TOTALS = sql('site_totals');

export const zoneAreas = (db: Queryable, zoneLayers: readonly string[]) =>
  db.query<{ layer_id: string; feature_count: number; area_m2: number }>(ZONE_AREAS, [zoneLayers]);

export const zoneOverlaps = (db: Queryable, zoneLayers: readonly string[]) =>
  db.query<{ layer_a: string; layer_b: string; area_m2: number }>(ZONE_OVERLAPS, [zoneLayers]);

/** Site layers split by geometry: points are tested as they are, polygons by a point on their surface. */
export interface SiteLayers {
  points: readonly string[];
  polygons: readonly string[];
}

export const sitesByZone = (db: Queryable, sites: SiteLayers, zoneLayers: readonly string[]) =>
  db.query<{ site_layer: string; zone_layer: string; n: number }>(SITES_BY_ZONE, [sites.points, sites.polygons, zoneLayers]);

export const sitesByStreet = (db: Queryable, sites: SiteLayers) =>
  db.query<{ site_layer: string; street_id: string; n: number }>(SITES_BY_STREET, [sites.points, sites.polygons]);

export const siteTotals = (db: Queryable, siteLayers: readonly string[]) => db.query<{ site_layer: string; n: number }>(SITE_TOTALS, [siteLayers]);

export const streets = (db: Queryable) => db.query<{ id: string; code: string | null; name: string }>(STREETS);
