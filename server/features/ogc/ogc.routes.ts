import { Router, type Request } from 'express';
import type { Db } from '../../db/db.ts';
import { inputError, notFound } from '../../lib/errors.ts';
import { sendStream } from '../../http/stream.ts';
import { parseInput } from '../../http/validate.ts';
import { parseBbox, type Bbox } from '../../lib/bbox.ts';
import { featureEtag } from '../../lib/feature-etag.ts';
import { CRS84, findOgcCrs, insideBounds, OGC_CRS_URIS, type OgcCrs, toXY } from '../../lib/ogc-crs.ts';
import { requireLayer } from '../layers/layer-catalogue.service.ts';
import { parseLayerFilter } from '../layers/layer-filter.ts';
import { checkProperties, checkSortby } from '../layers/queryables.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { parseFilterValue, type PropertyFilter } from '../layers/property-filter.ts';
import { OGC_ITEMS_RESERVED, ogcItemsQuery } from './ogc.contract.ts';
import * as ogc from './ogc.service.ts';

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

const invalid = (param: string, reason: string) =>
  inputError('INVALID_PARAMETER', { zh: `参数 ${param} 无效：${reason}`, en: `Invalid parameter ${param}: ${reason}` });

function single(query: Request['query'], key: string): string | undefined {
  const v = query[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(key, 'must be given once, as plain text');
  return v;
}

/** A CRS parameter (crs, bbox-crs): one of the offered URIs, else 400 UNSUPPORTED_CRS. */
function crsParam(query: Request['query'], key: 'crs' | 'bbox-crs'): OgcCrs {
  const raw = single(query, key) ?? CRS84;
  const crs = findOgcCrs(raw);
  if (!crs) {
    const offered = OGC_CRS_URIS.join(', ');
    throw inputError(
      'UNSUPPORTED_CRS',
      { zh: `参数 ${key} 不支持该坐标系：${raw.slice(0, 80)}；可用：${offered}`, en: `Unsupported ${key} ${raw.slice(0, 80)}; offered: ${offered}` },
      { parameter: key, supported: OGC_CRS_URIS },
    );
  }
  return crs;
}

/** bbox in `crs` (its axis order) → x/y order; CRS84 keeps the antimeridian rule of lib/bbox.ts. */
function bboxParam(text: string, crs: OgcCrs): Bbox {
  const nums = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n))) throw invalid('bbox', 'bbox needs 4 finite numbers (in the axis order of bbox-crs)');
  const [x0, y0] = toXY(crs, nums[0]!, nums[1]!);
  const [x1, y1] = toXY(crs, nums[2]!, nums[3]!);
  if (crs.geographic) {
    // geographic: the WGS84 checks (ranges, south ≤ north, west > east across the antimeridian)
    const parsed = parseBbox([x0, y0, x1, y1].join(','));
    if (!parsed.ok) throw invalid('bbox', parsed.reason);
    return parsed.bbox;
  }
  if (x0 > x1 || y0 > y1) throw invalid('bbox', 'the lower corner must not exceed the upper one');
  if (!insideBounds(crs, x0, y0) || !insideBounds(crs, x1, y1))
    throw invalid('bbox', `outside where ${crs.uri} is offered; are the axes in its order (northing, easting)?`);
  return [x0, y0, x1, y1];
}

/** The contract's parameters (limit, offset, bbox, crs, filter…); everything else must be a property of the layer (equality filter). */
function parseItemsQuery(layer: Layer, query: Request['query']): ogc.ItemsQuery {
  const crs = crsParam(query, 'crs');
  const bboxCrs = crsParam(query, 'bbox-crs');
  const reserved = Object.fromEntries(Object.entries(query).filter(([key]) => OGC_ITEMS_RESERVED.has(key)));
  const { limit, offset, bbox: bboxText } = parseInput(ogcItemsQuery, reserved);
  const bbox = bboxText === undefined ? undefined : bboxParam(bboxText, bboxCrs);
  const filters: PropertyFilter[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (OGC_ITEMS_RESERVED.has(key)) continue;
    const def = key === 'name' ? ({ key: 'name', type: 'name' } as const) : layer.attributes.find((a) => a.key === key);
    if (!def) throw invalid(key.slice(0, 64), `unknown parameter; filterable properties: name, ${layer.attributes.map((a) => a.key).join(', ')}`);
    if (typeof raw !== 'string') throw invalid(key, 'must be given once, as plain text');
    const value = parseFilterValue(def, raw);
    if (typeof value === 'object') throw invalid(key, value.reason);
    filters.push({ def, value });
  }
  const cql = filterParam(layer, query);
  const sortText = single(query, 'sortby');
  const sortby = sortText === undefined ? undefined : checkSortby(layer, sortText);
  if (sortby && !Array.isArray(sortby)) throw invalid('sortby', sortby.reason);
  const propsText = single(query, 'properties');
  const properties = propsText === undefined ? undefined : checkProperties(layer, propsText);
  if (properties && !Array.isArray(properties)) throw invalid('properties', properties.reason);
  return {
    ...(sortby ? { sortby } : {}),
    ...(properties ? { properties } : {}),
    limit,
    offset,
    ...(bbox ? { bbox, bboxCrs } : {}),
    filters,
    ...(cql ? { cql } : {}),
    crs,
  };
}

/** `filter` with `filter-lang` and `filter-crs` (Part 3), checked against the layer's queryables. */
function filterParam(layer: Layer, query: Request['query']) {
  const text = single(query, 'filter');
  return parseLayerFilter(layer, text, single(query, 'filter-lang'), single(query, 'filter-crs'));
}

const contentCrs = (crs: OgcCrs) => `<${crs.uri}>`;

/**
 * A collection that is not a layer (e.g. the cases of the enforcement ledger), served read-only by
 * its own feature. `describe` answers undefined when the request's user may not see it: it is then
 * neither listed nor found.
 */
export interface ExtraCollection {
  id: string;
  describe(req: Request, base: string): Promise<object | undefined>;
  /** The items page as GeoJSON text. */
  items(req: Request, base: string): Promise<string>;
  /** One item as GeoJSON text. */
  item(req: Request, base: string, fid: string): Promise<string>;
}

export function ogcRoutes(db: Db, opts: { extraCollections?: readonly ExtraCollection[] } = {}): Router {
  const r = Router();
  const extras = opts.extraCollections ?? [];
  /** The extra collection of this id that the request may see, or undefined. */
  const visibleExtra = async (req: Request, id: string) => {
    const extra = extras.find((e) => e.id === id);
    if (!extra) return undefined;
    const doc = await extra.describe(req, baseUrl(req));
    if (!doc) throw notFound({ zh: `数据集 ${id}`, en: `collection ${id}` });
    return { extra, doc };
  };
  r.get('/ogc', (req, res) => {
    res.json(ogc.landingPage(baseUrl(req)));
  });
  r.get('/ogc/conformance', (_req, res) => {
    res.json({ conformsTo: ogc.CONFORMANCE });
  });
  r.get('/ogc/collections', async (req, res) => {
    const doc = await ogc.collections(db, baseUrl(req));
    const more = (await Promise.all(extras.map((e) => e.describe(req, baseUrl(req))))).filter((d) => d !== undefined);
    res.json({ ...doc, collections: [...doc.collections, ...more] });
  });
  r.get('/ogc/collections/:id', async (req, res) => {
    const extra = await visibleExtra(req, req.params.id);
    if (extra) return void res.json(extra.doc);
    res.json(await ogc.collection(db, baseUrl(req), requireLayer(req.params.id)));
  });
  r.get('/ogc/collections/:id/items', async (req, res) => {
    const extra = await visibleExtra(req, req.params.id);
    if (extra) return void res.type('application/geo+json').send(await extra.extra.items(req, baseUrl(req)));
    const layer = requireLayer(req.params.id);
    const q = parseItemsQuery(layer, req.query);
    const self = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    res.setHeader('Content-Crs', contentCrs(q.crs ?? findOgcCrs(CRS84)!));
    await sendStream(res, ogc.items(db, baseUrl(req), layer, q, self), { contentType: 'application/geo+json; charset=utf-8' });
  });
  r.get('/ogc/collections/:id/queryables', async (req, res) => {
    if (await visibleExtra(req, req.params.id)) throw notFound({ zh: `数据集 ${req.params.id} 的可查询属性`, en: `queryables of collection ${req.params.id}` });
    res.type('application/schema+json').send(JSON.stringify(ogc.queryables(baseUrl(req), requireLayer(req.params.id))));
  });
  r.get('/ogc/collections/:id/items/:fid', async (req, res) => {
    const extra = await visibleExtra(req, req.params.id);
    if (extra) return void res.type('application/geo+json').send(await extra.extra.item(req, baseUrl(req), req.params.fid));
    const layer = requireLayer(req.params.id);
    if (!/^\d{1,15}$/.test(req.params.fid)) throw notFound({ zh: `要素 ${req.params.fid.slice(0, 32)}`, en: `feature ${req.params.fid.slice(0, 32)}` });
    const crs = crsParam(req.query, 'crs');
    const { text, version } = await ogc.item(db, baseUrl(req), layer, Number(req.params.fid), crs);
    res.setHeader('Content-Crs', contentCrs(crs));
    // the tag Part 4 writes expect back in If-Match (server/lib/feature-etag.ts)
    res.setHeader('ETag', featureEtag(layer.id, Number(req.params.fid), version));
    res.type('application/geo+json').send(text);
  });
  return r;
}
