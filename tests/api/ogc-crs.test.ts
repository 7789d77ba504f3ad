/**
 * OGC API – Features Part 2 (CRS by reference): items and single items in CRS84, EPSG:4326,
 * EPSG:4490 (CGCS2000), EPSG:4547 and EPSG:4526 (CGCS2000 Gauss–Krüger CM 114°E), in each CRS's
 * own axis order; bbox-crs; Content-Crs. Coordinates are checked against PostGIS ST_Transform of the
 * stored geometry and against proj4 with the EPSG parameters written out here.
 */
import proj4 from 'proj4';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/features/layers/catalogue/index.ts';
import { validateFeature } from '../../server/features/layers/feature-validation.ts';
import { writeFeatures } from '../../server/features/layers/feature-write.service.ts';
import { collectionSchema, itemsSchema, ogcFeatureSchema } from '../../server/features/ogc/ogc.contract.ts';
import { COAL_BAN } from '../fixtures/check-zones.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

// EPSG's parameters for CGCS2000 and its 3-degree Gauss–Krüger zone 38 (CM 114°E), with and without the zone prefix
const DEFS: Record<number, string> = {
  4490: '+proj=longlat +ellps=GRS80 +no_defs',
  4547: '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  4526: '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
};
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';
/** proj4 gives x/y (east, north); the API writes these CRSs north first. */
const viaProj4 = (srid: number, [lng, lat]: number[]) => {
  const [x, y] = proj4(WGS84, DEFS[srid]!, [lng!, lat!]);
  return [y!, x!];
};

const SITES = Array.from({ length: 12 }, (_, i) => ({
  type: 'Feature' as const,
  properties: { name: `坐标站${i}`, annual_sales_t: 1000 + i, online_monitoring: true, vapour_recovery: true },
  geometry: { type: 'Point' as const, coordinates: [113.21 + (i % 4) * 0.037, 40.01 + Math.floor(i / 4) * 0.041] },
}));

type Positions = number[] | Positions[];
const flat = (c: Positions): number[][] => (typeof c[0] === 'number' ? [c as number[]] : (c as Positions[]).flatMap(flat));

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(db());
    const layer = findLayer('gas_stations')!;
    await writeFeatures(
      db(),
      'gas_stations',
      SITES.map((f) => {
        const v = validateFeature(layer, f);
        if (!v.valid) throw new Error(v.reason);
        return v.feature;
      }),
    );
    const zone = validateFeature(findLayer('coal_ban_zones')!, COAL_BAN);
    if (!zone.valid) throw new Error(zone.reason);
    await writeFeatures(db(), 'coal_ban_zones', [zone.feature]);
  });

  /** PostGIS's own transform of the stored geometry, north first, per feature id. */
  const postgis = async (layerId: string, srid: number) => {
    const rows = await db().query<{ id: number; g: string }>(
      'SELECT id, ST_AsGeoJSON(ST_FlipCoordinates(ST_Transform(geom, $2::int)), 12, 0) AS g FROM features WHERE layer_id = $1',
      [layerId, srid],
    );
    return new Map(rows.map((r) => [Number(r.id), flat(JSON.parse(r.g).coordinates)]));
  };
  const stored = async (layerId: string) => {
    const rows = await db().query<{ id: number; g: string }>('SELECT id, ST_AsGeoJSON(geom, 12) AS g FROM features WHERE layer_id = $1', [layerId]);
    return new Map(rows.map((r) => [Number(r.id), flat(JSON.parse(r.g).coordinates)]));
  };

  it('has the CGCS2000 systems in spatial_ref_sys', async () => {
    const rows = await db().query<{ srid: number }>('SELECT srid FROM spatial_ref_sys WHERE srid IN (4326, 4490, 4547, 4526) ORDER BY srid');
    expect(rows.map((r) => Number(r.srid))).toEqual([4326, 4490, 4526, 4547]);
  });

  it('lists crs and storageCrs on each collection', async () => {
    const c = collectionSchema.parse((await request(app).get('/ogc/collections/gas_stations').expect(200)).body);
    expect(c.storageCrs).toBe(CRS84);
    expect(c.crs).toEqual([CRS84, EPSG(4326), EPSG(4490), EPSG(4547), EPSG(4526)]);
    const conf = await request(app).get('/ogc/conformance').expect(200);
    expect(conf.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
  });

  it('answers CRS84 lon/lat by default, with Content-Crs', async () => {
    const res = await request(app).get('/ogc/collections/gas_stations/items?limit=100').expect(200);
    expect(res.headers['content-crs']).toBe(`<${CRS84}>`);
    const want = await stored('gas_stations');
    for (const f of itemsSchema.parse(res.body).features) expect(flat(f.geometry.coordinates as Positions)).toEqual(want.get(f.id));
  });

  describe.each([
    [4490, 1e-9],
    [4547, 1e-3],
    [4526, 1e-3],
  ])('crs=EPSG:%i', (srid, tolerance) => {
    it.each(['gas_stations', 'coal_ban_zones'])('%s: north-first coordinates equal PostGIS ST_Transform and proj4', async (layerId) => {
      const res = await request(app)
        .get(`/ogc/collections/${layerId}/items?limit=100&crs=${encodeURIComponent(EPSG(srid))}`)
        .expect(200);
      expect(res.headers['content-crs']).toBe(`<${EPSG(srid)}>`);
      const body = itemsSchema.parse(res.body);
      expect(body.features.length).toBeGreaterThan(0);
      const [byPostgis, byStored] = [await postgis(layerId, srid), await stored(layerId)];
      let compared = 0;
      for (const f of body.features) {
        const got = flat(f.geometry.coordinates as Positions);
        const want = byPostgis.get(f.id)!;
        const lonLat = byStored.get(f.id)!;
        expect(got.length).toBe(want.length);
        got.forEach((p, i) => {
          expect(Math.abs(p[0]! - want[i]![0]!)).toBeLessThanOrEqual(tolerance);
          expect(Math.abs(p[1]! - want[i]![1]!)).toBeLessThanOrEqual(tolerance);
          const independent = viaProj4(srid, lonLat[i]!);
          expect(Math.abs(p[0]! - independent[0]!)).toBeLessThanOrEqual(tolerance);
          expect(Math.abs(p[1]! - independent[1]!)).toBeLessThanOrEqual(tolerance);
          compared++;
        });
      }
      expect(compared).toBeGreaterThanOrEqual(body.features.length);
      if (srid !== 4490) expect(body.features[0]!.geometry.coordinates.flat(3)[0]).toBeGreaterThan(4_000_000); // northing first
    });

    it('serves a single item in that CRS', async () => {
      const [id] = [...(await stored('gas_stations')).keys()];
      const res = await request(app)
        .get(`/ogc/collections/gas_stations/items/${id}?crs=${encodeURIComponent(EPSG(srid))}`)
        .expect(200);
      expect(res.headers['content-crs']).toBe(`<${EPSG(srid)}>`);
      const got = ogcFeatureSchema.parse(res.body).geometry.coordinates as number[];
      const want = (await postgis('gas_stations', srid)).get(id!)![0]!;
      expect(Math.abs(got[0]! - want[0]!)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(got[1]! - want[1]!)).toBeLessThanOrEqual(tolerance);
    });
  });

  it('EPSG:4326 by reference is latitude first', async () => {
    const res = await request(app)
      .get(`/ogc/collections/gas_stations/items?limit=100&crs=${encodeURIComponent(EPSG(4326))}`)
      .expect(200);
    const want = await stored('gas_stations');
    for (const f of itemsSchema.parse(res.body).features) {
      const [lng, lat] = want.get(f.id)![0]!;
      expect(f.geometry.coordinates).toEqual([lat, lng]);
    }
  });

  /** Ids of the sites inside a box, by proj4 in the box's own CRS (the independent answer). */
  const sitesInside = (srid: number, [n0, e0, n1, e1]: number[]) =>
    SITES.filter((s) => {
      const [n, e] = viaProj4(srid, s.geometry.coordinates);
      return n! >= n0! && n! <= n1! && e! >= e0! && e! <= e1!;
    })
      .map((s) => s.properties.name)
      .sort();

  it.each([4547, 4526, 4490])('bbox-crs=EPSG:%i takes the bbox in that CRS and axis order', async (srid) => {
    // a box around the middle of the grid, corners in north-first order of the CRS
    const [n0, e0] = viaProj4(srid, [113.24, 40.03]);
    const [n1, e1] = viaProj4(srid, [113.33, 40.1]);
    const bbox = [n0!, e0!, n1!, e1!];
    const want = sitesInside(srid, bbox);
    expect(want.length).toBeGreaterThan(1);
    expect(want.length).toBeLessThan(SITES.length);
    const res = await request(app)
      .get(`/ogc/collections/gas_stations/items?limit=100&bbox=${bbox.join(',')}&bbox-crs=${encodeURIComponent(EPSG(srid))}`)
      .expect(200);
    expect(res.body.features.map((f: { properties: { name: string } }) => f.properties.name).sort()).toEqual(want);
  });

  it('bbox-crs=EPSG:4326 reads latitude first; crs and bbox-crs combine', async () => {
    const lonLat = await request(app).get('/ogc/collections/gas_stations/items?limit=100&bbox=113.25,40.03,113.3,40.07').expect(200);
    const latLon = await request(app)
      .get(
        `/ogc/collections/gas_stations/items?limit=100&bbox=40.03,113.25,40.07,113.3&bbox-crs=${encodeURIComponent(EPSG(4326))}&crs=${encodeURIComponent(EPSG(4547))}`,
      )
      .expect(200);
    expect(latLon.body.features.map((f: { id: number }) => f.id)).toEqual(lonLat.body.features.map((f: { id: number }) => f.id));
    expect(latLon.body.features[0].geometry.coordinates[0]).toBeGreaterThan(4_000_000);
  });

  it.each([4326, 4490])('bbox-crs=EPSG:%i: a box whose west edge exceeds its east edge crosses the antimeridian', async (srid) => {
    // lat/lon order: 39–41°N, from 100°E eastwards across 180° to 170°W (holds the district)
    const across = await request(app)
      .get(`/ogc/collections/gas_stations/items?limit=100&bbox=39,100,41,-170&bbox-crs=${encodeURIComponent(EPSG(srid))}`)
      .expect(200);
    expect(across.body.numberMatched).toBe(SITES.length);
    const beyond = await request(app)
      .get(`/ogc/collections/gas_stations/items?limit=100&bbox=39,170,41,-170&bbox-crs=${encodeURIComponent(EPSG(srid))}`)
      .expect(200);
    expect(beyond.body.numberMatched).toBe(0);
  });

  it.each([
    ['crs=EPSG:4490', 'UNSUPPORTED_CRS'],
    [`crs=${encodeURIComponent(EPSG(3857))}`, 'UNSUPPORTED_CRS'],
    [`crs=${encodeURIComponent(EPSG(4547))}&crs=${encodeURIComponent(EPSG(4526))}`, 'INVALID_PARAMETER'],
    [`bbox-crs=${encodeURIComponent(EPSG(3857))}&bbox=1,2,3,4`, 'UNSUPPORTED_CRS'],
    // easting/northing order given to a northing-first CRS: outside where it is offered
    [`bbox-crs=${encodeURIComponent(EPSG(4547))}&bbox=430000,4420000,440000,4440000`, 'INVALID_PARAMETER'],
    [`bbox-crs=${encodeURIComponent(EPSG(4490))}&bbox=113.2,40,113.3,40.1`, 'INVALID_PARAMETER'],
  ])('%s → 400 %s', async (qs, code) => {
    const res = await request(app).get(`/ogc/collections/gas_stations/items?${qs}`).expect(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.messageZh).toBeTruthy();
  });

  it('a single item refuses an unsupported crs', async () => {
    const [id] = [...(await stored('gas_stations')).keys()];
    const res = await request(app)
      .get(`/ogc/collections/gas_stations/items/${id}?crs=${encodeURIComponent(EPSG(3857))}`)
      .expect(400);
    expect(res.body.error.code).toBe('UNSUPPORTED_CRS');
  });
});
