/**
 * Packages loaded when a request first needs them, not at start-up: each serves a few routes only
 * and was a large share of every start (the server's, the admin CLI's, each test's child server).
 * Loading them up front cost ~0.5 s of CPU per start: exceljs (spreadsheets in and out: imports,
 * the ledger and batch screening downloads) pulls in ~450 modules (jszip, archiver, unzipper,
 * bluebird…), pdfkit (the PDF reports) fontkit, brotli and its font tables. Each is imported here
 * and nowhere else; import() keeps the module, so only the first request that needs one waits for it.
 * The modules that use them keep `import type` for the types.
 */

/** exceljs: XLSX workbooks, read (imports, batch screening) and written (the ledger, screening results). */
export const loadExcelJS = async () => (await import('exceljs')).default;

/** pdfkit: the PDF reports (server/features/reports/reports.pdf.ts). */
export const loadPdfKit = async () => (await import('pdfkit')).default;

/** file-type (with strtok3 and its tokenizers, ~30 modules) and exifr: case evidence uploads. */
export const loadFileType = async () => (await import('file-type')).fileTypeFromBuffer;
export const loadExifr = async () => (await import('exifr')).default;

/** @xmldom/xmldom and @tmcw/togeojson: KML and KMZ imports. */
export const loadKmlReader = async () => {
  const [{ DOMParser }, { kmlGen }] = await Promise.all([import('@xmldom/xmldom'), import('@tmcw/togeojson')]);
  return { DOMParser, kmlGen };
};

/** shapefile (with text-encoding's 600 KB of code tables): Shapefile imports. */
export const loadShapefile = async () => import('shapefile');
