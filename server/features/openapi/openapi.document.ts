/**
 * The OpenAPI 3.0 document of the whole API, generated (with @asteasolutions/zod-to-openapi) from
 * the endpoint lists of the features' contracts: the same zod schemas the routes validate with.
 * tests/api/openapi.test.ts holds the document equal to the Express router. Also a plain HTML page
 * of it, readable without the internet. It describes HTTP (paths, statuses, media types), so it is
 * part of the edge, not a domain service: it may use server/http/endpoint.ts.
 */
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorResponseSchema, type ApiGroup, type Content, type Endpoint, type Reply } from '../../http/endpoint.ts';
import { authApi, usersApi } from '../auth/auth.contract.ts';
import { basemapsApi } from '../basemaps/basemaps.contract.ts';
import { batchApi } from '../batch/batch.contract.ts';
import { casesApi } from '../cases/cases.contract.ts';
import { checkApi } from '../check/check.contract.ts';
import { coverageApi } from '../coverage/coverage.contract.ts';
import { editApi } from '../edit/edit.contract.ts';
import { historyApi } from '../history/history.contract.ts';
import { ioApi } from '../io/io.contract.ts';
import { layersApi } from '../layers/layers.contract.ts';
import { ogcApi } from '../ogc/ogc.contract.ts';
import { reportsApi } from '../reports/reports.contract.ts';
import { rulesApi } from '../rules/rules.contract.ts';
import { searchApi } from '../search/search.contract.ts';
import { statsApi } from '../stats/stats.contract.ts';
import { tilesApi } from '../tiles/tiles.contract.ts';
import { openapiApi } from './openapi.contract.ts';

export const API_GROUPS: readonly ApiGroup[] = [
  ogcApi,
  editApi,
  openapiApi,
  layersApi,
  ioApi,
  checkApi,
  batchApi,
  searchApi,
  rulesApi,
  coverageApi,
  statsApi,
  reportsApi,
  casesApi,
  historyApi,
  authApi,
  usersApi,
  basemapsApi,
  tilesApi,
];

/** Query parameters of the OGC items that clients look up by name under components/parameters (QGIS reads limit's maximum there). */
const OGC_SHARED_PARAMETERS = ['limit', 'offset', 'bbox'];
const OGC_ITEMS = '/ogc/collections/{id}/items';

/** `/tiles/:layer.json` → `/tiles/{layer}.json` */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');
const pathNames = (expressPath: string) => [...expressPath.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]!);

const operationId = (e: Endpoint) =>
  `${e.method}_${e.path
    .replace(/^\//, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/_+$/, '')}`;

const mediaTypes = (content: Content) => Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema }]));

function reply(r: Reply) {
  return {
    description: r.description,
    ...(r.content ? { content: mediaTypes(r.content) } : {}),
    ...(r.headers
      ? { headers: Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' as const } }])) }
      : {}),
  };
}

function route(group: ApiGroup, e: Endpoint): RouteConfig {
  // path parameters the contract leaves out are plain text
  const given = e.params?.shape ?? {};
  const params = z.object({ ...Object.fromEntries(pathNames(e.path).map((name) => [name, z.string()])), ...given });
  return {
    method: e.method,
    path: openApiPath(e.path),
    operationId: operationId(e),
    tags: [group.tag],
    summary: e.summary,
    ...(e.description ? { description: e.description } : {}),
    request: {
      ...(pathNames(e.path).length ? { params } : {}),
      ...(e.query ? { query: e.query } : {}),
      ...(e.headers ? { headers: e.headers } : {}),
      ...(e.body ? { body: { ...(e.body.description ? { description: e.body.description } : {}), content: mediaTypes(e.body.content), required: true } } : {}),
    },
    responses: {
      ...Object.fromEntries(Object.entries(e.responses).map(([status, r]) => [status, reply(r)])),
      default: {
        description: 'A coded error (4xx for bad input) with a Chinese and an English message.',
        content: { 'application/json': { schema: errorResponseSchema } },
      },
    },
    ...(e.access ? { security: [{ bearer: [] }, { session: [] }] } : {}),
  };
}

type Doc = ReturnType<OpenApiGeneratorV3['generateDocument']>;

/** Moves the OGC items' shared query parameters to components/parameters, referenced from the path. */
function shareOgcParameters(doc: Doc) {
  const get = doc.paths?.[OGC_ITEMS]?.get;
  if (!get?.parameters) return;
  const shared: Record<string, unknown> = {};
  get.parameters = get.parameters.map((p) => {
    if (!('name' in p) || p.in !== 'query' || !OGC_SHARED_PARAMETERS.includes(p.name)) return p;
    shared[p.name] = p;
    return { $ref: `#/components/parameters/${p.name}` };
  });
  doc.components = {
    ...doc.components,
    parameters: { ...doc.components?.parameters, ...(shared as NonNullable<NonNullable<Doc['components']>['parameters']>) },
  };
}

function generate(): Doc {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (pct_…) from POST /api/auth/tokens.' });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'pc_session',
    description: 'The session cookie of POST /api/auth/login.',
  });
  for (const group of API_GROUPS) for (const e of group.endpoints) registry.registerPath(route(group, e));
  const doc = new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: '平城区大气污染防治空间管理 API · Pingcheng air-quality spatial management API',
      version: '1.0.0',
      description:
        'OGC API – Features (/ogc) and the application API (/api). Reads are public unless the deployment sets READ_REQUIRES_LOGIN; writes need a signed-in user (session cookie or bearer token). Errors are `{"error": {"code", "message", "messageZh", "details?"}}`. Demo data is illustrative (示意数据，非官方).',
    },
    tags: API_GROUPS.map((g) => ({ name: g.tag, description: g.description })),
  });
  shareOgcParameters(doc);
  return doc;
}

let cached: Doc | undefined;

/** The API definition, its server the base URL of the request. */
export function apiDefinition(base: string): Doc {
  cached ??= generate();
  return { ...cached, servers: [{ url: base }] };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: ({ name: string; in: string; required?: boolean; description?: string } | { $ref: string })[];
};

/** The API definition as a plain page: every operation by tag with its parameters; no script, nothing from the internet. */
export function apiPage(base: string, definitionPath: string): string {
  const doc = apiDefinition(base);
  const shared = (doc.components?.parameters ?? {}) as Record<string, { name: string; in: string; required?: boolean; description?: string }>;
  const sections = (doc.tags ?? []).map((tag) => {
    const rows: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
        if (!op.tags?.includes(tag.name)) continue;
        const params = (op.parameters ?? [])
          .map((p) => ('$ref' in p ? shared[p.$ref.split('/').pop()!] : p))
          .filter((p) => p !== undefined)
          .map((p) => `<code>${escapeHtml(p.name)}</code>${p.required ? '*' : ''} <small>(${p.in})</small>`)
          .join(', ');
        rows.push(
          `<tr><td class="m">${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary ?? '')}${
            op.description ? `<br><small>${escapeHtml(op.description)}</small>` : ''
          }</td><td>${params}</td></tr>`,
        );
      }
    }
    return `<h2 id="${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</h2><p>${escapeHtml(tag.description ?? '')}</p><table><tr><th>method</th><th>path</th><th>what</th><th>parameters</th></tr>${rows.join('')}</table>`;
  });
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title><style>
body{font:14px/1.5 system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}td.m{font-weight:bold}code{font-size:13px}
</style></head><body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description ?? '')}</p><p>OpenAPI 3.0 (JSON): <a href="${escapeHtml(definitionPath)}">${escapeHtml(
    base + definitionPath,
  )}</a> · ${(doc.tags ?? []).map((t) => `<a href="#${escapeHtml(t.name)}">${escapeHtml(t.name)}</a>`).join(' · ')}</p>${sections.join('')}</body></html>`;
}
