import type { Queryable } from '../../db/db.ts';

export interface ZoneShape {
  layer_id: string;
  name: string;
  /** GeoJSON of the part inside the box. */
  geometry: string;
}

/** Polygons of the given layers within a WGS84 box, cut to it (the report's map draws only what shows). */
export function zonesInBox(db: Queryable, box: readonly [number, number, number, number], layerIds: readonly string[]) {
  return db.query<ZoneShape>(
    `SELECT layer_id, name, ST_AsGeoJSON(ST_Intersection(geom, e.env), 7) AS geometry
       FROM features, (SELECT ST_MakeEnvelope($1, $2, $3, $4, 4326) AS env) e
      WHERE layer_id = ANY($5::text[]) AND geom && e.env AND ST_Intersects(geom, e.env)
      ORDER BY layer_id, id`,
    [...box, layerIds],
  );
}

export interface FindingsCountRow {
  rule: string;
  article: string;
  /** Street office code; '' = outside every street office. */
  street: string;
  outcome: 'violation' | 'unverified';
  n: number;
}

/** The stored snapshot of a month, if any. */
export async function findingsSnapshot(db: Queryable, month: string) {
  const [head] = await db.query<{ taken_at: string; trigger: 'month_end' | 'report' }>(
    `SELECT to_char(taken_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI') AS taken_at, trigger FROM findings_snapshots WHERE month = $1`,
    [month],
  );
  if (!head) return undefined;
  const rows = await db.query<FindingsCountRow>(
    'SELECT rule, article, street, outcome, n FROM findings_snapshot_counts WHERE month = $1 ORDER BY rule, street, outcome',
    [month],
  );
  return { takenAt: head.taken_at, trigger: head.trigger, rows };
}

/** Records a month's counts unless the month has a snapshot already (the first one stays); true when recorded. */
export async function insertFindingsSnapshot(
  db: Queryable,
  month: string,
  snapshot: { trigger: 'month_end' | 'report'; takenAt: Date },
  rows: readonly FindingsCountRow[],
): Promise<boolean> {
  const created = await db.query<{ month: string }>(
    'INSERT INTO findings_snapshots (month, trigger, taken_at) VALUES ($1, $2, $3::timestamptz) ON CONFLICT (month) DO NOTHING RETURNING month',
    [month, snapshot.trigger, snapshot.takenAt.toISOString()],
  );
  if (created.length === 0) return false;
  if (rows.length > 0)
    await db.query(
      `INSERT INTO findings_snapshot_counts (month, rule, article, street, outcome, n)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
      [month, rows.map((r) => r.rule), rows.map((r) => r.article), rows.map((r) => r.street), rows.map((r) => r.outcome), rows.map((r) => r.n)],
    );
  return true;
}
