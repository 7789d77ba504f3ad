/**
 * The shared interface every file format implements (one module per format, listed in
 * formats/index.ts). A reader turns an uploaded file into raw features in the file's own CRS; a
 * writer turns the database's feature rows into a downloadable byte stream.
 */
import type { FeatureRow } from '../../layers/feature-read.service.ts';
import type { Layer } from '../../layers/catalogue/index.ts';
import type { ImportWarning, RawFeature } from '../io.types.ts';
import type { LabelMode } from '../labels.ts';

export type ImportFormatId = 'geojson' | 'csv' | 'shapefile' | 'kml' | 'kmz' | 'xlsx';

/** The uploaded file on disk, with what detection already learnt about it. */
export interface SourceFile {
  path: string;
  /** The client's file name: only its extension is ever used. */
  filename: string;
  size: number;
  /** A private scratch directory for this import (removed afterwards). */
  workDir: string;
  /** The first bytes, for sniffing. */
  head: Buffer;
  /** Entry names when the file is a zip archive. */
  zipEntries?: string[];
  /** XLSX: the worksheet to read, by name or 1-based number (default: the first). */
  sheet?: string;
  /** The coordinate columns the user chose (the import dialog's column mapping): CSV reads these instead of guessing. */
  columns?: CoordinateColumns;
}

/** Headers of the two coordinate columns: lng/easting and lat/northing. */
export interface CoordinateColumns {
  x: string;
  y: string;
}

/** How the file states its CRS: a .prj WKT, a GeoJSON `crs` name, or the format's fixed CRS. */
export interface CrsDeclaration {
  source: 'prj' | 'geojson-crs' | 'ewkt' | 'format';
  text: string;
}

export interface OpenedSource {
  format: ImportFormatId;
  declaredCrs?: CrsDeclaration;
  /** Text encoding found or assumed (CSV, DBF). */
  encoding?: string;
  /** Reader-level notes: skipped title rows, guessed encoding, ignored archive members… */
  notes: ImportWarning[];
  /** Re-iterable: import reads a sample first, then everything. */
  features(): AsyncGenerator<RawFeature>;
}

export interface ImportFormat {
  id: ImportFormatId;
  title: string;
  extensions: readonly string[];
  sniff(file: SourceFile): boolean;
  open(file: SourceFile): Promise<OpenedSource>;
}

export interface ExportFormat {
  /** The path suffix after `export.` and the download's extension: geojson, csv, kml, shp.zip. */
  extension: string;
  contentType: string;
  /** Writes Chinese headers and enumeration labels on request (`?labels=zh`, labels.ts). */
  humanLabels?: true;
  /** Streams the file; `rows()` may be called more than once (a two-pass writer). */
  write(layer: Layer, rows: () => AsyncIterable<FeatureRow>, opts?: { labels: LabelMode }): AsyncIterable<string | Uint8Array>;
}
