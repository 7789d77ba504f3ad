import { Router, type Request } from 'express';
import type { Db } from '../../db/db.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { parseInput } from '../../http/validate.ts';
import { featureEtag } from '../../lib/feature-etag.ts';
import { requireLayer } from '../layers/layers.service.ts';
import type { Layer } from '../layers/catalogue/index.ts';
import { parseFilterValue, type PropertyFilter } from '../layers/property-filter.ts';
import { OGC_ITEMS_RESERVED, ogcItemsQuery } from './ogc.contract.ts';
import * as ogc from './ogc.service.ts';

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

const invalid = (param: string, reason: string) =>
  badRequest('INVALID_PARAMETER', { zh: `参数 ${param} 无效：${reason}`, en: `Invalid parameter ${param}: ${reason}` });

/** The contract's parameters (limit, offset, bbox…); everything else must be a property of the layer (equality filter). */
function parseItemsQuery(layer: Layer, query: Request['query']): ogc.ItemsQuery {
  const reserved = Object.fromEntries(Object.entries(query).filter(([key]) => OGC_ITEMS_RESERVED.has(key)));
  const { limit, offset, bbox } = parseInput(ogcItemsQuery, reserved);
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
  return { limit, offset, ...(bbox ? { bbox } : {}), filters };
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
    res.type('application/geo+json').send(await ogc.items(db, baseUrl(req), layer, q, self));
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
