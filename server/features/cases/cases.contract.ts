/**
 * Requests and responses of the enforcement ledger (cases), as zod schemas: the routes parse
 * requests with them, the API tests parse responses with them, the client imports the types.
 */
import { z } from 'zod';
import { binary, geojson, json, type ApiGroup } from '../../http/endpoint.ts';
import { STATUSES } from './cases.workflow.ts';

export const statusSchema = z.enum(STATUSES);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

// ---------------------------------------------------------------------------------------------
// Requests

/** POST /api/cases: from a violation (rule + site) or by hand at a map point. */
export const createCaseBody = z.union([
  z
    .object({
      rule: z.string().min(1).max(100),
      layer: z.string().min(1).max(64),
      featureId: z.union([z.string().regex(/^\d{1,15}$/), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]),
      unit: text(200).optional(),
      assignee: text(200).optional(),
      deadline: day.optional(),
    })
    .strict(),
  z
    .object({
      rule: z.string().min(1).max(100).optional(),
      lng: z.number().finite().min(-180).max(180),
      lat: z.number().finite().min(-90).max(90),
      title: text(300).min(1),
      unit: text(200).optional(),
      assignee: text(200).optional(),
      deadline: day.optional(),
    })
    .strict(),
]);
export type CreateCaseBody = z.infer<typeof createCaseBody>;

/** POST /api/cases/{id}/transitions; unit/assignee/deadline may be set with the step (e.g. 交办). */
export const transitionBody = z
  .object({
    to: statusSchema,
    note: text(2000).optional(),
    override: z.boolean().optional(),
    unit: text(200).optional(),
    assignee: text(200).optional(),
    deadline: day.optional(),
  })
  .strict();
export type TransitionBody = z.infer<typeof transitionBody>;

/** PATCH /api/cases/{id} */
export const patchCaseBody = z
  .object({ unit: text(200).optional(), assignee: text(200).optional(), deadline: day.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** POST /api/cases/{id}/comments */
export const commentBody = z.object({ body: text(5000).min(1) }).strict();

/** POST /api/cases/bulk: open cases for every violation of a rule (in a street) with no open case. */
export const bulkBody = z.object({ rule: z.string().min(1).max(100), street: z.string().trim().min(1).max(100).optional() }).strict();

/** `{id}` of a case. */
export const caseIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
/** `{id}/attachments/{aid}` */
export const attachmentParams = caseIdParam.extend({ aid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** Filters of GET /api/cases[.geojson|.csv|.xlsx] */
export const caseListQuery = z
  .object({
    status: z
      .string()
      .max(200)
      .transform((s) => s.split(','))
      .pipe(z.array(statusSchema))
      .optional(),
    street: z.string().trim().min(1).max(100).optional(),
    rule: z.string().min(1).max(100).optional(),
    article: z.string().min(1).max(20).optional(),
    unit: z.string().trim().min(1).max(200).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    /** Open cases whose rule no longer flags the site. */
    readyForReview: z.enum(['true', 'false']).optional(),
    layer: z.string().min(1).max(64).optional(),
    featureId: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof caseListQuery>;

// ---------------------------------------------------------------------------------------------
// Responses

export const caseSchema = z.object({
  id: z.number().int(),
  rule: z.string().nullable(),
  article: z.string().nullable(),
  layer: z.string().nullable(),
  featureId: z.string().nullable(),
  title: z.string(),
  /** A point on the site (or the map point): where the map shows the case. */
  lng: z.number(),
  lat: z.number(),
  streetCode: z.string().nullable(),
  streetName: z.string().nullable(),
  unit: z.string(),
  assignee: z.string(),
  deadline: day,
  status: statusSchema,
  /** Past the deadline and not yet rectified (derived). */
  overdue: z.boolean(),
  /** Whether the rule still lists the site (either outcome) at the last sync; null: no rule or no site. */
  detected: z.boolean().nullable(),
  detectedOutcome: z.enum(['violation', 'unverified']).nullable(),
  /** Open, and the rule no longer flags the site: 问题线索已消除，待复核. */
  readyForReview: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const transitionSchema = z.object({
  id: z.number().int(),
  from: statusSchema.nullable(),
  to: statusSchema,
  note: z.string(),
  override: z.boolean(),
  /** null: the rules sync made this step */
  by: z.string(),
  system: z.boolean(),
  at: z.string(),
});

export const commentSchema = z.object({ id: z.number().int(), body: z.string(), by: z.string(), at: z.string() });

export const attachmentSchema = z.object({
  id: z.number().int(),
  filename: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  by: z.string(),
  at: z.string(),
  href: z.string(),
});

/** GET /api/cases/{id}, and the answer of every write to one case. */
export const caseDetailSchema = caseSchema.extend({
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
  /** The site's attributes when the case was opened (null for a map point). */
  snapshot: z.record(z.string(), z.unknown()).nullable(),
  /** The next statuses this user may choose now. */
  allowed: z.array(statusSchema),
  transitions: z.array(transitionSchema),
  comments: z.array(commentSchema),
  attachments: z.array(attachmentSchema),
});

export const caseResponseSchema = z.object({ case: caseDetailSchema });

const countsSchema = z.object({ open: z.number().int(), overdue: z.number().int(), rectifiedThisMonth: z.number().int() });

/** GET /api/cases */
export const caseListSchema = z.object({
  cases: z.array(caseSchema),
  counts: z.object({
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    overdue: z.number().int(),
    readyForReview: z.number().int(),
  }),
});

/** GET /api/cases/summary: per street office and responsible unit, and the 预警 list. */
export const summarySchema = z.object({
  streets: z.array(countsSchema.extend({ code: z.string().nullable(), name: z.string().nullable(), rank: z.number().int() })),
  units: z.array(countsSchema.extend({ unit: z.string() })),
  /** Units with overdue cases, most overdue first: who gets a 预警函. */
  warnings: z.array(
    z.object({ unit: z.string(), overdue: z.number().int(), oldestCaseId: z.number().int(), oldestDeadline: day, streetNames: z.array(z.string()) }),
  ),
});

/** POST /api/cases/bulk */
export const bulkResponseSchema = z.object({ created: z.array(z.number().int()), alreadyOpen: z.array(z.number().int()) });

/** POST /api/cases/sync */
export const syncResponseSchema = z.object({ checked: z.number().int(), changed: z.number().int(), reopened: z.array(z.number().int()) });

const caseAnswer = (description: string) => ({ description, content: json(caseResponseSchema) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const casesApi: ApiGroup = {
  tag: 'cases',
  description:
    'The enforcement ledger (问题清单/执法台账): cases from finding to closure after review. Signed-in users unless CASES_PUBLIC; street-office accounts see their streets.',
  endpoints: [
    {
      method: 'get',
      path: '/api/cases',
      summary: 'Cases with counts by status',
      query: caseListQuery,
      responses: { 200: { description: 'The cases.', content: json(caseListSchema) } },
    },
    {
      method: 'get',
      path: '/api/cases.geojson',
      summary: 'Cases as GeoJSON (download)',
      query: caseListQuery,
      responses: { 200: { description: 'cases-{date}.geojson', content: geojson() } },
    },
    {
      method: 'get',
      path: '/api/cases.csv',
      summary: 'Cases as CSV (UTF-8 BOM, download)',
      query: caseListQuery,
      responses: { 200: { description: 'cases-{date}.csv', content: { 'text/csv': binary } } },
    },
    {
      method: 'get',
      path: '/api/cases.xlsx',
      summary: 'Cases as XLSX with Chinese headers (sheets 案件 and 流转记录)',
      query: caseListQuery,
      responses: { 200: { description: 'cases-{date}.xlsx', content: { [XLSX]: binary } } },
    },
    {
      method: 'get',
      path: '/api/cases/summary',
      summary: 'Per street office and responsible unit, and the 预警 list',
      responses: { 200: { description: 'The summary.', content: json(summarySchema) } },
    },
    {
      method: 'post',
      path: '/api/cases',
      summary: 'Open a case from a violation (rule, layer, featureId) or at a map point (409 CASE_ALREADY_OPEN, NOT_DETECTED)',
      access: 'user',
      body: { content: json(createCaseBody) },
      responses: { 201: caseAnswer('The new case.') },
    },
    {
      method: 'post',
      path: '/api/cases/bulk',
      summary: 'A case for every new finding of a rule (in a street office)',
      access: 'user',
      body: { content: json(bulkBody) },
      responses: { 201: { description: 'Created and already open case ids.', content: json(bulkResponseSchema) } },
    },
    {
      method: 'post',
      path: '/api/cases/sync',
      summary: 'Re-check every case against the rules now (admins)',
      access: 'admin',
      responses: { 200: { description: 'What changed.', content: json(syncResponseSchema) } },
    },
    {
      method: 'get',
      path: '/api/cases/:id',
      summary: 'A case with its trail, comments, attachments and allowed next steps',
      params: caseIdParam,
      responses: { 200: caseAnswer('The case.') },
    },
    {
      method: 'patch',
      path: '/api/cases/:id',
      summary: 'Set the unit, assignee or deadline',
      access: 'user',
      params: caseIdParam,
      body: { content: json(patchCaseBody) },
      responses: { 200: caseAnswer('The case.') },
    },
    {
      method: 'post',
      path: '/api/cases/:id/transitions',
      summary: 'Move a case to its next status (409 INVALID_TRANSITION, STILL_DETECTED; 400 NOTE_REQUIRED)',
      access: 'user',
      params: caseIdParam,
      body: { content: json(transitionBody) },
      responses: { 200: caseAnswer('The case.') },
    },
    {
      method: 'post',
      path: '/api/cases/:id/comments',
      summary: 'Add a comment',
      access: 'user',
      params: caseIdParam,
      body: { content: json(commentBody) },
      responses: { 201: caseAnswer('The case.') },
    },
    {
      method: 'post',
      path: '/api/cases/:id/attachments',
      summary: 'Add evidence: a JPEG, PNG, WebP or PDF up to 10 MB (multipart `file`)',
      access: 'user',
      params: caseIdParam,
      body: { content: { 'multipart/form-data': { type: 'object', properties: { file: binary }, required: ['file'] } } },
      responses: { 201: caseAnswer('The case.') },
    },
    {
      method: 'get',
      path: '/api/cases/:id/attachments/:aid',
      summary: 'An attachment’s file',
      params: attachmentParams,
      responses: { 200: { description: 'The file.', content: { 'image/jpeg': binary, 'image/png': binary, 'image/webp': binary, 'application/pdf': binary } } },
    },
  ],
};

export type CaseView = z.infer<typeof caseSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type CaseTransition = z.infer<typeof transitionSchema>;
export type CaseComment = z.infer<typeof commentSchema>;
export type CaseAttachment = z.infer<typeof attachmentSchema>;
export type CaseList = z.infer<typeof caseListSchema>;
export type CaseSummary = z.infer<typeof summarySchema>;
export type CaseStatus = z.infer<typeof statusSchema>;
