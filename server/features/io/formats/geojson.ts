/**
 * GeoJSON in and out. Reading streams (geojson-scan.ts: one feature's text at a time), so a
 * 100 MB FeatureCollection never becomes one JSON.parse; a top-level Feature or bare geometry is
 * accepted too. A legacy `crs` member (GDAL and QGIS write one for projected data) is honoured when
 * it precedes the features, as those tools write it.
 */
import { createReadStream } from 'node:fs';
import { rowsAsFeatureCollection } from '../../layers/feature-read.service.ts';
import type { RawFeature, RawGeometry } from '../io.types.ts';
import { malformedFile } from './errors.ts';
import type { ExportFormat, ImportFormat } from './format.ts';
import { GeoJsonScanner, type ScanItem } from './geojson-scan.ts';

/** Top-level members kept: enough to read a Feature or a bare geometry at the top. */
const KEEP = new Set(['type', 'crs', 'geometry', 'properties', 'coordinates', 'geometries']);

async function* items(path: string): AsyncGenerator<ScanItem> {
  const scanner = new GeoJsonScanner(KEEP);
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) yield* scanner.push(chunk as string);
    scanner.end();
  } catch (err) {
    throw malformedFile('GeoJSON', (err as Error).message);
  }
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

function toRaw(f: unknown): RawFeature {
  const o = f as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
  if (!o || typeof o !== 'object' || o.type !== 'Feature') return { geometry: null, properties: {}, error: 'not a GeoJSON Feature' };
  const props = o.properties && typeof o.properties === 'object' && !Array.isArray(o.properties) ? (o.properties as Record<string, unknown>) : {};
  const g = o.geometry as RawGeometry | null | undefined;
  return { geometry: g && typeof g === 'object' ? g : null, properties: props };
}

/** `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}}` or the 2008 `EPSG`/`code` form. */
function crsName(crs: unknown): string | undefined {
  const c = crs as { properties?: { name?: unknown; code?: unknown } } | null;
  if (typeof c?.properties?.name === 'string') return c.properties.name;
  if (typeof c?.properties?.code === 'number' || typeof c?.properties?.code === 'string') return `EPSG:${c.properties.code}`;
  return undefined;
}

async function declaredCrs(path: string): Promise<string | undefined> {
  for await (const item of items(path)) {
    if ('member' in item && item.member === 'crs') return crsName(item.value);
    if ('feature' in item) return undefined;
  }
  return undefined;
}

export const geojsonFormat: ImportFormat & ExportFormat = {
  id: 'geojson',
  title: 'GeoJSON',
  extensions: ['.geojson', '.json'],
  extension: 'geojson',
  contentType: 'application/geo+json; charset=utf-8',

  sniff: (file) =>
    /^\s*\{/.test(
      file.head
        .subarray(0, 64)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    ),

  async open(file) {
    const crs = await declaredCrs(file.path);
    return {
      format: 'geojson',
      ...(crs ? { declaredCrs: { source: 'geojson-crs', text: crs } } : {}),
      encoding: 'utf-8',
      notes: [],
      async *features() {
        const members: Record<string, unknown> = {};
        for await (const item of items(file.path)) {
          if ('feature' in item) yield toRaw(item.feature);
          else members[item.member] = item.value;
        }
        if (members.type === 'Feature') yield toRaw(members);
        else if (typeof members.type === 'string' && GEOMETRY_TYPES.has(members.type)) yield { geometry: members as unknown as RawGeometry, properties: {} };
        else if (members.type !== 'FeatureCollection') throw malformedFile('GeoJSON', 'not a FeatureCollection, Feature or geometry');
      },
    };
  },

  write: (layer, rows) => rowsAsFeatureCollection(rows(), { name: layer.id }),
};
