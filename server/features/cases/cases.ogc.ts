/**
 * The cases as a read-only OGC API – Features collection `cases`, for GIS clients (QGIS, GDAL).
 * Listed only to users who may read cases, and scoped like every other case read.
 */
import type { Request } from 'express';
import type { Db } from '../../db/db.ts';
import { notFound } from '../../lib/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { bboxParts, type Bbox } from '../../lib/bbox.ts';
import { DISTRICT_BBOX } from '../../lib/district.ts';
import { CRS84 } from '../../lib/ogc-crs.ts';
import { principalOf } from '../auth/auth.middleware.ts';
import { ogcCrs84PagingQuery } from '../ogc/ogc.contract.ts';
import type { ExtraCollection } from '../ogc/ogc.routes.ts';
import { mayReadCases, type CaseAccessOptions } from './cases.access.ts';
import { caseListQuery } from './cases.contract.ts';
import * as cases from './cases.service.ts';
import { featureCollectionText } from '../../lib/feature-collection.ts';

const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';

// the ledger's filters, and the paging and bbox of every OGC collection (ogc contract)
const ogcParams = ogcCrs84PagingQuery.shape;
const itemsQuery = caseListQuery.extend({
  limit: ogcParams.limit,
  offset: ogcParams.offset,
  bbox: ogcParams.bbox,
  'bbox-crs': ogcParams['bbox-crs'],
  f: ogcParams.f,
});

/** A case's map point inside the box (a box across the antimeridian is two). */
const inBbox = (bbox: Bbox | undefined) => (c: { lng: number; lat: number }) =>
  !bbox || bboxParts(bbox).some(([w, s, e, n]) => c.lng >= w && c.lng <= e && c.lat >= s && c.lat <= n);

export function casesCollection(db: Db, access: CaseAccessOptions): ExtraCollection {
  return {
    id: 'cases',
    async describe(req: Request, base: string) {
      if (!mayReadCases(principalOf(req), access)) return undefined;
      const href = `${base}/ogc/collections/cases`;
      return {
        id: 'cases',
        title: '执法台账 Enforcement ledger (cases)',
        description: 'Cases tracked from finding to closure after review; read-only. Status keys: found, assigned, rectifying, rectified, closed, dismissed.',
        itemType: 'feature',
        crs: [CRS84],
        storageCrs: CRS84,
        extent: { spatial: { bbox: [[...DISTRICT_BBOX]], crs: CRS84 } },
        links: [
          { href, rel: 'self', type: JSON_TYPE, title: 'cases' },
          { href: `${href}/items`, rel: 'items', type: GEOJSON, title: 'cases items' },
        ],
      };
    },
    async items(req: Request, base: string) {
      const { limit, offset, bbox, 'bbox-crs': _crs, f: _f, ...filters } = parseInput(itemsQuery, req.query);
      const all = (await cases.casesForExport(db, principalOf(req), filters, access)).cases.filter(inBbox(bbox));
      const page = all.slice(offset, offset + limit);
      const href = (o: number) => {
        const p = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
        p.set('offset', String(o));
        p.set('limit', String(limit));
        return `${base}/ogc/collections/cases/items?${p.toString()}`;
      };
      const links = [
        { href: href(offset), rel: 'self', type: GEOJSON },
        { href: `${base}/ogc/collections/cases`, rel: 'collection', type: JSON_TYPE },
        ...(offset + page.length < all.length ? [{ href: href(offset + page.length), rel: 'next', type: GEOJSON }] : []),
        ...(offset > 0 ? [{ href: href(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON }] : []),
      ];
      const features = page.map(({ geometry, ...props }) => `{"type":"Feature","id":${props.id},"geometry":${geometry},"properties":${JSON.stringify(props)}}`);
      return featureCollectionText(features, { numberMatched: all.length, numberReturned: page.length, timeStamp: new Date().toISOString(), links });
    },
    async item(req: Request, base: string, fid: string) {
      if (!/^\d{1,15}$/.test(fid)) throw notFound({ zh: `案件 ${fid.slice(0, 32)}`, en: `case ${fid.slice(0, 32)}` });
      const {
        geometry,
        transitions: _t,
        comments: _c,
        attachments: _a,
        allowed: _al,
        snapshot: _s,
        ...props
      } = await cases.getCase(db, principalOf(req), Number(fid), access);
      const links = [
        { href: `${base}/ogc/collections/cases/items/${fid}`, rel: 'self', type: GEOJSON },
        { href: `${base}/ogc/collections/cases`, rel: 'collection', type: JSON_TYPE },
      ];
      return JSON.stringify({ type: 'Feature', id: props.id, geometry, properties: props, links });
    },
  };
}
