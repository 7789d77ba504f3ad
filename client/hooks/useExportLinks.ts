/** The export menu's link to api/export: the formats on offer and each download's URL and name. */
import { EXPORT_FORMATS, exportFileName, exportUrl, offersLabels, type Bbox, type ExportFormatId } from '../api/export.ts';

export function useExportLinks() {
  return { formats: EXPORT_FORMATS, url: exportUrl, fileName: exportFileName, offersLabels };
}

export type { Bbox, ExportFormatId };
