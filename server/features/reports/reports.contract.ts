/** Query shapes of the reports (the routes validate with them; tests use them for the error cases). */
import { z } from 'zod';
import { binary, json, type ApiGroup } from '../../http/endpoint.ts';
import { checkQuery } from '../check/check.contract.ts';

/** GET /api/reports/monthly.pdf */
export const monthlyQuerySchema = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
      .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, 'year out of range'),
    /** Street office: division code (or feature id). */
    street: z
      .string()
      .max(64)
      .regex(/^[\w-]+$/, 'must be a division code')
      .optional(),
  })
  .strict();

export type MonthlyQuery = z.infer<typeof monthlyQuerySchema>;

/** POST /api/reports/findings-snapshots: the month-end run (default: the month running now). */
export const snapshotQuerySchema = z.object({ month: monthlyQuerySchema.shape.month.optional() }).strict();

export const snapshotResponseSchema = z.object({
  month: z.string(),
  basis: z.enum(['month_end', 'report']),
  /** When the data was read (Pingcheng time). */
  takenAt: z.string(),
  /** false: the month had a snapshot already, which stays. */
  created: z.boolean(),
  rows: z.array(z.object({ rule: z.string(), article: z.string(), street: z.string(), outcome: z.enum(['violation', 'unverified']), n: z.number().int() })),
});

/** Content-Type of every report. */
export const PDF_TYPE = 'application/pdf';

export const reportsApi: ApiGroup = {
  tag: 'reports',
  description: 'A4 PDF reports.',
  endpoints: [
    {
      method: 'get',
      path: '/api/reports/check.pdf',
      summary: '点位核查报告: the site check of a point as a PDF with a map',
      query: checkQuery,
      responses: { 200: { description: 'The report.', content: { [PDF_TYPE]: binary } } },
    },
    {
      method: 'get',
      path: '/api/reports/monthly.pdf',
      summary: '月报: coverage and findings of a month, for the district or one street office',
      query: monthlyQuerySchema,
      responses: { 200: { description: 'The report.', content: { [PDF_TYPE]: binary } } },
    },
    {
      method: 'post',
      path: '/api/reports/findings-snapshots',
      summary: 'Records the findings counts of this month (or the one just ended) for the 月报 comparison; the first snapshot of a month stays',
      access: 'admin',
      query: snapshotQuerySchema,
      responses: { 200: { description: 'The month’s snapshot.', content: json(snapshotResponseSchema) } },
    },
  ],
};
