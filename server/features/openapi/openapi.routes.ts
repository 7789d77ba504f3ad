import { Router, type Request } from 'express';
import { noQuery } from '../../http/endpoint.ts';
import { parseInput } from '../../http/validate.ts';
import { API_DEFINITION_PATH, API_PAGE_PATH, apiDefinitionQuery, OPENAPI_TYPE } from './openapi.contract.ts';
import { apiDefinition, apiPage } from './openapi.document.ts';

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** The API definition (OGC `service-desc`) and its page (`service-doc`). */
export function openapiRoutes(): Router {
  const r = Router();
  r.get(API_DEFINITION_PATH, (req, res) => {
    parseInput(apiDefinitionQuery, req.query);
    res.setHeader('Content-Type', OPENAPI_TYPE);
    // a Buffer: Express leaves the media type exactly as OGC API – Features names it (no charset added)
    res.send(Buffer.from(JSON.stringify(apiDefinition(baseUrl(req)))));
  });
  r.get(API_PAGE_PATH, (req, res) => {
    parseInput(noQuery, req.query);
    res.type('html').send(apiPage(baseUrl(req), API_DEFINITION_PATH));
  });
  return r;
}
