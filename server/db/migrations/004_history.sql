-- 004: edit history. One edit_events row per user action (a create, an update, a delete, a restore,
-- an import, an undo), one feature_changes row per feature it touched with the full feature as
-- GeoJSON before and after (15 decimals: PostGIS prints the shortest text that reads back as the
-- same double, so a restore gives back the exact coordinates). Written in the same transaction as
-- the change itself: a change without its history cannot commit.

CREATE TABLE edit_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('create', 'update', 'delete', 'restore', 'import', 'undo')),
  layer_id      text NOT NULL REFERENCES layers (id),
  -- the account may be deleted later; the name it had stays in the audit trail
  user_id       bigint REFERENCES users (id) ON DELETE SET NULL,
  username      text NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  feature_count integer NOT NULL DEFAULT 0,
  summary       jsonb NOT NULL DEFAULT '{}'::jsonb,
  undoes        bigint REFERENCES edit_events (id),
  undone_by     bigint REFERENCES edit_events (id)
);
CREATE INDEX edit_events_at_idx ON edit_events (at);
CREATE INDEX edit_events_layer_idx ON edit_events (layer_id, at);
CREATE INDEX edit_events_user_idx ON edit_events (lower(username), at);

-- Versions: every state of a feature has its own number, deletions included (a delete moves
-- version n to the tombstone n + 1, a later restore creates n + 2), so an ETag never names two
-- different contents and the primary key below refuses any double-booked version.
CREATE TABLE feature_changes (
  event_id       bigint NOT NULL REFERENCES edit_events (id),
  layer_id       text NOT NULL,
  feature_id     bigint NOT NULL,
  version_before integer,
  version_after  integer NOT NULL,
  before         jsonb,
  after          jsonb,
  PRIMARY KEY (layer_id, feature_id, version_after),
  CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX feature_changes_event_idx ON feature_changes (event_id, feature_id);
