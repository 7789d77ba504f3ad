/**
 * Layer downloads (`/api/layers/{id}/export.{ext}`): plain links, the browser does the download.
 * The formats are the server's export formats (server/features/io/formats).
 */
import { apiUrl } from './http.ts';

export type Bbox = [number, number, number, number];

export const EXPORT_FORMATS = [
  { id: 'geojson', extension: 'geojson', label: 'GeoJSON' },
  { id: 'csv', extension: 'csv', label: 'CSV', humanLabels: true },
  { id: 'kml', extension: 'kml', label: 'KML', humanLabels: true },
  { id: 'shapefile', extension: 'shp.zip', label: 'Shapefile' },
] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];

/** Whether the format writes Chinese headers and enumeration labels on request (`labels=zh`). */
export const offersLabels = (format: ExportFormatId) => EXPORT_FORMATS.some((f) => f.id === format && 'humanLabels' in f);

/** `labelsZh`: Chinese headers and values in words (CSV and KML only; ignored otherwise). */
export function exportUrl(layerId: string, format: ExportFormatId = 'geojson', bbox?: Bbox, labelsZh = false): string {
  const f = EXPORT_FORMATS.find((x) => x.id === format) ?? EXPORT_FORMATS[0];
  return apiUrl(`/api/layers/${encodeURIComponent(layerId)}/export.${f.extension}`, {
    bbox: bbox ? bbox.map((v) => v.toFixed(6)).join(',') : undefined,
    labels: labelsZh && offersLabels(f.id) ? 'zh' : undefined,
  });
}

export function exportFileName(layerId: string, format: ExportFormatId): string {
  const f = EXPORT_FORMATS.find((x) => x.id === format) ?? EXPORT_FORMATS[0];
  return `${layerId}.${f.extension}`;
}
