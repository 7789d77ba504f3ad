/** Query shapes of the reports (the routes validate with them; tests use them for the error cases). */
import { z } from 'zod';
import { binary, type ApiGroup } from '../../http/endpoint.ts';
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
  ],
};
