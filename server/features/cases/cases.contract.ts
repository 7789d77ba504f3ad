/**
 * Requests and responses of the enforcement ledger (cases), as zod schemas: the routes parse
 * requests with them, the API tests parse responses with them, the client imports the types.
 */
import { z } from 'zod';
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

export type CaseView = z.infer<typeof caseSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;
export type CaseTransition = z.infer<typeof transitionSchema>;
export type CaseComment = z.infer<typeof commentSchema>;
export type CaseAttachment = z.infer<typeof attachmentSchema>;
export type CaseList = z.infer<typeof caseListSchema>;
export type CaseSummary = z.infer<typeof summarySchema>;
export type CaseStatus = z.infer<typeof statusSchema>;
