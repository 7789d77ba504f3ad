/**
 * A fingerprint of all stored data: md5 over every feature (layer, id, WKB geometry, properties,
 * name, version) in a fixed order, plus each layer's revision and the history tables' sizes. Equal
 * fingerprints before and after = no row changed. Works on both databases (and on any schema the
 * connection's search_path points at).
 */
import type { Queryable } from '../../server/db/db.ts';

export interface DataChecksum {
  features: number;
  featuresMd5: string;
  layersMd5: string;
  historyEvents: number;
  historyChanges: number;
}

export async function dataChecksum(db: Queryable): Promise<DataChecksum> {
  const [row] = await db.query<DataChecksum>(
    `SELECT (SELECT count(*)::int FROM features) AS "features",
            (SELECT coalesce(md5(string_agg(layer_id || ':' || id || ':' || encode(ST_AsBinary(geom), 'hex') || ':' || properties::text || ':' || name || ':' || version || ':' || is_demo,
                                            '|' ORDER BY layer_id, id)), '') FROM features) AS "featuresMd5",
            (SELECT md5(string_agg(id || ':' || revision, '|' ORDER BY id)) FROM layers) AS "layersMd5",
            (SELECT count(*)::int FROM edit_events) AS "historyEvents",
            (SELECT count(*)::int FROM feature_changes) AS "historyChanges"`,
  );
  return row!;
}

export interface StateChecksum extends DataChecksum {
  accountsMd5: string;
}

/**
 * dataChecksum plus accounts: users, their layers, API tokens and sessions (everything a write
 * route could change; `last_used_at` / `last_seen_at` are left out, reading bumps them).
 */
export async function stateChecksum(db: Queryable): Promise<StateChecksum> {
  const [row] = await db.query<{ accountsMd5: string }>(
    `SELECT md5(concat_ws('#',
       (SELECT string_agg(concat_ws(':', id, username, display_name, role, password_hash, disabled), '|' ORDER BY id) FROM users),
       (SELECT string_agg(user_id || ':' || layer_id, '|' ORDER BY user_id, layer_id) FROM user_layers),
       (SELECT string_agg(concat_ws(':', id, user_id, name, token_hash, expires_at), '|' ORDER BY id) FROM api_tokens),
       (SELECT string_agg(token_hash || ':' || user_id, '|' ORDER BY token_hash) FROM sessions))) AS "accountsMd5"`,
  );
  return { ...(await dataChecksum(db)), accountsMd5: row!.accountsMd5 };
}
