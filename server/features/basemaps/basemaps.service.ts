/**
 * The basemaps the UI may offer. The offline one (the app's own reference layers) is always first
 * and the default; online ones appear only when configured, so nothing depends on the internet.
 */
import type { Bilingual } from '../../http/errors.ts';

export interface Basemap {
  id: 'offline' | 'tianditu-vec' | 'tianditu-img' | 'custom';
  title: Bilingual;
  kind: 'offline' | 'raster' | 'style';
  /** XYZ raster tile templates of the base layer. */
  tiles?: string[];
  /** XYZ raster templates of a transparent label layer drawn above the data (Tianditu cva/cia). */
  labelTiles?: string[];
  /** A MapLibre style URL (kind 'style'). */
  url?: string;
  attribution?: string;
}

const tianditu = (layer: 'vec' | 'cva' | 'img' | 'cia', key: string) =>
  Array.from({ length: 8 }, (_, i) =>
    `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );

export function basemaps(opts: { tiandituKey?: string | undefined; basemapUrl?: string | undefined }): Basemap[] {
  const list: Basemap[] = [{ id: 'offline', title: { zh: '离线底图', en: 'Offline basemap' }, kind: 'offline' }];
  if (opts.tiandituKey) {
    const attribution = '© 天地图 Tianditu';
    list.push(
      { id: 'tianditu-vec', title: { zh: '天地图 矢量', en: 'Tianditu vector' }, kind: 'raster', tiles: tianditu('vec', opts.tiandituKey), labelTiles: tianditu('cva', opts.tiandituKey), attribution },
      { id: 'tianditu-img', title: { zh: '天地图 影像', en: 'Tianditu imagery' }, kind: 'raster', tiles: tianditu('img', opts.tiandituKey), labelTiles: tianditu('cia', opts.tiandituKey), attribution },
    );
  }
  if (opts.basemapUrl) {
    const isXyz = opts.basemapUrl.includes('{z}');
    list.push({
      id: 'custom',
      title: { zh: '自定义底图', en: 'Custom basemap' },
      kind: isXyz ? 'raster' : 'style',
      ...(isXyz ? { tiles: [opts.basemapUrl] } : { url: opts.basemapUrl }),
    });
  }
  return list;
}

/** Origins the browser may load basemap tiles from (for the Content-Security-Policy). */
export function basemapOrigins(opts: { tiandituKey?: string | undefined; basemapUrl?: string | undefined }): string[] {
  const origins: string[] = [];
  if (opts.tiandituKey) origins.push('https://*.tianditu.gov.cn');
  if (opts.basemapUrl) origins.push(new URL(opts.basemapUrl.replace(/[{}]/g, '')).origin);
  return origins;
}
