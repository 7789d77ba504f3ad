/**
 * The MapLibre wrapper: the only place that creates a map, adds sources and layers, listens to map
 * events and clusters points. React talks to it through plain methods and callbacks (hooks/useMap).
 */
import {
  AttributionControl,
  Map as MLMap,
  ScaleControl,
  setWorkerUrl,
  type FilterSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  type MapGeoJSONFeature,
  type MapMouseEvent,
  type SourceSpecification,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { LayerStyle } from '../layers/index.ts';
import { BASEMAP_SOURCES, OFFLINE_ONLY_LAYERS, baseStyle, labelText } from './baseStyle.ts';
import { Clustering } from './clustering.ts';
import type { PointFeature } from './clusterCore.ts';
import { IDEOGRAPH_FAMILY } from './fonts.ts';
import { TEST_HOOKS } from '../config.ts';
import { labelPoint } from '../lib/geometry.ts';
import { CaseMarks, type CaseMark } from './cases.ts';
import { GapsLayer } from './gaps.ts';
import { renderSettings } from './renderer.ts';
import { setVisibility } from './visibility.ts';
import { ViolationHighlights, type ViolationMark } from './violations.ts';
import { showAsTiles } from './tileSource.ts';
import { CLUSTER_BOX_IMAGE, SLOTS, buildLayers, interactiveIds, labelSourceId, layerIds, scaleOpacity, sourceId, type BuiltLayer } from './specs.ts';

// MapLibre 6 runs its worker from a separate module file; the bundler hands us its URL.
setWorkerUrl(maplibreWorkerUrl);

export type LngLat = { lng: number; lat: number };
export type Bbox = [number, number, number, number];

export interface DataLayer {
  id: string;
  color: string;
  style: LayerStyle;
  /** Clicking a feature of this layer opens the inspector (points, site polygons); else it is a zone. */
  clickable: boolean;
}

export interface HoverInfo {
  layer: string;
  /** Feature id, or null for a cluster. */
  id: number | null;
  name: string;
  count?: number;
  x: number;
  y: number;
}

export interface BasemapSpec {
  id: string;
  kind: 'offline' | 'raster' | 'style';
  tiles?: string[];
  labelTiles?: string[];
  url?: string;
  maxzoom?: number;
  attribution?: string;
}

/** Tile URLs the server gives as site paths ("/basemap/…"): MapLibre's workers need them absolute (braces kept, so not `new URL`). */
const absolute = (u: string) => (u.startsWith('/') && !u.startsWith('//') ? `${location.origin}${u}` : u);

export interface MapCallbacks {
  onFeatureClick(layer: string, id: number, at: LngLat): void;
  onMapClick(at: LngLat): void;
  onViewChange(view: { center: [number, number]; zoom: number; bounds: Bbox }): void;
  onHover(info: HoverInfo | null): void;
  onCursor(at: LngLat | null): void;
  onError(message: string): void;
  /** A case of the ledger was clicked (map/cases.ts). */
  onCaseClick?(id: number): void;
}

export interface MapInit {
  container: HTMLElement;
  center?: [number, number];
  zoom?: number;
  fitBounds: Bbox;
  maxBounds: Bbox;
  lang: 'zh' | 'en';
  attribution: string;
  workerClusterThreshold: number;
  callbacks: MapCallbacks;
}

interface LayerState {
  def: DataLayer;
  built: BuiltLayer[];
  visible: boolean;
  opacity: number;
  /** Point layers: the loaded features, clustered per view. */
  clusterSeq: number;
  hasData: boolean;
}

export class MapController {
  readonly map: MLMap;
  private layers = new Map<string, LayerState>();
  private clustering: Clustering;
  private hovered: { source: string; id: number } | null = null;
  private pickMode = false;
  private basemapLayerIds: string[] = [];
  private basemapSourceIds: string[] = [];
  private attributionControl: AttributionControl;
  private lang: 'zh' | 'en';
  private destroyed = false;
  private violationMarks: ViolationHighlights | undefined;
  /** The marks last given (null: hidden); drawn only for the layers that are visible. */
  private violationsGiven: readonly ViolationMark[] | null = null;
  private gaps: GapsLayer | undefined;
  private cases: CaseMarks | undefined;
  /** Layers drawn from the server's vector tiles (tileSource.ts), by layer id. */
  private tiled = new Set<string>();
  readonly ready: Promise<void>;
  /** Basemap raster tiles fade in, unless the renderer or the user's motion preference says not (renderer.ts). */
  private readonly rasterFadeDuration: number;

  constructor(private readonly init: MapInit) {
    this.lang = init.lang;
    this.clustering = new Clustering(init.workerClusterThreshold);
    const render = renderSettings();
    this.rasterFadeDuration = render.rasterFadeDuration;
    this.map = new MLMap({
      container: init.container,
      style: baseStyle(init.lang) as StyleSpecification,
      ...(init.center && init.zoom !== undefined ? { center: init.center, zoom: init.zoom } : { bounds: init.fitBounds, fitBoundsOptions: { padding: 24 } }),
      maxBounds: init.maxBounds,
      minZoom: 8,
      maxZoom: 19,
      attributionControl: false,
      localIdeographFontFamily: IDEOGRAPH_FAMILY,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      cancelPendingTileRequestsWhileZooming: true,
      // no multisampling where WebGL runs on the processor, no symbol fade there nor for reduced motion (renderer.ts)
      fadeDuration: render.fadeDuration,
      canvasContextAttributes: { preserveDrawingBuffer: false, antialias: render.antialias },
    });
    // The browser tests and the first-page bench (bench/cases/first-page.bench.ts, which copies this
    // map's style into a bare MapLibre page) read the map; absent from a production build.
    if (TEST_HOOKS) (globalThis as { __pcMapInstance?: MLMap }).__pcMapInstance = this.map;
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.attributionControl = new AttributionControl({ compact: true, customAttribution: init.attribution });
    this.map.addControl(this.attributionControl, 'bottom-right');
    this.map.addControl(new ScaleControl({ maxWidth: 120, unit: 'metric' }), 'bottom-left');

    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    this.map.on('error', (e) => {
      const err = (e as unknown as { error?: Error }).error;
      init.callbacks.onError(err?.message ?? 'map error');
    });
    this.map.on('moveend', () => {
      this.refreshClusters();
      this.emitView();
    });
    this.map.on('mousemove', (e) => this.onMouseMove(e));
    this.map.on('mouseout', () => {
      this.setHovered(null);
      init.callbacks.onHover(null);
      init.callbacks.onCursor(null);
    });
    this.map.on('click', (e) => void this.onClick(e));
    // when the map last finished rendering (ms since navigation): the browser benchmark reads it;
    // data-idle: whether it has drawn all it was given (false from the moment it loads, moves or
    // draws; true at 'idle'); the browser tests wait on it instead of sleeping
    const idle = (on: boolean) => {
      if (init.container.dataset.idle !== String(on)) init.container.dataset.idle = String(on);
    };
    for (const busy of ['dataloading', 'movestart', 'render'] as const) this.map.on(busy, () => idle(false));
    this.map.on('idle', () => {
      init.container.dataset.idleAt = String(Math.round(performance.now()));
      idle(true);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Data layers

  /** Adds every data layer once (hidden until shown), in catalogue order within each slot. */
  setLayers(defs: readonly DataLayer[]): void {
    if (!this.map.hasImage(CLUSTER_BOX_IMAGE)) this.map.addImage(CLUSTER_BOX_IMAGE, { width: 1, height: 1, data: new Uint8Array(4) });
    for (const def of defs) {
      if (this.layers.has(def.id)) continue;
      this.map.addSource(sourceId(def.id), { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } as SourceSpecification);
      if (def.style.look.kind === 'polygon') this.map.addSource(labelSourceId(def.id), { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      const built = buildLayers(def.id, def.style, def.color);
      for (const b of built) this.map.addLayer({ ...b.spec, layout: { ...(b.spec.layout ?? {}), visibility: 'none' } } as LayerSpecification, b.before);
      this.layers.set(def.id, { def, built, visible: false, opacity: 1, clusterSeq: 0, hasData: false });
    }
  }

  async setLayerData(id: string, fc: GeoJSON.FeatureCollection): Promise<void> {
    const st = this.layers.get(id);
    if (!st || this.destroyed) return;
    st.hasData = true;
    if (st.def.style.look.kind === 'point') {
      const look = st.def.style.look;
      const points = fc.features.filter((f): f is PointFeature => f.geometry?.type === 'Point') as PointFeature[];
      await this.clustering.load(id, points, { radius: look.clusterRadius, maxZoom: look.clusterMaxZoom });
      await this.updateClusters(id);
    } else {
      // Larger polygons first, so their names win where labels collide.
      const labels: GeoJSON.Feature[] = [];
      for (const f of fc.features) {
        const p = f.geometry && f.properties?.name ? labelPoint(f.geometry) : null;
        if (p)
          labels.push({
            type: 'Feature',
            id: f.id,
            properties: { name: f.properties?.name, rank: -bboxArea(f.geometry) },
            geometry: { type: 'Point', coordinates: p },
          });
      }
      const labelSource = this.map.getSource(labelSourceId(id)) as GeoJSONSource | undefined;
      await Promise.all([this.source(id)?.setData(fc), labelSource?.setData({ type: 'FeatureCollection', features: labels })]);
    }
  }

  /** Draws a layer from the server's vector tiles of this revision instead of GeoJSON. */
  useTiles(id: string, revision: number): void {
    const st = this.layers.get(id);
    if (!st || this.destroyed) return;
    if (this.hovered?.source === sourceId(id)) this.setHovered(null);
    showAsTiles(this.map, id, st.built, revision);
    this.tiled.add(id);
    st.hasData = true;
  }

  setVisible(id: string, visible: boolean): void {
    const st = this.layers.get(id);
    if (!st || st.visible === visible) return;
    st.visible = visible;
    for (const b of st.built) setVisibility(this.map, b.spec.id, visible);
    if (visible) void this.updateClusters(id);
    if (this.violationsGiven?.some((m) => m.layer === id)) this.drawViolations();
  }

  setOpacity(id: string, opacity: number): void {
    const st = this.layers.get(id);
    if (!st || st.opacity === opacity) return;
    st.opacity = opacity;
    for (const b of st.built)
      for (const [prop, full] of Object.entries(b.opacity))
        this.map.setPaintProperty(b.spec.id, prop as Parameters<MLMap['setPaintProperty']>[1], scaleOpacity(full, opacity));
  }

  /** Outlines the zones a site check found (ids per layer); an empty list clears them. */
  setCheckedZones(zones: readonly { layer: string; id: string }[]): void {
    for (const [id, st] of this.layers) {
      if (st.def.style.look.kind !== 'polygon') continue;
      const ids = zones.filter((z) => z.layer === id).map((z) => Number(z.id));
      const filter: FilterSpecification = ['in', ['id'], ['literal', ids]];
      const li = layerIds(id);
      this.map.setFilter(li.checked, filter);
      this.map.setFilter(li.checkedCasing, filter);
      // A checked zone shows even if its layer is switched off: the result must be visible.
      const show = st.visible || ids.length > 0;
      setVisibility(this.map, li.checked, show);
      setVisibility(this.map, li.checkedCasing, show);
    }
  }

  setSelected(sel: { layer: string; id: number } | null): void {
    for (const [id, st] of this.layers) {
      const li = layerIds(id);
      const match = sel && sel.layer === id ? sel.id : -1;
      const filter: FilterSpecification =
        st.def.style.look.kind === 'point' ? ['all', ['!', ['has', 'point_count']], ['==', ['id'], match]] : ['==', ['id'], match];
      this.map.setFilter(li.selected, filter);
    }
  }

  setCheckPoint(p: LngLat | null): void {
    const src = this.map.getSource(BASEMAP_SOURCES.check) as GeoJSONSource | undefined;
    void src?.setData({
      type: 'FeatureCollection',
      features: p ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [p.lng, p.lat] } }] : [],
    });
  }

  setPickMode(on: boolean): void {
    this.pickMode = on;
    this.map.getCanvas().style.cursor = on ? 'crosshair' : '';
  }

  /**
   * Violation rings, outlines and badges (map/violations.ts); null hides them. A mark is drawn only
   * while its layer is visible: a ring around nothing (a hidden layer's site) reads as a fault.
   */
  setViolations(marks: readonly ViolationMark[] | null): void {
    this.violationsGiven = marks;
    this.drawViolations();
  }

  private drawViolations(): void {
    this.violationMarks ??= new ViolationHighlights(this.map);
    const marks = this.violationsGiven;
    const polygons = new Set([...this.layers].filter(([, st]) => st.def.style.look.kind === 'polygon').map(([id]) => id));
    if (marks)
      this.violationMarks.set(
        marks.filter((m) => this.layers.get(m.layer)?.visible),
        polygons,
      );
    this.violationMarks.setVisible(!!marks);
  }

  /** The ledger's cases coloured by status and the open case's photo positions (map/cases.ts); null hides them. */
  setCases(marks: readonly CaseMark[] | null, photos: readonly LngLat[] = []): void {
    this.cases ??= new CaseMarks(this.map);
    this.cases.set(marks, photos);
  }

  /** Clean-heating gaps (map/gaps.ts); null hides them. Resolves with the gap pieces drawn in view once drawn. */
  async setCoverageGaps(gaps: { fc: GeoJSON.FeatureCollection; labels: GeoJSON.FeatureCollection<GeoJSON.Point> } | null): Promise<number> {
    this.gaps ??= new GapsLayer(this.map);
    if (gaps) await this.gaps.set(gaps.fc, gaps.labels);
    this.gaps.setVisible(!!gaps);
    return this.gaps.renderedCountWhenIdle();
  }

  // ---------------------------------------------------------------------------------------------
  // Basemap

  setBasemapData(name: keyof typeof BASEMAP_SOURCES, fc: GeoJSON.FeatureCollection): void {
    const src = this.map.getSource(BASEMAP_SOURCES[name]) as GeoJSONSource | undefined;
    void src?.setData(fc);
  }

  async setBasemap(b: BasemapSpec): Promise<void> {
    for (const id of this.basemapLayerIds) if (this.map.getLayer(id)) this.map.removeLayer(id);
    for (const id of this.basemapSourceIds) if (this.map.getSource(id)) this.map.removeSource(id);
    this.basemapLayerIds = [];
    this.basemapSourceIds = [];
    const online = b.kind !== 'offline';
    for (const id of OFFLINE_ONLY_LAYERS) if (this.map.getLayer(id)) setVisibility(this.map, id, !online);
    this.map.setPaintProperty('bm:mask', 'fill-opacity', online ? 0.35 : 0.55);
    if (b.kind === 'raster' && b.tiles?.length) {
      this.addRaster('bm:online', b.tiles, SLOTS.raster, b.attribution, b.maxzoom);
      if (b.labelTiles?.length) this.addRaster('bm:online-labels', b.labelTiles, SLOTS.rasterLabels, undefined, b.maxzoom);
    } else if (b.kind === 'style' && b.url) {
      await this.addExternalStyle(b.url);
    }
  }

  private addRaster(id: string, tiles: string[], before: string, attribution: string | undefined, maxzoom = 18) {
    this.map.addSource(id, { type: 'raster', tiles: tiles.map(absolute), tileSize: 256, maxzoom, ...(attribution ? { attribution } : {}) });
    this.map.addLayer({ id, type: 'raster', source: id, paint: { 'raster-fade-duration': this.rasterFadeDuration } }, before);
    this.basemapSourceIds.push(id);
    this.basemapLayerIds.push(id);
  }

  /** Draws another MapLibre style underneath the data: its sources and layers, prefixed. */
  private async addExternalStyle(url: string) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`basemap style ${res.status}`);
    const style = (await res.json()) as StyleSpecification;
    for (const [sid, spec] of Object.entries(style.sources ?? {})) {
      const id = `ext:${sid}`;
      this.map.addSource(id, 'tiles' in spec && spec.tiles ? { ...spec, tiles: spec.tiles.map(absolute) } : spec);
      this.basemapSourceIds.push(id);
    }
    for (const layer of style.layers ?? []) {
      // Icons need the style's sprite, which would have to be namespaced; text and shapes do not.
      if (layer.type === 'symbol' && layer.layout?.['icon-image'] && !layer.layout['text-field']) continue;
      const copy = { ...layer, id: `ext:${layer.id}` } as LayerSpecification & { source?: string };
      if ('source' in layer && typeof layer.source === 'string') copy.source = `ext:${layer.source}`;
      if (copy.type === 'symbol' && copy.layout) {
        const { 'icon-image': _icon, ...rest } = copy.layout;
        copy.layout = rest;
      }
      this.map.addLayer(copy, SLOTS.raster);
      this.basemapLayerIds.push(copy.id);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Language, camera

  setLang(lang: 'zh' | 'en', attribution: string): void {
    if (lang === this.lang) return;
    this.lang = lang;
    for (const id of ['bm:labels-place', 'bm:labels-water', 'bm:labels-poi', 'bm:labels-district', 'bm:gates-label'])
      this.map.setLayoutProperty(id, 'text-field', labelText(lang));
    this.map.removeControl(this.attributionControl);
    this.attributionControl = new AttributionControl({ compact: true, customAttribution: attribution });
    this.map.addControl(this.attributionControl, 'bottom-right');
  }

  setCanvasLabel(label: string): void {
    this.map.getCanvas().setAttribute('aria-label', label);
  }

  /** `offsetX`: where the point ends up, in px from the centre (e.g. left of an open side panel). */
  flyTo(p: LngLat, zoom?: number, offsetX = 0, offsetY = 0): void {
    this.map.easeTo({ center: [p.lng, p.lat], zoom: zoom ?? Math.max(this.map.getZoom(), 14), duration: 600, offset: [offsetX, offsetY] });
  }

  /** `extraRight` / `extraBottom`: room to keep free on the right (an open side panel) or at the bottom (a phone's inspector), in px. */
  fitBounds(b: Bbox, maxZoom = 15, extraRight = 0, extraBottom = 0): void {
    this.map.fitBounds(b, { padding: { top: 48, bottom: 48 + extraBottom, left: 48, right: 48 + extraRight }, maxZoom, duration: 600 });
  }

  /** The map's height on screen (px). */
  height(): number {
    return this.map.getContainer().clientHeight;
  }

  zoomBy(delta: number): void {
    this.map.easeTo({ zoom: this.map.getZoom() + delta, duration: 250 });
  }

  resize(): void {
    this.map.resize();
  }

  view(): { center: [number, number]; zoom: number; bounds: Bbox } {
    const c = this.map.getCenter();
    const b = this.map.getBounds();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] };
  }

  /** Screen position of a coordinate inside the map container (tests and overlays). */
  project(p: LngLat): { x: number; y: number } {
    const pt = this.map.project([p.lng, p.lat]);
    return { x: pt.x, y: pt.y };
  }

  destroy(): void {
    this.destroyed = true;
    this.clustering.destroy();
    this.map.remove();
  }

  // ---------------------------------------------------------------------------------------------
  // Internals

  private source(id: string): GeoJSONSource | undefined {
    return this.map.getSource(sourceId(id)) as GeoJSONSource | undefined;
  }

  private emitView() {
    this.init.callbacks.onViewChange(this.view());
  }

  private refreshClusters() {
    for (const [id, st] of this.layers) if (st.visible && st.def.style.look.kind === 'point') void this.updateClusters(id);
  }

  private async updateClusters(id: string): Promise<void> {
    const st = this.layers.get(id);
    if (!st?.visible || !st.hasData || st.def.style.look.kind !== 'point' || !this.clustering.has(id)) return;
    const seq = ++st.clusterSeq;
    const v = this.view();
    const dx = (v.bounds[2] - v.bounds[0]) * 0.25;
    const dy = (v.bounds[3] - v.bounds[1]) * 0.25;
    const features = await this.clustering.clusters(id, [v.bounds[0] - dx, v.bounds[1] - dy, v.bounds[2] + dx, v.bounds[3] + dy], v.zoom);
    if (seq !== st.clusterSeq || this.destroyed) return; // a newer view superseded this one
    await this.source(id)?.setData({ type: 'FeatureCollection', features });
  }

  private interactiveLayerIds(): string[] {
    const ids: string[] = [];
    for (const [id, st] of this.layers) if (st.visible) ids.push(...interactiveIds(id, st.def.style));
    return ids;
  }

  /**
   * The top-most feature under the cursor: points and clusters first, then polygons. A finger
   * covers more than a mouse pointer: a tap takes markers within 22 px (a 44 px target).
   */
  private featureAt(e: MapMouseEvent): MapGeoJSONFeature | undefined {
    const layers = this.interactiveLayerIds();
    if (!layers.length) return undefined;
    const r = fromTouch(e) ? 22 : 4;
    const hits = this.map.queryRenderedFeatures(
      [
        [e.point.x - r, e.point.y - r],
        [e.point.x + r, e.point.y + r],
      ],
      { layers },
    );
    return hits.find((f) => f.layer.type === 'circle') ?? this.map.queryRenderedFeatures(e.point, { layers })[0];
  }

  private layerOf(f: MapGeoJSONFeature): string {
    return f.layer.id.split(':')[1] ?? '';
  }

  private setHovered(next: { source: string; id: number } | null) {
    const cur = this.hovered;
    if (cur && next && cur.source === next.source && cur.id === next.id) return;
    const at = (h: { source: string; id: number }) => {
      const layer = h.source.slice(h.source.indexOf(':') + 1);
      return { source: h.source, id: h.id, ...(this.tiled.has(layer) ? { sourceLayer: layer } : {}) };
    };
    if (cur) this.map.setFeatureState(at(cur), { hover: false });
    if (next) this.map.setFeatureState(at(next), { hover: true });
    this.hovered = next;
  }

  private onMouseMove(e: MapMouseEvent) {
    // The mouse events a browser makes up after a tap would leave a tooltip standing.
    if (fromTouch(e)) return;
    this.init.callbacks.onCursor({ lng: e.lngLat.lng, lat: e.lngLat.lat });
    const f = this.featureAt(e);
    if (!f) {
      this.setHovered(null);
      this.init.callbacks.onHover(null);
      this.map.getCanvas().style.cursor = this.pickMode ? 'crosshair' : '';
      return;
    }
    const layer = this.layerOf(f);
    const st = this.layers.get(layer);
    const props = f.properties as Record<string, unknown>;
    // browser clusters say `cluster`; the server's thinned tiles only carry `point_count`
    const isCluster = props.cluster === true || props.point_count !== undefined;
    const id = typeof f.id === 'number' ? f.id : null;
    this.setHovered(id !== null && !isCluster ? { source: sourceId(layer), id } : null);
    this.init.callbacks.onHover({
      layer,
      id: isCluster ? null : id,
      name: isCluster ? '' : String(props.name ?? ''),
      ...(isCluster ? { count: Number(props.point_count) } : {}),
      x: e.point.x,
      y: e.point.y,
    });
    const pointer = isCluster || !!st?.def.clickable;
    this.map.getCanvas().style.cursor = this.pickMode ? 'crosshair' : pointer ? 'pointer' : '';
  }

  private async onClick(e: MapMouseEvent) {
    const at = { lng: e.lngLat.lng, lat: e.lngLat.lat };
    if (this.pickMode) {
      this.init.callbacks.onMapClick(at);
      return;
    }
    const caseId = this.cases?.caseAt(e.point);
    if (caseId !== undefined && this.init.callbacks.onCaseClick) {
      this.init.callbacks.onCaseClick(caseId);
      return;
    }
    const f = this.featureAt(e);
    if (f) {
      const layer = this.layerOf(f);
      const props = f.properties as Record<string, unknown>;
      if (props.cluster === true) {
        const center = (f.geometry as GeoJSON.Point).coordinates as [number, number];
        const zoom = await this.clustering.expansionZoom(layer, Number(props.cluster_id));
        this.map.easeTo({ center, zoom: Math.min(zoom + 0.2, 18), duration: 500 });
        return;
      }
      if (props.point_count !== undefined) {
        this.map.easeTo({ center: [at.lng, at.lat], zoom: Math.min(this.map.getZoom() + 2, 18), duration: 500 });
        return;
      }
      if (this.layers.get(layer)?.def.clickable && typeof f.id === 'number') {
        this.init.callbacks.onFeatureClick(layer, f.id, at);
        return;
      }
    }
    this.init.callbacks.onMapClick(at);
  }
}

function bboxArea(g: GeoJSON.Geometry): number {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  if ('coordinates' in g) visit(g.coordinates);
  return Number.isFinite(minX) ? (maxX - minX) * (maxY - minY) : 0;
}

/** The event came from a finger: a tap's click (pointerType), or the mouse events made up after a tap. */
function fromTouch(e: MapMouseEvent): boolean {
  const o = e.originalEvent as MouseEvent & { pointerType?: string; sourceCapabilities?: { firesTouchEvents?: boolean } | null };
  return o.pointerType === 'touch' || o.sourceCapabilities?.firesTouchEvents === true;
}
