import { Router } from 'express';
import type { Db } from '../../db/db.ts';
import { inputError } from '../../lib/errors.ts';
import { sendStream } from '../../http/stream.ts';
import { parseInput } from '../../http/validate.ts';
import { parseBbox } from '../../lib/bbox.ts';
import { layerFeatureCollection } from './feature-read.service.ts';
import { listLayers, requireLayer } from './layer-catalogue.service.ts';
import { bboxQuery } from './layers.contract.ts';

function bboxFrom(query: unknown) {
  const q = parseInput(bboxQuery, query);
  if (q.bbox === undefined) return undefined;
  const parsed = parseBbox(q.bbox);
  if (!parsed.ok) throw inputError('INVALID_BBOX', { zh: `bbox 无效：${parsed.reason}`, en: `Invalid bbox: ${parsed.reason}` });
  return parsed.bbox;
}

export function layersRoutes(db: Db): Router {
  const r = Router();

  r.get('/api/layers', async (_req, res) => {
    res.json(await listLayers(db));
  });

  // The map's source for a whole layer (or a bbox of it): same text as the export, shown inline.
  r.get('/api/layers/:id/features', async (req, res) => {
    const layer = requireLayer(req.params.id);
    const bbox = bboxFrom(req.query);
    await sendStream(res, layerFeatureCollection(db, { layerId: layer.id, ...(bbox ? { bbox } : {}) }), {
      contentType: 'application/geo+json; charset=utf-8',
    });
  });

  // Downloads (export.geojson|csv|kml|shp.zip) live in features/io/io.routes.ts.

  return r;
}
