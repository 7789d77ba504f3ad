/**
 * Shapes of the server's JSON answers, as the client uses them. Catalogue shapes come from the server
 * as types; the client never imports server runtime code (client/architecture.test.ts checks).
 */
// The catalogue's own declarations, imported as types only: a change on the server is a type error here.
import type { Bilingual } from '../../server/http/errors.ts';
import type { AttributeDef } from '../../server/features/layers/catalogue/attributes.ts';
import type { GeometryKind, LayerDefinition, LayerGroup, Restriction } from '../../server/features/layers/catalogue/layer.ts';
import type { Extent } from '../../server/features/layers/layers.service.ts';
import type { Basemap, UnavailableBasemap } from '../../server/features/basemaps/basemaps.service.ts';

export type { AttributeDef, Basemap, UnavailableBasemap, Bilingual, Extent, GeometryKind, LayerGroup, Restriction };

/** A catalogue entry as `GET /api/layers` returns it: the definition plus what the database holds. */
export interface LayerInfo extends LayerDefinition {
  featureCount: number;
  demoCount: number;
  revision: number;
  /** [minLng, minLat, maxLng, maxLat] of the layer's features, when it has any. */
  extent: Extent | null;
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


export interface AppConfig {
  basemaps: Basemap[];
  /** Basemaps this deployment does not offer, with the configuration keys they need. */
  unavailable?: UnavailableBasemap[];
  demo: boolean;
}
