import { describe, expect, it } from 'vitest';
import { buildIndex, clustersIn, expansionZoom, type PointFeature } from './clusterCore.ts';

const pt = (id: number, lng: number, lat: number): PointFeature => ({
  type: 'Feature',
  id,
  properties: { name: `p${id}` },
  geometry: { type: 'Point', coordinates: [lng, lat] },
});
const district: [number, number, number, number] = [113.2, 39.98, 113.4, 40.18];

describe('clustering points with supercluster', () => {
  const points = [pt(1, 113.3, 40.09), pt(2, 113.3001, 40.0901), pt(3, 113.25, 40.02)];
  const index = buildIndex(points, { radius: 40, maxZoom: 14 });

  it('merges nearby points into a cluster without an id, and keeps lone points with theirs', () => {
    const out = clustersIn(index, district, 11);
    const cluster = out.find((f) => f.properties?.cluster);
    expect(cluster?.properties).toMatchObject({ cluster: true, point_count: 2 });
    expect(cluster?.id).toBeUndefined();
    expect(out.find((f) => !f.properties?.cluster)?.id).toBe(3);
  });

  it('splits every cluster above its maximum zoom, and says where a cluster opens up', () => {
    expect(
      clustersIn(index, district, 15)
        .map((f) => f.id)
        .sort(),
    ).toEqual([1, 2, 3]);
    const cluster = clustersIn(index, district, 11).find((f) => f.properties?.cluster)!;
    expect(expansionZoom(index, Number(cluster.properties!.cluster_id))).toBeGreaterThan(11);
  });
});
