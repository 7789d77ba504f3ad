import { describe, expect, it } from 'vitest';
import proj4 from 'proj4';
import { parseCrsText, resolveCrs } from './crs-resolve.ts';

const noLookup = async () => undefined;

const ESRI_4547 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const ESRI_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const XIAN_80 =
  'PROJCS["Xian_1980_3_Degree_GK_CM_114E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

describe('parseCrsText', () => {
  it.each([
    ['wgs84', 'wgs84'],
    ['GCJ-02', 'gcj02'],
    ['bd09', 'bd09'],
    ['EPSG:4326', 'wgs84'],
    ['4490', 'cgcs2000'],
    ['urn:ogc:def:crs:EPSG::4547', 'epsg4547'],
    ['http://www.opengis.net/def/crs/EPSG/0/4526', 'epsg4526'],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 'wgs84'],
  ])('%s → %s', (text, id) => expect(parseCrsText(text)).toEqual({ kind: 'id', id }));

  it('passes other EPSG codes and WKT on, and rejects nonsense', () => {
    expect(parseCrsText('EPSG:3857')).toEqual({ kind: 'epsg', code: 3857 });
    expect(parseCrsText(ESRI_4547)).toEqual({ kind: 'wkt', wkt: ESRI_4547 });
    expect(parseCrsText('mars2000')).toBeUndefined();
  });
});

describe('resolveCrs from a .prj', () => {
  it('recognises the bureau systems in ESRI spelling, so they convert exactly like crs=', async () => {
    expect((await resolveCrs({ kind: 'wkt', wkt: ESRI_4547 }, noLookup)).id).toBe('epsg4547');
    expect((await resolveCrs({ kind: 'wkt', wkt: ESRI_CGCS2000 }, noLookup)).id).toBe('cgcs2000');
  });

  it('converts any other projected .prj through proj4', async () => {
    const cm111 = ESRI_4547.replace('Central_Meridian",114.0', 'Central_Meridian",111.0').replace('CM_114E', 'CM_111E');
    const crs = await resolveCrs({ kind: 'wkt', wkt: cm111 }, noLookup);
    expect(crs).toMatchObject({ id: 'prj', label: 'CGCS2000_3_Degree_GK_CM_111E', projected: true });
    const [x, y] = proj4('+proj=tmerc +lat_0=0 +lon_0=111 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m', [113.3, 40.09]);
    const [lng, lat] = crs.toWgs84(x!, y!);
    expect(lng).toBeCloseTo(113.3, 8);
    expect(lat).toBeCloseTo(40.09, 8);
  });

  it("refuses Beijing 1954 / Xi'an 1980 instead of guessing a 100 m datum shift", async () => {
    await expect(resolveCrs({ kind: 'wkt', wkt: XIAN_80 }, noLookup)).rejects.toMatchObject({ code: 'UNSUPPORTED_DATUM' });
  });
});
