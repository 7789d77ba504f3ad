/** The export menu's link to api/export: the formats on offer and each download's URL and name. */
import { EXPORT_FORMATS, exportFileName, exportUrl, type Bbox, type ExportFormatId } from '../api/export.ts';

export function useExportLinks() {
  return { formats: EXPORT_FORMATS, url: exportUrl, fileName: exportFileName };
}

export type { Bbox, ExportFormatId };
