/**
 * Shapes of the server's JSON answers, as the client uses them. They mirror the server's catalogue
 * and service return values (server/features/**); the client never imports server runtime code.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

export type LayerGroup = 'zones' | 'sites' | 'reference';
export type GeometryKind = 'Point' | 'Polygon';

interface AttributeBase {
  key: string;
  label: Bilingual;
  required?: boolean;
  help?: Bilingual;
}
export type AttributeDef =
  | (AttributeBase & { type: 'text' })
  | (AttributeBase & { type: 'number' | 'integer'; min?: number; unit?: string })
  | (AttributeBase & { type: 'boolean' })
  | (AttributeBase & { type: 'date' })
  | (AttributeBase & { type: 'enum'; options: { value: string; label: Bilingual }[] });

export interface Restriction {
  id: string;
  article: string;
  zh: string;
  en: string;
}

export interface LayerInfo {
  id: string;
  group: LayerGroup;
  geometryType: GeometryKind;
  regulated: boolean;
  title: Bilingual;
  articles: string[];
  color: string;
  attributes: AttributeDef[];
  restrictions: Restriction[];
  featureCount: number;
  demoCount: number;
  revision: number;
  /** [minLng, minLat, maxLng, maxLat] of the layer's features, when it has any. */
  extent?: [number, number, number, number] | null;
}

export interface Catalogue {
  demo: boolean;
  layers: LayerInfo[];
}

export type Properties = Record<string, unknown> & { name?: string; is_demo?: boolean };

export interface Feature<G extends GeoJSON.Geometry = GeoJSON.Geometry> {
  type: 'Feature';
  id: number;
  geometry: G;
  properties: Properties;
}

export interface FeatureCollection<G extends GeoJSON.Geometry = GeoJSON.Geometry> {
  type: 'FeatureCollection';
  features: Feature<G>[];
}

export type CrsId = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | 'epsg4547' | 'epsg4526';

export interface CheckZone {
  layer: string;
  id: string;
  name: string;
}

export interface CheckRule {
  id: string;
  article: string;
  layer: string;
  zoneIds: string[];
  zh: string;
  en: string;
}

export interface CheckWarning extends Bilingual {
  code: string;
}

export interface CheckResult {
  point: { lng: number; lat: number };
  input: { crs: CrsId; lng?: number; lat?: number; x?: number; y?: number };
  zones: CheckZone[];
  rules: CheckRule[];
  warnings: CheckWarning[];
}

export interface SearchHit {
  layer: string;
  id: string;
  name: string;
  code?: string | null;
  lng: number;
  lat: number;
}

export interface Basemap {
  id: string;
  title: Bilingual;
  kind: 'offline' | 'raster' | 'style';
  tiles?: string[];
  labelTiles?: string[];
  url?: string;
  attribution?: string;
}

export interface AppConfig {
  basemaps: Basemap[];
  demo: boolean;
}
