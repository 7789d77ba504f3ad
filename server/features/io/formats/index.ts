/**
 * The formats, one module each behind the interfaces in format.ts (the shape of placemark's
 * convert/index.ts). Detection order matters: zip archives by their members, then JSON, then XML,
 * and CSV last as the text fallback.
 */
import { unsupportedFile } from './errors.ts';
import { csvFormat } from './csv.ts';
import type { ExportFormat, ImportFormat, SourceFile } from './format.ts';
import { geojsonFormat } from './geojson.ts';
import { kmlFormat, kmzFormat } from './kml.ts';
import { shapefileFormat } from './shapefile.ts';
import { xlsxFormat } from './xlsx.ts';

export const IMPORT_FORMATS: readonly ImportFormat[] = [shapefileFormat, kmzFormat, xlsxFormat, geojsonFormat, kmlFormat, csvFormat];
export const EXPORT_FORMATS: readonly ExportFormat[] = [geojsonFormat, csvFormat, kmlFormat, shapefileFormat];

export function detectFormat(file: SourceFile): ImportFormat {
  const head = file.head;
  if (file.zipEntries) {
    const f = IMPORT_FORMATS.find((x) => (x.id === 'shapefile' || x.id === 'kmz' || x.id === 'xlsx') && x.sniff(file));
    if (f) return f;
    if (file.zipEntries.some((n) => n === '[Content_Types].xml'))
      throw unsupportedFile('只支持 Excel 工作簿（.xlsx），不支持 Word 等其他 Office 文件', 'Of Office files only Excel workbooks (.xlsx) are read');
    throw unsupportedFile('压缩包中没有 .shp 或 .kml', 'The zip archive holds no .shp or .kml');
  }
  if (head.length >= 4 && head.readInt32BE(0) === 9994)
    throw unsupportedFile('请把 .shp、.dbf、.prj（及 .cpg）一起压缩为 .zip 后上传', 'Upload the .shp together with its .dbf, .prj (and .cpg) as one .zip');
  for (const f of [geojsonFormat, kmlFormat]) if (f.sniff(file)) return f;
  if (
    /^\s*</.test(
      head
        .subarray(0, 256)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    )
  )
    throw unsupportedFile('不支持的 XML 文件（只接受 KML）', 'Unsupported XML file (only KML is accepted)');
  if (csvFormat.sniff(file)) return csvFormat;
  throw unsupportedFile(
    '无法识别的文件格式：支持 GeoJSON、CSV、Excel（.xlsx）、Shapefile（zip）、KML/KMZ',
    'Unrecognised file format: GeoJSON, CSV, Excel (.xlsx), zipped Shapefile and KML/KMZ are supported',
  );
}
