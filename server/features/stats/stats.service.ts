/**
 * Zone statistics for the planners' panel: how big each zone layer is, how the zones overlap, and
 * how many sites of each kind lie in each zone layer and each street office. Live from the tables,
 * like the violations and the coverage: no cache to go stale.
 */
import type { Db } from '../../db/db.ts';
import { LAYERS } from '../layers/catalogue/index.ts';
import * as repo from './stats.repo.ts';
import type { StatsResponse } from './stats.contract.ts';

const ZONE_LAYERS = LAYERS.filter((l) => l.group === 'zones').map((l) => l.id);
const SITES = LAYERS.filter((l) => l.group === 'sites');
const SITE_LAYERS = SITES.map((l) => l.id);
const SITE_GEOMETRY: repo.SiteLayers = {
  points: SITES.filter((l) => l.geometryType === 'Point').map((l) => l.id),
  polygons: SITES.filter((l) => l.geometryType === 'Polygon').map((l) => l.id),
};

const round1 = (v: number) => Math.round(v * 10) / 10;
const round2 = (v: number) => Math.round(v * 100) / 100;
const zeros = () => Object.fromEntries(SITE_LAYERS.map((l) => [l, 0])) as Record<string, number>;

export async function zoneStatistics(db: Db): Promise<StatsResponse> {
  const [areas, overlaps, byZone, byStreet, totals, streets] = await Promise.all([
    repo.zoneAreas(db, ZONE_LAYERS),
    repo.zoneOverlaps(db, ZONE_LAYERS),
    repo.sitesByZone(db, SITE_GEOMETRY, ZONE_LAYERS),
    repo.sitesByStreet(db, SITE_GEOMETRY),
    repo.siteTotals(db, SITE_LAYERS),
    repo.streets(db),
  ]);

  const areaOf = new Map(areas.map((a) => [a.layer_id, a.area_m2]));
  const share = (part: number, of: string) => {
    const whole = areaOf.get(of) ?? 0;
    return whole > 0 ? Math.min(100, round2((100 * part) / whole)) : null;
  };

  const siteTotals = zeros();
  for (const row of totals) siteTotals[row.site_layer] = row.n;
  const perStreet = new Map(streets.map((s) => [s.id, zeros()]));
  // what no street covers is what is left of each layer's total
  const outside = { ...siteTotals };
  for (const row of byStreet) {
    perStreet.get(row.street_id)![row.site_layer] = row.n;
    outside[row.site_layer] = (outside[row.site_layer] ?? 0) - row.n;
  }

  return {
    areaCrs: 'EPSG:4547',
    zoneLayers: ZONE_LAYERS.map((layer) => {
      const a = areas.find((r) => r.layer_id === layer);
      return { layer, featureCount: a?.feature_count ?? 0, areaM2: round1(a?.area_m2 ?? 0) };
    }),
    overlaps: overlaps
      .flatMap((o) => [
        { layer: o.layer_a, within: o.layer_b, areaM2: round1(o.area_m2), sharePct: share(o.area_m2, o.layer_a) },
        { layer: o.layer_b, within: o.layer_a, areaM2: round1(o.area_m2), sharePct: share(o.area_m2, o.layer_b) },
      ])
      .sort((a, b) => ZONE_LAYERS.indexOf(a.layer) - ZONE_LAYERS.indexOf(b.layer) || ZONE_LAYERS.indexOf(a.within) - ZONE_LAYERS.indexOf(b.within)),
    siteTotals,
    sitesByZoneLayer: ZONE_LAYERS.map((zoneLayer) => {
      const counts = zeros();
      for (const r of byZone) if (r.zone_layer === zoneLayer) counts[r.site_layer] = r.n;
      return { zoneLayer, counts };
    }),
    sitesByStreet: streets.map((s) => ({ id: s.id, code: s.code, name: s.name, counts: perStreet.get(s.id)! })),
    sitesOutsideStreets: outside,
  };
}
