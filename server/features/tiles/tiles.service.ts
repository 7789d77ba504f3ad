/**
 * Vector tiles for every layer. A PostGIS server encodes them itself (ST_AsMVT); the embedded
 * PostGIS has no protobuf support, so there geojson-vt clips and vt-pbf encodes the same rows.
 * Tiles are cached in memory under the layer's revision, which every write bumps: an edit or
 * import (through this process or another on the same database, layers/revisions.ts) makes that
 * layer's old tiles unreachable at once, without a purge. Dense point layers are
 * thinned at low zoom in the shared SQL, so both encoders get the same (bounded) rows.
 */
import GeoJSONVT from 'geojson-vt';
import { LRUCache } from 'lru-cache';
import { fromGeojsonVt } from 'vt-pbf';
import type { Db } from '../../db/db.ts';
import { findLayer } from '../layers/catalogue/index.ts';
import { CLUSTER_CELLS, clustersAt, simplifyTolerance, TILE_BUFFER, TILE_EXTENT } from '../../lib/tile-math.ts';
import { layerRevisions } from '../layers/revisions.ts';
import { mvtTile, tileFeatures, type TileSelection } from './tiles.repo.ts';

export interface Tile {
  body: Buffer;
  etag: string;
}

export interface TileRenderer {
  tile(layerId: string, z: number, x: number, y: number): Promise<Tile>;
  /** Renders without the cache (benchmarks, tests). */
  render(layerId: string, z: number, x: number, y: number, via?: 'postgis' | 'js'): Promise<Buffer>;
}

export function createTileRenderer(db: Db, opts: { cacheBytes?: number } = {}): TileRenderer {
  const cache = new LRUCache<string, Buffer>({
    maxSize: opts.cacheBytes ?? 64 * 1024 * 1024,
    sizeCalculation: (b) => Math.max(1, b.byteLength),
  });

  async function render(layerId: string, z: number, x: number, y: number, via?: 'postgis' | 'js'): Promise<Buffer> {
    const tolerance = simplifyTolerance(z);
    const usePostgis = via ? via === 'postgis' : db.capabilities.mvt;
    const sel = tileSelection(layerId, z);
    if (usePostgis) return mvtTile(db, layerId, z, x, y, tolerance, sel);
    return encodeInJs(await tileFeatures(db, layerId, z, x, y, tolerance, sel), layerId, z, x, y);
  }

  const revisions = layerRevisions(db);
  return {
    render,
    async tile(layerId, z, x, y) {
      const revision = (await revisions.current()).get(layerId) ?? 0;
      const key = `${layerId}/${revision}/${z}/${x}/${y}`;
      const etag = `"${layerId}-r${revision}-${z}-${x}-${y}"`;
      let body = cache.get(key);
      if (!body) {
        body = await render(layerId, z, x, y);
        cache.set(key, body);
      }
      return { body, etag };
    },
  };
}

/** Point layers are thinned to one feature per grid cell at low zoom (see tile-math.ts). */
export function tileSelection(layerId: string, z: number): TileSelection {
  return findLayer(layerId)?.geometryType === 'Point' && clustersAt(z) ? { thin: true, cellsPerWorldSide: 2 ** z * CLUSTER_CELLS } : { thin: false };
}

function encodeInJs(rows: { id: number; props: string; geometry: string }[], layerId: string, z: number, x: number, y: number): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const collection = {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      properties: JSON.parse(r.props) as Record<string, unknown>,
      geometry: JSON.parse(r.geometry),
    })),
  };
  // tolerance 0: the SQL already simplified, exactly as on the PostGIS path
  const index = new GeoJSONVT(collection, { maxZoom: z, indexMaxZoom: 0, tolerance: 0, extent: TILE_EXTENT, buffer: TILE_BUFFER });
  const tile = index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return Buffer.alloc(0);
  return Buffer.from(fromGeojsonVt({ [layerId]: tile }, { version: 2, extent: TILE_EXTENT }));
}
