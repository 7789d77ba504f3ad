/**
 * Zipped Shapefile in and out.
 * In: exactly one .shp in the archive (any folder), with its .dbf, .prj and .cpg siblings. The .prj
 * names the CRS; the attribute encoding comes from the .cpg, else the DBF's language-driver byte,
 * else the bytes themselves (valid UTF-8, or GBK as Chinese ArcGIS/SuperMap installs write).
 * Read with `shapefile` (streaming, one record at a time).
 * Out: .shp/.shx/.dbf from shp-writer.ts, a WGS84 .prj and a UTF-8 .cpg, zipped with yazl as a stream.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as shapefile from 'shapefile';
import yazl from 'yazl';
import { DomainError } from '../../../lib/errors.ts';
import { loadShapefile } from '../../../lib/lazy-packages.ts';
import { isValidUtf8, normaliseEncodingLabel, readHead } from '../encoding.ts';
import { dbfFieldNames } from '../fields.ts';
import type { ImportWarning, RawGeometry } from '../io.types.ts';
import { makeScratchDir } from '../scratch.ts';
import { extractZip, isZip } from '../zip.ts';
import { malformedFile } from './errors.ts';
import type { ExportFormat, ImportFormat } from './format.ts';
import { writeShapefile, type DbfField, type ShpGeometry } from './shp-writer.ts';

/** EPSG:4326 in the ESRI WKT that ArcGIS, QGIS and GDAL all recognise. */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** DBF language-driver ids that name a Chinese code page. */
const LDID: Record<number, string> = { 77: 'gb18030', 122: 'gb18030', 120: 'big5' };

async function dbfEncoding(dbfPath: string, cpg: string | undefined, notes: ImportWarning[]): Promise<string> {
  if (cpg !== undefined) {
    const enc = normaliseEncodingLabel(cpg);
    if (enc) return enc;
    notes.push({
      code: 'CPG_UNKNOWN',
      zh: `.cpg 编码“${cpg.slice(0, 30)}”无法识别，改为自动判断`,
      en: `Unknown .cpg encoding "${cpg.slice(0, 30)}"; detecting instead`,
    });
  }
  const head = await readHead(dbfPath, 32);
  const ldid = LDID[head[29] ?? 0];
  if (ldid) return ldid;
  const body = await readHead(dbfPath, 1024 * 1024, head.readUInt16LE(8));
  if (isValidUtf8(body)) return 'utf-8';
  notes.push({
    code: 'ENCODING_GUESSED',
    zh: '属性表未声明编码且不是 UTF-8，按 GBK 读取',
    en: 'The attribute table declares no encoding and is not UTF-8; read as GBK',
    encoding: 'gbk',
  });
  return 'gb18030';
}

/**
 * `shapefile` parses a blank (or 00000000) D field as new Date(0, -1, 0), i.e. 1899-11-30, instead of
 * null; that exact value is what blank means, and an invalid Date is no date either.
 */
const BLANK_DATE = new Date(0, -1, 0).getTime();
function blankDatesToNull(props: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(props)) if (v instanceof Date && (Number.isNaN(v.getTime()) || v.getTime() === BLANK_DATE)) props[k] = null;
  return props;
}

export const shapefileFormat: ImportFormat & ExportFormat = {
  id: 'shapefile',
  title: 'Shapefile (zip)',
  extensions: ['.zip'],
  extension: 'shp.zip',
  contentType: 'application/zip',
  sniff: (file) => isZip(file.head) && (file.zipEntries ?? []).some((n) => /\.shp$/i.test(n)),

  async open(file) {
    const entries = (file.zipEntries ?? []).filter((n) => !/(^|\/)(__MACOSX\/|\._)/.test(n));
    const shps = entries.filter((n) => /\.shp$/i.test(n));
    if (shps.length !== 1)
      throw new DomainError('SHAPEFILE_COUNT', {
        zh: `压缩包应只含一个 .shp（找到 ${shps.length} 个）`,
        en: `The archive must hold exactly one .shp (found ${shps.length}: ${shps.slice(0, 5).join(', ')})`,
      });
    const base = shps[0]!.slice(0, -4).toLowerCase();
    const sibling = (ext: string) => entries.find((n) => n.toLowerCase() === base + ext);
    const targets = new Map<string, string>();
    const paths: Record<string, string> = {};
    for (const ext of ['.shp', '.dbf', '.prj', '.cpg']) {
      const name = sibling(ext);
      if (!name) continue;
      paths[ext] = join(file.workDir, `layer${ext}`);
      targets.set(name, paths[ext]);
    }
    await extractZip(file.path, targets);
    const notes: ImportWarning[] = [];
    const prj = paths['.prj'] ? (await readFile(paths['.prj'], 'utf8')).trim() : undefined;
    if (!prj)
      notes.push({ code: 'NO_PRJ', zh: '压缩包中没有 .prj，坐标系由坐标数值推断', en: 'No .prj in the archive: the CRS is inferred from the coordinates' });
    const cpg = paths['.cpg'] ? (await readFile(paths['.cpg'], 'latin1')).trim() : undefined;
    const dbf = paths['.dbf'];
    const encoding = dbf ? await dbfEncoding(dbf, cpg, notes) : 'utf-8';
    const shp = paths['.shp']!;
    return {
      format: 'shapefile',
      ...(prj ? { declaredCrs: { source: 'prj', text: prj } } : {}),
      encoding: encoding === 'gb18030' ? 'gbk' : encoding,
      notes,
      async *features() {
        let source: Awaited<ReturnType<typeof shapefile.open>>;
        try {
          source = await (await loadShapefile()).open(shp, dbf, { encoding });
        } catch (err) {
          throw malformedFile('Shapefile', (err as Error).message);
        }
        try {
          for (;;) {
            const r = await source.read().catch((err: Error) => {
              throw malformedFile('Shapefile', err.message);
            });
            if (r.done) return;
            yield { geometry: (r.value.geometry as RawGeometry | null) ?? null, properties: blankDatesToNull(r.value.properties ?? {}) };
          }
        } finally {
          await source.cancel().catch(() => undefined);
        }
      },
    };
  },

  async *write(layer, rows) {
    const dir = await makeScratchDir('shp');
    try {
      const names = dbfFieldNames(layer);
      // the feature id first: a row in a GIS must lead back to the feature in the app (import ignores
      // it). is_demo as 1/0: GDAL reads a DBF logical as the text "T"/"F", a number as a number.
      const fields: DbfField[] = [
        { key: 'id', name: 'id', kind: 'integer' },
        { key: 'name', name: names.get('name')!, kind: 'name' },
        { key: 'is_demo', name: names.get('is_demo')!, kind: 'integer' },
        ...layer.attributes.map((a) => ({ key: a.key, name: names.get(a.key)!, kind: a.type })),
      ];
      const base = join(dir, layer.id);
      async function* features() {
        for await (const row of rows()) {
          const props = JSON.parse(row.props) as Record<string, unknown>;
          yield {
            geometry: JSON.parse(row.geometry) as ShpGeometry,
            values: fields.map((f) => (f.key === 'id' ? Number(row.id) : f.key === 'is_demo' ? (props.is_demo === true ? 1 : 0) : (props[f.key] ?? null))),
          };
        }
      }
      const paths = { shp: `${base}.shp`, shx: `${base}.shx`, dbf: `${base}.dbf`, scratch: join(dir, 'rows.ndjson') };
      await writeShapefile(paths, layer.geometryType === 'Point' ? 1 : 5, fields, features());
      await writeFile(`${base}.prj`, WGS84_PRJ);
      await writeFile(`${base}.cpg`, 'UTF-8');
      const zip = new yazl.ZipFile();
      for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) zip.addFile(`${base}.${ext}`, `${layer.id}.${ext}`);
      zip.end();
      for await (const chunk of zip.outputStream) yield chunk as Buffer;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
