/**
 * The basemaps the UI may offer. The offline one (the app's own reference layers) is always first
 * and the default. The others appear when configured; the ones a planner may expect but this
 * deployment lacks are listed apart with the configuration key they need, so the switcher can say
 * what is missing. Tianditu and the PMTiles file are served by this server: the browser never sees
 * the Tianditu key nor needs the internet for the file.
 */
import { readFile } from 'node:fs/promises';
import type { Bilingual } from '../../lib/errors.ts';
import { openBasemapFile, type BasemapFile } from './basemap-file.ts';
import type { Basemap, UnavailableBasemap } from './basemaps.contract.ts';
import type { TiandituProxy } from './tianditu.ts';

type BasemapId = Basemap['id'];

const TITLES: Record<BasemapId, Bilingual> = {
  offline: { zh: '离线底图', en: 'Offline basemap' },
  file: { zh: '本地底图文件', en: 'Basemap file' },
  'tianditu-vec': { zh: '天地图 矢量', en: 'Tianditu vector' },
  'tianditu-img': { zh: '天地图 影像', en: 'Tianditu imagery' },
  custom: { zh: '自定义底图', en: 'Custom basemap' },
};

export const FILE_TILES = '/basemap/file/{z}/{x}/{y}';
export const FILE_STYLE = '/basemap/file/style.json';

export interface BasemapSourcesOptions {
  basemapFile?: string | undefined;
  basemapStyle?: string | undefined;
  basemapUrl?: string | undefined;
  tianditu?: TiandituProxy | undefined;
}

/** Everything the basemap routes serve, opened once (the file lazily, on first use). */
export class BasemapSources {
  private file: Promise<BasemapFile> | undefined;

  constructor(readonly opts: BasemapSourcesOptions) {}

  /** The PMTiles archive, or a rejection saying why it cannot be used. */
  basemapFile(): Promise<BasemapFile> | undefined {
    if (!this.opts.basemapFile) return undefined;
    this.file ??= openBasemapFile(this.opts.basemapFile).then(async (f) => {
      if (f.kind === 'vector' && !this.opts.basemapStyle) {
        await f.close();
        throw new Error('a vector PMTiles archive needs BASEMAP_STYLE');
      }
      return f;
    });
    return this.file;
  }

  /** The MapLibre style of a vector file, its vector sources pointed at this server's tiles. */
  async fileStyle(): Promise<unknown> {
    const file = await this.basemapFile();
    if (file?.kind !== 'vector' || !this.opts.basemapStyle) return null;
    const style = JSON.parse(await readFile(this.opts.basemapStyle, 'utf8')) as { sources?: Record<string, Record<string, unknown>> };
    for (const [id, src] of Object.entries(style.sources ?? {})) {
      if (src.type !== 'vector') continue;
      const { url: _url, tiles: _tiles, ...rest } = src;
      style.sources![id] = { ...rest, tiles: [FILE_TILES], minzoom: file.header.minZoom, maxzoom: file.header.maxZoom };
    }
    return style;
  }

  async list(): Promise<{ basemaps: Basemap[]; unavailable: UnavailableBasemap[] }> {
    const basemaps: Basemap[] = [{ id: 'offline', title: TITLES.offline, kind: 'offline' }];
    const unavailable: UnavailableBasemap[] = [];
    const file = this.basemapFile();
    if (!file) unavailable.push({ id: 'file', title: TITLES.file, missing: ['BASEMAP_FILE'] });
    else {
      try {
        const f = await file;
        basemaps.push(
          f.kind === 'raster'
            ? { id: 'file', title: TITLES.file, kind: 'raster', tiles: [FILE_TILES], maxzoom: f.header.maxZoom }
            : { id: 'file', title: TITLES.file, kind: 'style', url: FILE_STYLE },
        );
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        unavailable.push({
          id: 'file',
          title: TITLES.file,
          missing: why.includes('BASEMAP_STYLE') ? ['BASEMAP_STYLE'] : [],
          problem: { zh: `无法读取底图文件：${why}`, en: `The basemap file cannot be read: ${why}` },
        });
      }
    }
    for (const [id, base, labels] of [
      ['tianditu-vec', 'vec', 'cva'],
      ['tianditu-img', 'img', 'cia'],
    ] as const) {
      if (!this.opts.tianditu) unavailable.push({ id, title: TITLES[id], missing: ['TIANDITU_KEY'] });
      else
        basemaps.push({
          id,
          title: TITLES[id],
          kind: 'raster',
          tiles: [`/basemap/tianditu/${base}/{z}/{x}/{y}`],
          labelTiles: [`/basemap/tianditu/${labels}/{z}/{x}/{y}`],
          maxzoom: 18,
          attribution: '© 天地图 Tianditu',
        });
    }
    if (this.opts.basemapUrl) {
      const isXyz = this.opts.basemapUrl.includes('{z}');
      basemaps.push({
        id: 'custom',
        title: TITLES.custom,
        kind: isXyz ? 'raster' : 'style',
        ...(isXyz ? { tiles: [this.opts.basemapUrl] } : { url: this.opts.basemapUrl }),
      });
    }
    return { basemaps, unavailable };
  }
}

/** Origins the browser may load basemap tiles from (for the Content-Security-Policy): the custom one only. */
export function basemapOrigins(opts: { basemapUrl?: string | undefined }): string[] {
  return opts.basemapUrl ? [new URL(opts.basemapUrl.replace(/[{}]/g, '')).origin] : [];
}
