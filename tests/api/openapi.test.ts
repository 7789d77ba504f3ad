/**
 * The API definition (issue #21): generated from the contracts, it must list exactly the routes the
 * Express router has (a new route without an entry fails here), be a valid OpenAPI 3.0 document
 * whose references all resolve, be linked from the OGC landing page, and say what the routes do
 * (a limit past the documented maximum is refused).
 */
import { validate } from '@readme/openapi-parser';
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { API_GROUPS, openApiPath } from '../../server/features/openapi/openapi.document.ts';
import { landingPageSchema } from '../../server/features/ogc/ogc.contract.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { listRoutes } from '../helpers/routes.ts';

const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Takes lng/lat or x/y, one pair or the other: each is optional in the schema, one is required. */
const CHECK = '/api/check';

type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { parameters?: ({ $ref: string } | { name: string; in: string })[] }>>;
  components: { parameters: Record<string, { name: string; in: string; schema: { maximum?: number; default?: number } }> };
};

/** Every `$ref` in the document, with the JSON pointer it names. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), doc);
}

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let doc: Doc;
  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    const res = await request(app).get('/ogc/api').expect(200);
    expect(res.headers['content-type']).toBe(OPENAPI_TYPE);
    doc = JSON.parse(res.text) as Doc;
  });

  it('lists every route of the router, and only those', () => {
    const routed = listRoutes(app)
      .map((r) => `${r.method} ${openApiPath(r.path)}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(routed.length).toBeGreaterThan(60);
    expect(documented).toEqual(routed);
  });

  it('is a valid OpenAPI 3.0 document whose references all resolve', async () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) expect(resolvePointer(doc, ref), ref).toBeDefined();
    // the server is the one asked, so relative clients land here
    expect(doc.servers).toEqual([{ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) }]);
  });

  it('is linked from the landing page as service-desc and service-doc, and declares OAS 3.0 conformance', async () => {
    const landing = landingPageSchema.parse((await request(app).get('/ogc').expect(200)).body);
    const desc = landing.links.find((l) => l.rel === 'service-desc');
    const page = landing.links.find((l) => l.rel === 'service-doc');
    expect(desc?.type).toBe(OPENAPI_TYPE);
    expect(new URL(desc!.href).pathname).toBe('/ogc/api');
    expect(page?.type).toBe('text/html');
    const html = await request(app).get(new URL(page!.href).pathname).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    // readable offline: no script, nothing loaded from another host
    expect(html.text).not.toMatch(/<script|<link|\bsrc=/i);
    for (const path of Object.keys(doc.paths)) expect(html.text).toContain(path.replace(/&/g, '&#38;'));
    const { conformsTo } = (await request(app).get('/ogc/conformance').expect(200)).body as { conformsTo: string[] };
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30');
  });

  it('documents the items parameters the route enforces (limit, offset, bbox from the ogc contract)', async () => {
    const items = doc.paths['/ogc/collections/{id}/items']!.get!;
    const shared = (items.parameters ?? []).flatMap((p) => ('$ref' in p ? [p.$ref] : []));
    expect(shared).toEqual(expect.arrayContaining(['#/components/parameters/limit', '#/components/parameters/offset', '#/components/parameters/bbox']));
    // QGIS reads the page size limits from components/parameters/limit
    const limit = doc.components.parameters.limit!;
    expect(limit).toMatchObject({ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, default: 10 } });
    const max = limit.schema.maximum!;
    await request(app).get(`/ogc/collections/boilers/items?limit=${max}`).expect(200);
    const over = await request(app)
      .get(`/ogc/collections/boilers/items?limit=${max + 1}`)
      .expect(400);
    expect(over.body.error.code).toBe('INVALID_PARAMETER');
    const page = await request(app).get('/ogc/collections/boilers/items').expect(200);
    expect(page.body.numberReturned).toBeLessThanOrEqual(limit.schema.default!);
  });

  it('answers every GET without parameters in the shape its contract documents', async () => {
    const admin = testApp(db()); // an admin's requests: the admin lists too
    let checked = 0;
    for (const group of API_GROUPS)
      for (const e of group.endpoints) {
        const schema = e.responses[200]?.content?.['application/json'];
        const needsParameters = e.path.includes(':') || e.path === CHECK || (e.query !== undefined && !e.query.safeParse({}).success);
        if (e.method !== 'get' || needsParameters || !(schema instanceof z.ZodType)) continue;
        const res = await request(admin).get(e.path);
        expect(res.status, e.path).toBe(200);
        const parsed = schema.safeParse(res.body);
        expect(parsed.success ? [] : parsed.error.issues, e.path).toEqual([]);
        checked++;
      }
    expect(checked).toBeGreaterThan(12);
  });

  it('refuses parameters the definition does not give (the query objects are strict)', async () => {
    await request(app).get('/ogc/api?x=1').expect(400);
    await request(app).get('/ogc/api.html?x=1').expect(400);
  });
});
