import { Router, type Request } from 'express';
import type { Db } from '../../db/db.ts';
import { requireTileAddress } from '../../http/validate.ts';
import { DISTRICT_BBOX_WIDE } from '../../lib/district.ts';
import { MAX_ZOOM } from '../../lib/tile-math.ts';
import { listLayers, requireLayer } from '../layers/layer-catalogue.service.ts';
import type { TileJson } from './tiles.contract.ts';
import { createTileRenderer, type TileRenderer } from './tiles.service.ts';

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function tilesRoutes(db: Db, renderer: TileRenderer = createTileRenderer(db)): Router {
  const r = Router();

  r.get('/tiles/:layer/:z/:x/:y.mvt', async (req, res) => {
    const layer = requireLayer(req.params.layer);
    const [z, x, y] = requireTileAddress(req.params, MAX_ZOOM);
    const tile = await renderer.tile(layer.id, z, x, y);
    res.setHeader('ETag', tile.etag);
    // Revalidate every time: the ETag changes as soon as the layer is edited.
    res.setHeader('Cache-Control', 'no-cache');
    if (req.get('if-none-match') === tile.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/vnd.mapbox-vector-tile').send(tile.body);
  });

  r.get('/tiles/:layer.json', async (req, res) => {
    const layer = requireLayer(req.params.layer);
    const info = (await listLayers(db)).layers.find((l) => l.id === layer.id)!;
    const fields: TileJson['vector_layers'][number]['fields'] = Object.fromEntries([
      ['name', 'String'],
      ['is_demo', 'Boolean'],
      ...layer.attributes.map((a) => [a.key, a.type === 'boolean' ? 'Boolean' : a.type === 'number' || a.type === 'integer' ? 'Number' : 'String']),
    ]);
    const body: TileJson = {
      tilejson: '3.0.0',
      name: layer.id,
      description: `${layer.title.zh} · ${layer.title.en}`,
      tiles: [`${baseUrl(req)}/tiles/${layer.id}/{z}/{x}/{y}.mvt`],
      minzoom: 0,
      maxzoom: MAX_ZOOM,
      bounds: DISTRICT_BBOX_WIDE,
      vector_layers: [{ id: layer.id, fields, minzoom: 0, maxzoom: MAX_ZOOM }],
      revision: info.revision,
    };
    res.json(body);
  });
  return r;
}
