/**
 * Vector tiles with the cache off against the floor: on a server the raw one-statement ST_AsMVT
 * query; on the embedded database (no ST_AsMVT) the raw candidate SELECT the JS encoder starts from.
 * Both sides thin point layers at low zoom the same way (one feature per grid cell).
 */
import { mvtTile, tileFeatures } from '../../server/features/tiles/tiles.repo.ts';
import { createTileRenderer, tileSelection } from '../../server/features/tiles/tiles.service.ts';
import { simplifyTolerance, tileAt } from '../../server/lib/tile-math.ts';
import type { BenchContext } from '../context.ts';
import { time, type Row } from '../stats.ts';

// over the old city, where sites are densest
const TILES = [11, 12, 13, 14].map((z) => tileAt(113.3, 40.09, z));

async function eachTile(fn: (z: number, x: number, y: number) => Promise<unknown>) {
  for (const [z, x, y] of TILES) await fn(z, x, y);
}

export async function tilesBench(ctx: BenchContext): Promise<Row[]> {
  const renderer = createTileRenderer(ctx.db, { cacheBytes: 1 });
  // four tiles over a million sites take seconds: fewer runs there (the scan has warmed the caches)
  const opts = ctx.sites >= 500_000 ? { reps: 5, warmup: 0, budgetMs: 12_000 } : { reps: ctx.quick ? 3 : 5 };
  const rows: Row[] = [];
  for (const layer of ['nrmm_machines', 'nrmm_control_zones']) {
    const ours = await time(() => eachTile((z, x, y) => renderer.render(layer, z, x, y)), opts);
    const floor = ctx.db.capabilities.mvt
      ? await time(() => eachTile((z, x, y) => mvtTile(ctx.db, layer, z, x, y, simplifyTolerance(z), tileSelection(layer, z))), opts)
      : await time(() => eachTile((z, x, y) => tileFeatures(ctx.db, layer, z, x, y, simplifyTolerance(z), tileSelection(layer, z))), opts);
    rows.push({
      case: `tiles ${layer}, 4 tiles z11–14, cache off`,
      ours,
      floor,
      floorName: ctx.db.capabilities.mvt ? 'raw ST_AsMVT SQL' : 'raw candidate SELECT (no MVT in PGlite)',
      target: '≤ 1.2×',
      met: ours.median <= floor.median * 1.2,
      ...(ctx.db.capabilities.mvt ? {} : { note: 'JS encoding (geojson-vt + vt-pbf) included on our side only' }),
    });
  }
  // cached: the HTTP path with the in-memory cache warm
  const url = (z: number, x: number, y: number) => `${ctx.url}/tiles/nrmm_machines/${z}/${x}/${y}.mvt`;
  await eachTile(async (z, x, y) => (await fetch(url(z, x, y))).arrayBuffer());
  const cached = await time(() => eachTile(async (z, x, y) => (await fetch(url(z, x, y))).arrayBuffer()), { reps: 20 });
  const floor = await time(() => eachTile(async () => (await fetch(`${ctx.url}/ogc/conformance`)).arrayBuffer()), { reps: 20 });
  rows.push({
    case: 'tiles nrmm_machines, 4 tiles, cache warm (HTTP)',
    ours: cached,
    floor,
    floorName: 'static JSON route (HTTP)',
    target: 'p99 reported',
    met: true,
    note: `p95 ${cached.p95.toFixed(1)} ms for 4 tiles`,
  });
  return rows;
}
