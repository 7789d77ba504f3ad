/**
 * Sites and street offices for the ledger (cases) tests: two street offices side by side and
 * construction sites in each that break the "six 100 %" rule (hoarding not in place), loaded
 * through the app's own write path. `setProps` edits a site like an editor would (OGC PATCH with
 * If-Match), which is what the rules see.
 */
import request from 'supertest';
import type { Db } from '../../server/db/db.ts';
import { insertFixture } from '../fixtures/analytics-load.ts';
import { STREET_GUCHENG, STREET_YINGBIN } from '../fixtures/analytics-zones.ts';

type App = Parameters<typeof request>[0];

export const RULE = 'site.six_measures';
export const LAYER = 'construction_sites';
export const GUCHENG = String(STREET_GUCHENG.feature.properties!.code);
export const YINGBIN = String(STREET_YINGBIN.feature.properties!.code);

const SIX_OK = { hoarding: true, stockpile_covered: true, wet_earthwork: true, roads_hardened: true, vehicle_washing: true, sealed_transport: true };

/** A construction site at (lng, lat) without hoarding: it breaks site.six_measures and nothing else. */
export function addBrokenSite(db: Db, name: string, lng: number, lat: number): Promise<number> {
  return insertFixture(db, LAYER, {
    type: 'Feature',
    properties: { name, site_type: 'building', status: 'active', above_scale: false, ...SIX_OK, hoarding: false },
    geometry: { type: 'Point', coordinates: [lng, lat] },
  });
}

export async function addStreets(db: Db): Promise<void> {
  for (const s of [STREET_GUCHENG, STREET_YINGBIN]) await insertFixture(db, s.layer, s.feature);
}

/** Changes a site's attributes through the OGC API (Part 4 PATCH with If-Match), as an editor would. */
export async function setProps(app: App, layer: string, id: number, properties: Record<string, unknown>): Promise<void> {
  const url = `/ogc/collections/${layer}/items/${id}`;
  const got = await request(app).get(url).expect(200);
  await request(app).patch(url).set('If-Match', String(got.headers.etag)).send({ properties }).expect(200);
}

/** A fingerprint of every case table: equal before and after = no case, step, comment or file changed. */
export async function caseChecksum(db: Db): Promise<string> {
  const [row] = await db.query<{ sum: string }>(
    `SELECT concat_ws('#',
       (SELECT md5(string_agg(concat_ws(':', id, status, unit, assignee, deadline, detected, detected_outcome, updated_at, street_code), '|' ORDER BY id)) FROM cases),
       (SELECT count(*) FROM cases),
       (SELECT count(*) FROM case_transitions),
       (SELECT count(*) FROM case_comments),
       (SELECT count(*) FROM case_attachments)) AS sum`,
  );
  return row!.sum;
}
