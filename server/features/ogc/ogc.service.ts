/**
 * OGC API – Features Part 1 (Core + GeoJSON) documents. Collections are the layer catalogue; links
 * are absolute, built from the request's base URL, as clients such as GDAL's OAPIF driver expect.
 */
import type { Db } from '../../db/db.ts';
import type { Bbox } from '../../lib/bbox.ts';
import { DISTRICT_BBOX } from '../../lib/district.ts';
import { CRS84, OGC_CRS_URIS, type OgcCrs } from '../../lib/ogc-crs.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { featureCollectionChunks } from '../../lib/feature-collection.ts';
import { countFeatures, featureTexts, featureToJson, getFeature, pageFeatures, streamFeatures } from '../layers/feature-read.service.ts';
import { listLayers } from '../layers/layer-catalogue.service.ts';
import { queryablesSchema, type SortKey, type TypedFilter } from '../layers/queryables.ts';
import type { PropertyFilter } from '../layers/property-filter.ts';
import { notFound } from '../../lib/errors.ts';
import { API_DEFINITION_PATH, API_PAGE_PATH, OPENAPI_TYPE } from '../openapi/openapi.contract.ts';
import type { Collection, Collections, ItemsHead, LandingPage, OgcLink } from './ogc.contract.ts';

const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';
const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  // the API definition at /ogc/api (features/openapi)
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  // Part 4 (features/edit): POST/PUT/DELETE and PATCH with JSON Merge Patch, If-Match required
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features',
  // Part 2: crs=, bbox-crs=, Content-Crs (CRS84, EPSG:4326, 4490, 4547, 4526)
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  // Part 3 and CQL2: queryables, filter= in cql2-text and cql2-json
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
];

export function landingPage(base: string): LandingPage {
  return {
    title: '平城区大气污染防治空间管理 · Pingcheng air-quality spatial management',
    description: 'Zones and sites of the Pingcheng District 2023 air-quality action plan (OGC API – Features). Demo data is illustrative (示意数据，非官方).',
    links: [
      { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}${API_DEFINITION_PATH}`, rel: 'service-desc', type: OPENAPI_TYPE, title: 'API definition (OpenAPI 3.0)' },
      { href: `${base}${API_PAGE_PATH}`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
      { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
    ],
  };
}

type LayerInfo = Awaited<ReturnType<typeof listLayers>>['layers'][number];

function collectionDoc(base: string, l: LayerInfo): Collection {
  // an empty layer still advertises the district's extent, so clients have somewhere to look
  const bbox = l.extent ?? DISTRICT_BBOX;
  const href = `${base}/ogc/collections/${l.id}`;
  return {
    id: l.id,
    title: `${l.title.zh} ${l.title.en}`,
    description: `${l.title.en}; plan article(s) ${l.articles.join(', ') || '—'}; ${l.featureCount} features${l.demoCount ? ' (illustrative demo data)' : ''}`,
    itemType: 'feature',
    crs: [...OGC_CRS_URIS],
    storageCrs: CRS84,
    extent: { spatial: { bbox: [bbox], crs: CRS84 } },
    links: [
      { href, rel: 'self', type: JSON_TYPE, title: l.title.en },
      { href: `${href}/items`, rel: 'items', type: GEOJSON, title: `${l.title.en} items` },
      { href: `${href}/queryables`, rel: QUERYABLES_REL, type: 'application/schema+json', title: `${l.title.en} queryables` },
    ],
  };
}

export async function collections(db: Db, base: string): Promise<Collections> {
  const { layers } = await listLayers(db);
  return {
    links: [{ href: `${base}/ogc/collections`, rel: 'self', type: JSON_TYPE }],
    collections: layers.map((l) => collectionDoc(base, l)),
  };
}

export async function collection(db: Db, base: string, layer: Layer): Promise<Collection> {
  const { layers } = await listLayers(db);
  return collectionDoc(base, layers.find((l) => l.id === layer.id)!);
}

export function queryables(base: string, layer: Layer) {
  return queryablesSchema(layer, `${base}/ogc/collections/${layer.id}/queryables`);
}

export interface ItemsQuery {
  limit: number;
  offset: number;
  /** In x/y order of `bboxCrs` (CRS84 when absent). */
  bbox?: Bbox;
  bboxCrs?: OgcCrs;
  filters: PropertyFilter[];
  cql?: TypedFilter;
  /** The CRS geometries are written in (CRS84 when absent). */
  crs?: OgcCrs;
  sortby?: SortKey[];
  properties?: string[];
}

/**
 * The FeatureCollection as text chunks: the count first, then the page's features streamed in
 * bounded batches (a page of 10 000 large polygons is never held whole), `numberReturned` last
 * (member order is free in JSON), counted from what was actually sent. A `sortby` page cannot be
 * read in id order batches: it is one query of at most `limit` (≤ 10 000) rows.
 */
export async function* items(db: Db, base: string, layer: Layer, q: ItemsQuery, selfQuery: URLSearchParams): AsyncGenerator<string> {
  const fq = {
    layerId: layer.id,
    filters: q.filters,
    ...(q.bbox ? { bbox: q.bbox, ...(q.bboxCrs ? { bboxSrid: q.bboxCrs.srid } : {}) } : {}),
    ...(q.cql ? { cql: q.cql } : {}),
  };
  const matched = await countFeatures(db, fq);
  const href = (offset: number) => {
    const p = new URLSearchParams(selfQuery);
    p.set('offset', String(offset));
    p.set('limit', String(q.limit));
    return `${base}/ogc/collections/${layer.id}/items?${p.toString()}`;
  };
  const links: OgcLink[] = [
    { href: href(q.offset), rel: 'self', type: GEOJSON },
    { href: `${base}/ogc/collections/${layer.id}`, rel: 'collection', type: JSON_TYPE },
  ];
  if (q.offset + q.limit < matched) links.push({ href: href(q.offset + q.limit), rel: 'next', type: GEOJSON });
  if (q.offset > 0) links.push({ href: href(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON });
  const head: Omit<ItemsHead, 'type' | 'numberReturned'> = { numberMatched: matched, timeStamp: new Date().toISOString(), links };
  const shape = { crs: q.crs, properties: q.properties };
  const rows = q.sortby?.length
    ? await pageFeatures(db, fq, q.limit, q.offset, { ...shape, sortby: q.sortby })
    : streamFeatures(db, fq, { offset: q.offset, limit: q.limit, shape });
  yield* featureCollectionChunks(featureTexts(rows), head, (numberReturned) => ({ numberReturned }));
}

export async function item(db: Db, base: string, layer: Layer, id: number, crs?: OgcCrs) {
  const row = await getFeature(db, layer.id, id, crs);
  if (!row) throw notFound({ zh: `要素 ${layer.id}/${id}`, en: `feature ${layer.id}/${id}` });
  const links = [
    { href: `${base}/ogc/collections/${layer.id}/items/${id}`, rel: 'self', type: GEOJSON },
    { href: `${base}/ogc/collections/${layer.id}`, rel: 'collection', type: JSON_TYPE },
  ];
  return { text: `${featureToJson(row).slice(0, -1)},"links":${JSON.stringify(links)}}`, version: row.version };
}
