/**
 * KML and KMZ in, KML out (Google Earth, 奥维互动地图).
 * In: parsed by @xmldom/xmldom and converted by @tmcw/togeojson. KML never needs a DTD, so a file
 * with <!DOCTYPE or <!ENTITY is refused before parsing: no entity expansion ("billion laughs"), no
 * external entities. The DOM is bounded by LIMITS.maxKmlBytes. KML is WGS84 by specification.
 * Out: written as text, streamed, with ExtendedData <Data> (name = attribute key, displayName = the
 * Chinese label) and the layer's colour as a shared style; with `?labels=zh` each placemark also
 * gets a <description>: a table of Chinese labels and values in words (the balloon a reader sees).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DOMParser } from '@xmldom/xmldom';
import type { Geometry as GeoJsonGeometry, Position } from 'geojson';
import { DomainError } from '../../../lib/errors.ts';
import { loadKmlReader } from '../../../lib/lazy-packages.ts';
import { decode, normaliseEncodingLabel } from '../encoding.ts';
import type { RawFeature, RawGeometry } from '../io.types.ts';
import { LIMITS } from '../limits.ts';
import { extractZip, isZip } from '../zip.ts';
import { malformedFile } from './errors.ts';
import type { FeatureRow } from '../../layers/feature-read.service.ts';
import type { Layer } from '../../layers/catalogue/index.ts';
import { columnHeader, displayValue, type LabelMode } from '../labels.ts';
import type { ExportFormat, ImportFormat, OpenedSource, SourceFile } from './format.ts';

/** Presentation members togeojson adds; they are not attributes of ours. */
const STYLE_KEYS = new Set([
  'styleUrl',
  'styleHash',
  'styleMapHash',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'icon',
  'icon-scale',
  'icon-color',
  'icon-opacity',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'label-color',
  'label-scale',
  'label-opacity',
  'visibility',
  'timespan',
  'timestamp',
  '@geometry-type',
  'description',
]);

async function kmlText(path: string): Promise<string> {
  if ((await stat(path)).size > LIMITS.maxKmlBytes)
    throw new DomainError('KML_TOO_LARGE', {
      zh: `KML 超过 ${LIMITS.maxKmlBytes / 1048576} MB，请改用 GeoJSON 或 Shapefile`,
      en: `KML larger than ${LIMITS.maxKmlBytes / 1048576} MB: use GeoJSON or a Shapefile instead`,
    });
  const bytes = await readFile(path);
  const declared = /^(?:\uFEFF)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  const text = decode(bytes, (declared && normaliseEncodingLabel(declared)) || 'utf-8').replace(/^\uFEFF/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new DomainError('UNSAFE_XML', { zh: 'KML 含有 DTD/实体声明，已拒绝', en: 'The KML declares a DTD or entities; refused' });
  return text;
}

function toRaw(f: { geometry: unknown; properties: Record<string, unknown> | null }): RawFeature {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.properties ?? {})) if (!STYLE_KEYS.has(k)) properties[k] = v;
  return { geometry: (f.geometry as RawGeometry | null) ?? null, properties };
}

async function openKml(path: string, format: 'kml' | 'kmz'): Promise<OpenedSource> {
  const text = await kmlText(path);
  const { DOMParser, kmlGen } = await loadKmlReader();
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser().parseFromString(text, 'text/xml');
  } catch (err) {
    throw malformedFile('KML', (err as Error).message);
  }
  if (doc.documentElement?.nodeName !== 'kml') throw malformedFile('KML', 'the root element is not <kml>');
  return {
    format,
    declaredCrs: { source: 'format', text: 'wgs84' },
    encoding: 'utf-8',
    notes: [],
    async *features() {
      for (const f of kmlGen(doc)) yield toRaw(f as { geometry: unknown; properties: Record<string, unknown> | null });
    },
  };
}

export const kmlFormat: ImportFormat & ExportFormat = {
  id: 'kml',
  title: 'KML',
  extensions: ['.kml'],
  extension: 'kml',
  contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8',
  sniff: (file) => /<kml[\s>]/.test(file.head.subarray(0, 4096).toString('utf8')),
  open: (file) => openKml(file.path, 'kml'),
  humanLabels: true,
  write: writeKml,
};

export const kmzFormat: ImportFormat = {
  id: 'kmz',
  title: 'KMZ',
  extensions: ['.kmz'],
  sniff: (file) => isZip(file.head) && (file.zipEntries ?? []).some((n) => /\.kml$/i.test(n)),
  async open(file: SourceFile) {
    const kmls = (file.zipEntries ?? []).filter((n) => /\.kml$/i.test(n));
    // Google Earth reads the first .kml at the root (conventionally doc.kml)
    const main = kmls.find((n) => n.toLowerCase() === 'doc.kml') ?? kmls.find((n) => !n.includes('/')) ?? kmls[0]!;
    const target = join(file.workDir, 'doc.kml');
    await extractZip(file.path, new Map([[main, target]]));
    return openKml(target, 'kmz');
  },
};

// ------------------------------------------------------------------------------------------------
// Writing

const xml = (s: string) =>
  s
    // characters XML 1.0 cannot carry at all
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const coords = (ring: Position[]) => ring.map((p) => `${p[0]},${p[1]}`).join(' ');

function polygon(rings: Position[][]): string {
  const [outer, ...holes] = rings;
  return (
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(outer ?? [])}</coordinates></LinearRing></outerBoundaryIs>` +
    holes.map((h) => `<innerBoundaryIs><LinearRing><coordinates>${coords(h)}</coordinates></LinearRing></innerBoundaryIs>`).join('') +
    '</Polygon>'
  );
}

export function kmlGeometry(g: GeoJsonGeometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${g.coordinates[0]},${g.coordinates[1]}</coordinates></Point>`;
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map(polygon).join('')}</MultiGeometry>`;
    default:
      throw new Error(`no KML writer for ${g.type}`);
  }
}

/** #rrggbb → KML's aabbggrr. */
const kmlColor = (hex: string, alpha: string) => `${alpha}${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}`;

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The balloon text of `?labels=zh`: a table of Chinese labels and values in words, in catalogue order. */
function description(layer: Layer, props: Record<string, unknown>): string {
  const rows = [...layer.attributes.map((a) => [a.key, a] as const), ['is_demo', undefined] as const]
    .filter(([k]) => props[k] !== null && props[k] !== undefined)
    .map(([k, def]) => `<tr><th>${html(columnHeader(layer, k, 'zh'))}</th><td>${html(String(displayValue(def, props[k], 'zh')))}</td></tr>`);
  return `<description>${xml(`<table>${rows.join('')}</table>`)}</description>`;
}

async function* writeKml(layer: Layer, rows: () => AsyncIterable<FeatureRow>, { labels: mode }: { labels: LabelMode } = { labels: 'keys' }) {
  const labels = new Map(layer.attributes.map((a) => [a.key, a.label.zh]));
  labels.set('is_demo', '示意数据');
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n' +
    `<name>${xml(`${layer.title.zh} ${layer.title.en}`)}</name>\n` +
    `<Style id="layer"><LineStyle><color>${kmlColor(layer.color, 'ff')}</color><width>2</width></LineStyle>` +
    `<PolyStyle><color>${kmlColor(layer.color, '55')}</color></PolyStyle><IconStyle><color>${kmlColor(layer.color, 'ff')}</color></IconStyle></Style>\n`;
  let chunk = '';
  for await (const row of rows()) {
    const props = JSON.parse(row.props) as Record<string, unknown>;
    const data = Object.entries(props)
      .filter(([k, v]) => k !== 'name' && v !== null && v !== undefined)
      .map(([k, v]) => `<Data name="${xml(k)}"><displayName>${xml(labels.get(k) ?? k)}</displayName><value>${xml(String(v))}</value></Data>`)
      .join('');
    chunk +=
      `<Placemark id="f${row.id}"><name>${xml(String(props.name ?? ''))}</name>${mode === 'zh' ? description(layer, props) : ''}<styleUrl>#layer</styleUrl>` +
      `<ExtendedData>${data}</ExtendedData>${kmlGeometry(JSON.parse(row.geometry) as GeoJsonGeometry)}</Placemark>\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</Document>\n</kml>\n`;
}
