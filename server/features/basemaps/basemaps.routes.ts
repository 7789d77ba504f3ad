import { Router, type Response } from 'express';
import type { Db } from '../../db/db.ts';
import { DomainError, inputError } from '../../lib/errors.ts';
import { requireTileAddress } from '../../http/validate.ts';
import { MAX_ZOOM } from '../../lib/tile-math.ts';
import { listLayers } from '../layers/layer-catalogue.service.ts';
import type { ConfigResponse } from './basemaps.contract.ts';
import type { BasemapSources } from './basemaps.service.ts';
import { TIANDITU_LAYERS, type TiandituLayer } from './tianditu.ts';

const notConfigured = (key: string) =>
  new DomainError('BASEMAP_NOT_CONFIGURED', { zh: `此部署未配置该底图（${key}）`, en: `This basemap is not configured on this deployment (${key})` });

/** Answers 304 when the client already holds this version. */
function notModified(req: { get(h: string): string | undefined }, res: Response, etag: string): boolean {
  res.setHeader('ETag', etag);
  const asked = req.get('if-none-match');
  if (asked?.split(',').some((t) => t.trim() === etag)) {
    res.status(304).end();
    return true;
  }
  return false;
}

/**
 * `GET /api/config`: what the UI needs to know about this deployment at start-up; and the basemaps
 * this server serves itself: the PMTiles file (tiles, its style, the archive by byte range) and
 * Tianditu through the key-holding proxy.
 */
export function basemapsRoutes(db: Db, sources: BasemapSources): Router {
  const r = Router();
  r.get('/api/config', async (_req, res) => {
    const { demo } = await listLayers(db);
    const body: ConfigResponse = { ...(await sources.list()), demo, database: db.kind };
    res.json(body);
  });

  const requireFile = async () => {
    const file = sources.basemapFile();
    if (!file) throw notConfigured('BASEMAP_FILE');
    return file;
  };

  // the archive itself, for any PMTiles reader: Range, ETag and Last-Modified from `send`
  r.get('/basemap/file.pmtiles', async (_req, res, next) => {
    const file = await requireFile();
    res.sendFile(
      file.path,
      { acceptRanges: true, etag: true, lastModified: true, maxAge: 0, headers: { 'Content-Type': 'application/vnd.pmtiles' } },
      (err) => {
        if (err) next(err);
      },
    );
  });

  r.get('/basemap/file/style.json', async (_req, res) => {
    const style = await sources.fileStyle();
    if (!style) throw notConfigured('BASEMAP_STYLE');
    res.setHeader('Cache-Control', 'no-cache');
    res.json(style);
  });

  r.get('/basemap/file/:z/:x/:y', async (req, res) => {
    const file = await requireFile();
    const [z, x, y] = requireTileAddress(req.params, MAX_ZOOM);
    res.setHeader('Cache-Control', 'no-cache');
    if (notModified(req, res, `${file.etag.slice(0, -1)}-${z}-${x}-${y}"`)) return;
    const tile = await file.tile(z, x, y);
    // no tile here: an empty answer MapLibre draws as nothing (not an error)
    if (!tile) res.status(204).end();
    else res.type(file.contentType).send(tile);
  });

  r.get('/basemap/tianditu/:layer/:z/:x/:y', async (req, res) => {
    const layer = req.params.layer as TiandituLayer;
    if (!TIANDITU_LAYERS.includes(layer))
      throw inputError('INVALID_PARAMETER', {
        zh: `天地图图层无效：可选 ${TIANDITU_LAYERS.join('、')}`,
        en: `Invalid Tianditu layer: one of ${TIANDITU_LAYERS.join(', ')}`,
      });
    const [z, x, y] = requireTileAddress(req.params, 18);
    if (!sources.opts.tianditu) throw notConfigured('TIANDITU_KEY');
    const tile = await sources.opts.tianditu.tile(layer, z, x, y);
    res.setHeader('X-Cache', tile.cached ? 'HIT' : 'MISS');
    // private: with READ_REQUIRES_LOGIN a shared proxy must not hand tiles on to anyone
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.type(tile.contentType).send(tile.body);
  });
  return r;
}
