-- 008: the enforcement ledger (问题清单 / 执法台账). A case tracks one finding — a rule broken at a
-- site, or a complaint/patrol finding at a map point — from 发现 to 复核销号. The site's geometry
-- and attributes are copied when the case is opened, so the record survives later edits of the
-- site; every status change, comment and attachment is a row of its own, kept with the case.

-- A street-office account's scope: the street codes whose cases it sees and updates (empty = all).
ALTER TABLE users ADD COLUMN streets text[] NOT NULL DEFAULT '{}';

CREATE TABLE cases (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the rule (catalogue id) and its article; null for a manual case that names no rule
  rule_id         text CHECK (rule_id IS NULL OR length(rule_id) <= 100),
  article         text,
  -- the site; both null for a case opened at a map point
  layer_id        text REFERENCES layers (id),
  feature_id      bigint,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  geom            geometry(Geometry, 4326) NOT NULL,
  -- the site's attributes when the case was opened (null for a map point)
  snapshot        jsonb CHECK (snapshot IS NULL OR jsonb_typeof(snapshot) = 'object'),
  street_code     text,
  street_name     text,
  unit            text NOT NULL DEFAULT '' CHECK (length(unit) <= 200),
  assignee        text NOT NULL DEFAULT '' CHECK (length(assignee) <= 200),
  deadline        date NOT NULL,
  status          text NOT NULL DEFAULT 'found'
                  CHECK (status IN ('found', 'assigned', 'rectifying', 'rectified', 'closed', 'dismissed')),
  -- the rules' verdict at the last sync: null = not known (no site or no rule)
  detected        boolean,
  detected_outcome text CHECK (detected_outcome IS NULL OR detected_outcome IN ('violation', 'unverified')),
  detected_at     timestamptz,
  created_by      bigint REFERENCES users (id) ON DELETE SET NULL,
  created_by_name text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      bigint REFERENCES users (id) ON DELETE SET NULL,
  updated_by_name text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((layer_id IS NULL) = (feature_id IS NULL))
);
-- At most one open case per rule and site, enforced here so concurrent "open case" clicks cannot
-- both win; closed and dismissed cases stay beside the open one.
CREATE UNIQUE INDEX cases_one_open_idx ON cases (rule_id, layer_id, feature_id)
  WHERE status IN ('found', 'assigned', 'rectifying', 'rectified') AND rule_id IS NOT NULL AND feature_id IS NOT NULL;
CREATE INDEX cases_site_idx ON cases (layer_id, feature_id);
CREATE INDEX cases_street_idx ON cases (street_code, status);
CREATE INDEX cases_geom_idx ON cases USING gist (geom);

CREATE TABLE case_transitions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  -- an admin closed the case although the rule still flags the site
  override    boolean NOT NULL DEFAULT false,
  -- made by the rules sync (a closed case whose violation came back), not by a person
  by_system   boolean NOT NULL DEFAULT false,
  user_id     bigint REFERENCES users (id) ON DELETE SET NULL,
  username    text NOT NULL,
  at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX case_transitions_case_idx ON case_transitions (case_id, id);

CREATE TABLE case_comments (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id  bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  body     text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  user_id  bigint REFERENCES users (id) ON DELETE SET NULL,
  username text NOT NULL,
  at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX case_comments_case_idx ON case_comments (case_id, id);

-- Evidence lives in the database with its case, so a backup carries it.
CREATE TABLE case_attachments (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  filename   text NOT NULL CHECK (length(filename) <= 255),
  mime       text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size       integer NOT NULL CHECK (size BETWEEN 1 AND 10485760),
  sha256     text NOT NULL,
  data       bytea NOT NULL,
  -- where the photo says it was taken (EXIF GPS), when it says so
  lng        double precision,
  lat        double precision,
  user_id    bigint REFERENCES users (id) ON DELETE SET NULL,
  username   text NOT NULL,
  at         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id, id);
