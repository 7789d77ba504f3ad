/**
 * OGC API – Features Part 1 (Core + GeoJSON) documents. Collections are the layer catalogue; links
 * are absolute, built from the request's base URL, as clients such as GDAL's OAPIF driver expect.
 */
import type { Db } from '../../db/db.ts';
import type { Bbox } from '../../lib/bbox.ts';
import { DISTRICT_BBOX } from '../../lib/district.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { countFeatures, featureToJson, getFeature, listLayers, pageFeatures } from '../layers/layers.service.ts';
import type { PropertyFilter } from '../layers/property-filter.ts';
import { notFound } from '../../http/errors.ts';
import { API_DEFINITION_PATH, API_PAGE_PATH, OPENAPI_TYPE } from '../openapi/openapi.contract.ts';
import { CRS84, type Collection, type Collections, type ItemsHead, type LandingPage, type OgcLink } from './ogc.contract.ts';

const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  // the API definition at /ogc/api (features/openapi)
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  // Part 4 (features/edit): POST/PUT/DELETE and PATCH with JSON Merge Patch, If-Match required
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features',
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
    crs: [CRS84],
    extent: { spatial: { bbox: [bbox], crs: CRS84 } },
    links: [
      { href, rel: 'self', type: JSON_TYPE, title: l.title.en },
      { href: `${href}/items`, rel: 'items', type: GEOJSON, title: `${l.title.en} items` },
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

export interface ItemsQuery {
  limit: number;
  offset: number;
  bbox?: Bbox;
  filters: PropertyFilter[];
}

/** Returns the FeatureCollection as text (features are already JSON text from the database). */
export async function items(db: Db, base: string, layer: Layer, q: ItemsQuery, selfQuery: URLSearchParams) {
  const fq = { layerId: layer.id, filters: q.filters, ...(q.bbox ? { bbox: q.bbox } : {}) };
  const [matched, rows] = await Promise.all([countFeatures(db, fq), pageFeatures(db, fq, q.limit, q.offset)]);
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
  if (q.offset + rows.length < matched) links.push({ href: href(q.offset + rows.length), rel: 'next', type: GEOJSON });
  if (q.offset > 0) links.push({ href: href(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON });
  const head: ItemsHead = {
    type: 'FeatureCollection',
    numberMatched: matched,
    numberReturned: rows.length,
    timeStamp: new Date().toISOString(),
    links,
  };
  return `${JSON.stringify(head).slice(0, -1)},"features":[${rows.map(featureToJson).join(',')}]}`;
}

export async function item(db: Db, base: string, layer: Layer, id: number) {
  const row = await getFeature(db, layer.id, id);
  if (!row) throw notFound({ zh: `要素 ${layer.id}/${id}`, en: `feature ${layer.id}/${id}` });
  const links = [
    { href: `${base}/ogc/collections/${layer.id}/items/${id}`, rel: 'self', type: GEOJSON },
    { href: `${base}/ogc/collections/${layer.id}`, rel: 'collection', type: JSON_TYPE },
  ];
  return { text: `${featureToJson(row).slice(0, -1)},"links":${JSON.stringify(links)}}`, version: row.version };
}
