/**
 * Tianditu (天地图) through this server: the browser asks /basemap/tianditu/{layer}/{z}/{x}/{y}, the
 * server adds the key (TIANDITU_KEY, never sent to the client), fetches the tile from the upstream
 * (TIANDITU_URL) and keeps it in a bounded disk cache, so a tile seen once also works offline.
 */
import { DomainError } from '../../lib/errors.ts';
import type { TileDiskCache, TileCacheEntry } from './tile-cache.ts';

export const TIANDITU_LAYERS = ['vec', 'cva', 'img', 'cia'] as const;
export type TiandituLayer = (typeof TIANDITU_LAYERS)[number];

/** Tianditu's web-mercator WMTS; {s} is one of the eight hosts t0–t7. */
export const DEFAULT_TIANDITU_URL =
  'https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}';

const upstreamFailed = (detail: string) =>
  new DomainError('BASEMAP_UPSTREAM', { zh: `天地图瓦片获取失败（${detail}）`, en: `Tianditu tile could not be fetched (${detail})` });

export class TiandituProxy {
  private inflight = new Map<string, Promise<TileCacheEntry>>();

  constructor(private readonly opts: { key: string; urlTemplate: string; cache: TileDiskCache; timeoutMs?: number }) {}

  upstreamUrl(layer: TiandituLayer, z: number, x: number, y: number): string {
    const vars: Record<string, string> = { s: String((x + y) % 8), layer, z: String(z), x: String(x), y: String(y), key: encodeURIComponent(this.opts.key) };
    return this.opts.urlTemplate.replace(/\{(s|layer|z|x|y|key)\}/g, (_, k: string) => vars[k]!);
  }

  /** The tile from the cache, or from upstream (one request per tile however many ask at once). */
  async tile(layer: TiandituLayer, z: number, x: number, y: number): Promise<TileCacheEntry & { cached: boolean }> {
    const key = `tianditu/${layer}/${z}/${x}/${y}`;
    const hit = await this.opts.cache.get(key);
    if (hit) return { ...hit, cached: true };
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetchUpstream(layer, z, x, y).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return { ...(await pending), cached: false };
  }

  private async fetchUpstream(layer: TiandituLayer, z: number, x: number, y: number): Promise<TileCacheEntry> {
    let res: Response;
    try {
      // Tianditu refuses requests without a browser-like User-Agent
      res = await fetch(this.upstreamUrl(layer, z, x, y), {
        headers: { 'User-Agent': 'Mozilla/5.0 (pingcheng-air basemap proxy)' },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw upstreamFailed(err instanceof Error ? err.name : 'network');
    }
    const contentType = res.headers.get('content-type') ?? '';
    // a bad key or quota answers 200 with an XML/HTML page: never cache or pass that on as a tile
    if (!res.ok || !contentType.startsWith('image/')) {
      await res.body?.cancel();
      throw upstreamFailed(`HTTP ${res.status}${contentType ? ` ${contentType.split(';')[0]}` : ''}`);
    }
    const entry = { body: Buffer.from(await res.arrayBuffer()), contentType };
    await this.opts.cache.put(`tianditu/${layer}/${z}/${x}/${y}`, entry);
    return entry;
  }
}
