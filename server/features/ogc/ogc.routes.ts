import { Router, type Request } from 'express';
import type { Db } from '../../db/db.ts';
import { inputError, notFound } from '../../lib/errors.ts';
import { sendStream } from '../../http/stream.ts';
import { parseBbox, type Bbox } from '../../lib/bbox.ts';
import { featureEtag } from '../../lib/feature-etag.ts';
import { requireLayer } from '../layers/layer-catalogue.service.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { parseFilterValue, type PropertyFilter } from '../layers/property-filter.ts';
import * as ogc from './ogc.service.ts';

const MAX_LIMIT = 10000;
const RESERVED = new Set(['limit', 'offset', 'bbox', 'bbox-crs', 'f']);
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

const invalid = (param: string, reason: string) =>
  inputError('INVALID_PARAMETER', { zh: `参数 ${param} 无效：${reason}`, en: `Invalid parameter ${param}: ${reason}` });

function single(query: Request['query'], key: string): string | undefined {
  const v = query[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(key, 'must be given once, as plain text');
  return v;
}

function integer(query: Request['query'], key: string, def: number, min: number, max: number): number {
  const raw = single(query, key);
  if (raw === undefined) return def;
  if (!/^\d{1,9}$/.test(raw)) throw invalid(key, `expects an integer ${min}–${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw invalid(key, `expects an integer ${min}–${max}`);
  return n;
}

/** Everything not reserved must be a property of the layer (equality filter); anything else is a 400. */
function parseItemsQuery(layer: Layer, query: Request['query']): ogc.ItemsQuery {
  const f = single(query, 'f');
  if (f !== undefined && !['json', 'geojson'].includes(f)) throw invalid('f', 'only json / geojson are offered');
  const crs = single(query, 'bbox-crs');
  if (crs !== undefined && crs !== CRS84) throw invalid('bbox-crs', `only ${CRS84} is supported`);
  const bboxText = single(query, 'bbox');
  let bbox: Bbox | undefined;
  if (bboxText !== undefined) {
    const parsed = parseBbox(bboxText);
    if (!parsed.ok) throw invalid('bbox', parsed.reason);
    bbox = parsed.bbox;
  }
  const filters: PropertyFilter[] = [];
  for (const key of Object.keys(query)) {
    if (RESERVED.has(key)) continue;
    const def = key === 'name' ? ({ key: 'name', type: 'name' } as const) : layer.attributes.find((a) => a.key === key);
    if (!def) throw invalid(key.slice(0, 64), `unknown parameter; filterable properties: name, ${layer.attributes.map((a) => a.key).join(', ')}`);
    const raw = single(query, key)!;
    const value = parseFilterValue(def, raw);
    if (typeof value === 'object') throw invalid(key, value.reason);
    filters.push({ def, value });
  }
  return {
    limit: integer(query, 'limit', 10, 1, MAX_LIMIT),
    offset: integer(query, 'offset', 0, 0, 1_000_000_000),
    ...(bbox ? { bbox } : {}),
    filters,
  };
}

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
    await sendStream(res, ogc.items(db, baseUrl(req), layer, q, self), { contentType: 'application/geo+json; charset=utf-8' });
  });
  r.get('/ogc/collections/:id/items/:fid', async (req, res) => {
    const extra = await visibleExtra(req, req.params.id);
    if (extra) return void res.type('application/geo+json').send(await extra.extra.item(req, baseUrl(req), req.params.fid));
    const layer = requireLayer(req.params.id);
    if (!/^\d{1,15}$/.test(req.params.fid)) throw notFound({ zh: `要素 ${req.params.fid.slice(0, 32)}`, en: `feature ${req.params.fid.slice(0, 32)}` });
    const { text, version } = await ogc.item(db, baseUrl(req), layer, Number(req.params.fid));
    // the tag Part 4 writes expect back in If-Match (server/lib/feature-etag.ts)
    res.setHeader('ETag', featureEtag(layer.id, Number(req.params.fid), version));
    res.type('application/geo+json').send(text);
  });
  return r;
}
