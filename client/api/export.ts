/**
 * Layer downloads (`/api/layers/{id}/export.{ext}`): plain links, the browser does the download.
 * The formats are the server's export formats (server/features/io/formats).
 */
import { apiUrl } from './http.ts';

export type Bbox = [number, number, number, number];

export const EXPORT_FORMATS = [
  { id: 'geojson', extension: 'geojson', label: 'GeoJSON' },
  { id: 'csv', extension: 'csv', label: 'CSV' },
  { id: 'kml', extension: 'kml', label: 'KML' },
  { id: 'shapefile', extension: 'shp.zip', label: 'Shapefile' },
] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];

export function exportUrl(layerId: string, format: ExportFormatId = 'geojson', bbox?: Bbox): string {
  const f = EXPORT_FORMATS.find((x) => x.id === format) ?? EXPORT_FORMATS[0];
  return apiUrl(`/api/layers/${encodeURIComponent(layerId)}/export.${f.extension}`, {
    bbox: bbox ? bbox.map((v) => v.toFixed(6)).join(',') : undefined,
  });
}

export function exportFileName(layerId: string, format: ExportFormatId): string {
  const f = EXPORT_FORMATS.find((x) => x.id === format) ?? EXPORT_FORMATS[0];
  return `${layerId}.${f.extension}`;
}
