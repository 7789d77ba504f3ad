import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/db.ts';
import { checkInputFrom } from '../check/check.routes.ts';
import { localDate } from '../io/download.ts';
import { parseInput } from '../../http/validate.ts';
import { checkReportPdf } from './check-report.service.ts';
import { monthlyReportPdf } from './monthly-report.service.ts';
import { monthlyQuerySchema, PDF_TYPE, snapshotQuerySchema } from './reports.contract.ts';
import { monthEndSnapshot } from './findings-snapshot.service.ts';
import { requireAdmin } from '../auth/auth.middleware.ts';

function sendPdf(res: Response, pdf: Buffer, filename: string): void {
  res.setHeader('Content-Type', PDF_TYPE);
  res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(pdf);
}

/** The map view of a checked point, for the "view in the system" link printed in the report. */
const viewLink = (req: Request, lng: number, lat: number) =>
  `${req.protocol}://${req.host}/#map=15.00/${lat.toFixed(6)}/${lng.toFixed(6)}&check=${lng.toFixed(6)},${lat.toFixed(6)}`;

export function reportsRoutes(db: Db): Router {
  const r = Router();
  r.get('/api/reports/check.pdf', async (req, res) => {
    const input = checkInputFrom(req.query);
    const pdf = await checkReportPdf(db, input, (p) => viewLink(req, p.lng, p.lat));
    sendPdf(res, pdf, `check-report-${localDate()}.pdf`);
  });
  r.get('/api/reports/monthly.pdf', async (req, res) => {
    const q = parseInput(monthlyQuerySchema, req.query);
    sendPdf(res, await monthlyReportPdf(db, q), `monthly-report-${q.month}${q.street ? `-${q.street}` : ''}.pdf`);
  });
  r.post('/api/reports/findings-snapshots', requireAdmin, async (req, res) => {
    const q = parseInput(snapshotQuerySchema, req.query);
    res.json(await monthEndSnapshot(db, q.month));
  });
  return r;
}
