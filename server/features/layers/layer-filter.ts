/**
 * `filter=` of OGC items and exports: CQL2 text or JSON parsed (lib/cql2.ts) and checked against the
 * layer's queryables (queryables.ts) into a typed filter the repository compiles to bound SQL.
 */
import { Cql2Error, parseCql2Json, parseCql2Text } from '../../lib/cql2.ts';
import { inputError } from '../../lib/errors.ts';
import { CRS84, findOgcCrs, OGC_CRS_URIS } from '../../lib/ogc-crs.ts';
import type { Layer } from './catalogue/index.ts';
import { checkFilter, type TypedFilter } from './queryables.ts';

const FILTER_LANGS = ['cql2-text', 'cql2-json'] as const;
/** Longest filter text taken (a URL carries at most ~16 KB anyway). */
const MAX_FILTER_LENGTH = 8000;

/**
 * `filter=` (CQL2 text or JSON, `filter-lang`) parsed and checked against the layer's queryables,
 * geometry literals read in `filter-crs` (default CRS84); undefined when there is no filter. A
 * malformed filter, an unknown property or a value of the wrong type is `400 INVALID_FILTER` with
 * `details: {position, reason}` (the character for text, a JSON pointer for JSON).
 */
export function parseLayerFilter(layer: Layer, text: string | undefined, lang = 'cql2-text', crsUri = CRS84): TypedFilter | undefined {
  if (!(FILTER_LANGS as readonly string[]).includes(lang))
    throw inputError('INVALID_PARAMETER', {
      zh: `参数 filter-lang 无效：可用 ${FILTER_LANGS.join('、')}`,
      en: `Invalid parameter filter-lang: ${FILTER_LANGS.join(' (default) or ')}`,
    });
  const crs = findOgcCrs(crsUri);
  if (!crs)
    throw inputError(
      'UNSUPPORTED_CRS',
      {
        zh: `参数 filter-crs 不支持该坐标系：${crsUri.slice(0, 80)}`,
        en: `Unsupported filter-crs ${crsUri.slice(0, 80)}; offered: ${OGC_CRS_URIS.join(', ')}`,
      },
      { parameter: 'filter-crs', supported: OGC_CRS_URIS },
    );
  if (text === undefined) return undefined;
  if (text.length > MAX_FILTER_LENGTH)
    throw inputError('INVALID_FILTER', {
      zh: `过滤条件过长（最多 ${MAX_FILTER_LENGTH} 个字符）`,
      en: `The filter is longer than ${MAX_FILTER_LENGTH} characters`,
    });
  try {
    return checkFilter(layer, lang === 'cql2-json' ? parseCql2Json(text) : parseCql2Text(text), crs);
  } catch (e) {
    if (!(e instanceof Cql2Error)) throw e;
    const at =
      typeof e.position === 'number'
        ? { zh: `第 ${e.position} 个字符处`, en: `at character ${e.position}` }
        : { zh: `${e.position || '/'} 处`, en: `at ${e.position || '/'}` };
    throw inputError(
      'INVALID_FILTER',
      { zh: `过滤条件（${lang}）${at.zh}有误：${e.reason}`, en: `Invalid filter (${lang}) ${at.en}: ${e.reason}` },
      { position: e.position, reason: e.reason },
    );
  }
}
