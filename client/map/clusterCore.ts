/**
 * Point clustering with supercluster, shared by the in-page engine and the web worker. One index
 * per layer; `clustersIn` returns what the map source shows for a view: clusters (no id, so they
 * never collide with feature ids in feature-state) and single points with their own ids.
 */
import Supercluster from 'supercluster';

export interface ClusterOptions {
  radius: number;
  maxZoom: number;
}

export type PointFeature = GeoJSON.Feature<GeoJSON.Point, Record<string, unknown>>;

export type Index = Supercluster<Record<string, unknown>, Record<string, unknown>>;

export function buildIndex(points: PointFeature[], opts: ClusterOptions): Index {
  return new Supercluster<Record<string, unknown>, Record<string, unknown>>({
    radius: opts.radius,
    maxZoom: opts.maxZoom,
    minPoints: 2,
    extent: 512,
  }).load(points);
}

export function clustersIn(index: Index, bbox: [number, number, number, number], zoom: number): GeoJSON.Feature[] {
  const z = Math.max(0, Math.floor(zoom));
  const out: GeoJSON.Feature[] = [];
  // supercluster wants west < east; a view never crosses the antimeridian here.
  for (const f of index.getClusters([Math.max(-180, bbox[0]), Math.max(-85, bbox[1]), Math.min(180, bbox[2]), Math.min(85, bbox[3])], z)) {
    const p = f.properties as Record<string, unknown>;
    if (p.cluster) {
      out.push({
        type: 'Feature',
        geometry: f.geometry,
        properties: { cluster: true, cluster_id: p.cluster_id, point_count: p.point_count, point_count_abbreviated: p.point_count_abbreviated },
      });
    } else out.push(f as GeoJSON.Feature);
  }
  return out;
}

export function expansionZoom(index: Index, clusterId: number): number {
  return index.getClusterExpansionZoom(clusterId);
}

/** Messages between the page and cluster.worker.ts. */
export type WorkerRequest =
  | { req: number; type: 'load'; layer: string; points: PointFeature[]; opts: ClusterOptions }
  | { req: number; type: 'clusters'; layer: string; bbox: [number, number, number, number]; zoom: number }
  | { req: number; type: 'expansion'; layer: string; clusterId: number };

export type WorkerResponse = { req: number; ok: true; result: unknown } | { req: number; ok: false; error: string };
