/**
 * Shapes of the server's JSON answers, as the client uses them. Catalogue shapes come from the server
 * as types; the client never imports server runtime code (client/architecture.test.ts checks).
 */
// The catalogue's own declarations, imported as types only: a change on the server is a type error here.
import type { Bilingual } from '../../server/lib/errors.ts';
import type { AttributeDef } from '../../server/features/layers/catalogue/attributes.ts';
import type { LayerGroup } from '../../server/features/layers/catalogue/layer.ts';
import type { Basemap, UnavailableBasemap } from '../../server/features/basemaps/basemaps.contract.ts';
// Response contracts (server/features/*/*.contract.ts): the API tests parse the answers with the same schemas.
import type { LayerInfo, LayersResponse as Catalogue } from '../../server/features/layers/layers.contract.ts';
import type { CheckResponse as CheckResult } from '../../server/features/check/check.contract.ts';
import type { SearchHit } from '../../server/features/search/search.contract.ts';
import type { CrsId } from '../../server/lib/crs.ts';

export type { AttributeDef, Basemap, UnavailableBasemap, Bilingual, Catalogue, CheckResult, CrsId, LayerGroup, LayerInfo, SearchHit };

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

export interface AppConfig {
  basemaps: Basemap[];
  /** Basemaps this deployment does not offer, with the configuration keys they need. */
  unavailable?: UnavailableBasemap[];
  demo: boolean;
}
